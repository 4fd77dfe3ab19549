"""Reading "head of (the|a|an) modifier" phrases: where a noun phrase ends, and what is a name.

The calque detector (`spans.calques`), its phrase counts (`training.of_phrases`) and its
training gold (`training.calque_model`) must read the same phrases, so they read them here. A
phrase is read only where its modifier ends the noun phrase: in "the rates of low interest" the
modifier is "interest", not "low", and in "the plans of pension reform" it is no single word.
The phrase ends where the text does, at punctuation other than a number, at a function word
that joins no second modifier, or at a word that is never a noun ("the unit of the company
sank": `clause_words`, from WordNet). A capitalised modifier is a name and runs to its last
capitalised word ("of the West Coast"); a capitalised head inside a sentence is part of a name
("the Bank of England") and is not read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from detector.lm.thesaurus import lemmas
from detector.model_files import table_rows
from detector.resources import data_file
from detector.text import Token

CLAUSE_WORDS_FILE = "clause_words.tsv"
ARTICLES = frozenset({"the", "a", "an"})
MAX_NAME = 4  # words of a capitalised name read as one modifier


def of_phrases(text: str, tokens: Sequence[Token]) -> Iterator[tuple[int, int]]:
    """(head, modifier) token indices of every "head of (the|a|an) modifier" written with spaces
    only between its words, whose head and modifier are alphabetic content words; a capitalised
    modifier is a name and runs to its last capitalised word ("of the West Coast": "Coast"), the
    word its compound or possessive joins to the head. The counting and the detector read the
    same phrases."""
    for k in range(1, len(tokens) - 1):
        if tokens[k].lower != "of":
            continue
        m = k + 2 if tokens[k + 1].lower in ARTICLES and k + 2 < len(tokens) else k + 1
        head, modifier = tokens[h := k - 1], tokens[m]
        if head.is_function or modifier.is_function or not (head.lower.isalpha() and modifier.lower.isalpha()):
            continue
        if not all(text[tokens[i].end : tokens[i + 1].start].isspace() for i in range(h, m)):
            continue
        yield h, name_end(text, tokens, m) if modifier.is_capitalized else m


def name_end(text: str, tokens: Sequence[Token], m: int) -> int:
    """The last of up to MAX_NAME capitalised alphabetic words from token `m`, spaces between."""
    end = m
    while end + 1 < len(tokens) and end - m + 1 < MAX_NAME:
        after = tokens[end + 1]
        word = after.is_capitalized and after.lower.isalpha() and not after.is_function
        if not (word and text[tokens[end].end : after.start] == " "):
            break
        end += 1
    return end


def opens_sentence(text: str, tokens: Sequence[Token], i: int) -> bool:
    """Whether token `i` is the first of the text or follows sentence-ending punctuation or a line
    break: a capital there says nothing about a name."""
    return i == 0 or any(c in ".!?\n" for c in text[tokens[i - 1].end : tokens[i].start])


def candidates(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """The "of" phrases the detector weighs: those whose modifier ends the noun phrase, with a
    modifier that is a name or a lowercase word other than an "-ly" adverb, and a head that is
    lowercase or opens a sentence (a capitalised head inside a sentence is part of a name:
    "the Bank of England")."""
    out = []
    for h, m in of_phrases(text, tokens):
        head, modifier = tokens[h], tokens[m]
        # A capitalised head before a name is a title in title case ("Tales of Old Town").
        head_ok = not head.is_capitalized or (opens_sentence(text, tokens, h) and not modifier.is_capitalized)
        modifier_ok = modifier.is_capitalized or not modifier.lower.endswith("ly")
        if head_ok and modifier_ok and ends_phrase(text, tokens, m):
            out.append((h, m))
    return out


def ends_phrase(text: str, tokens: Sequence[Token], m: int) -> bool:
    """Whether the noun phrase ends at token `m`: the text ends, punctuation other than a number
    follows, a word that is never a noun ("the unit of the company sank", `clause_words`), or a
    function word that does not join another modifier to the same noun ("full and equal
    opportunity"). A word running on without a space ("U.S.", "COVID-19") ends nothing."""
    after = tokens[m + 1] if m + 1 < len(tokens) else None
    gap = text[tokens[m].end : after.start if after else len(text)]
    runs_on = after is not None and gap != "" and all(c in ".-/'" for c in gap)
    if runs_on or any(c.isdigit() for c in gap):
        return False
    if after is None or after.segment != tokens[m].segment:
        return True
    if not after.is_function:
        return after.lower in clause_words()
    if after.lower in ("and", "or") and m + 3 < len(tokens):
        joined, noun = tokens[m + 2], tokens[m + 3]
        return not (joined.segment == noun.segment == after.segment and not joined.is_function and not noun.is_function)
    return True


@lru_cache(maxsize=1)
def clause_words() -> frozenset[str]:
    """Words WordNet never reads as a noun (`data/clause_words.tsv`, `python -m
    detector.training.clause_words`): after a modifier, the noun phrase has ended."""
    return frozenset(row[0] for row in table_rows(data_file(CLAUSE_WORDS_FILE), width=1))


def compound_forms(modifier: str) -> list[str]:
    """The modifier as written and its singular readings: English compounds take the singular."""
    return [modifier, *(lemma for lemma, tag in lemmas(modifier) if tag == "s")]


def first_modifier(tokens: Sequence[Token], h: int) -> int:
    """The modifier's first token: after "of" and any article."""
    return h + 3 if tokens[h + 2].lower in ARTICLES else h + 2
