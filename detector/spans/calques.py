"""Calques: English compounds and possessives turned into "of" phrases by a translation.

Romance, Slavic and many other languages write a noun's modifier after it with a preposition
("umbrales de amplitud"), so a machine or human round trip through them brings English
compounds back inside out: "amplitude thresholds" -> "thresholds of amplitude", "attention
module" -> "module of attention", "the state's climate plan" -> "the plan of climate of the
state". No synonym was swapped, so discovery cannot see it; counting can. English writes both
forms for some pairs ("the price of oil", "oil price") but only the compound for many, so a
"head of (the|a|an) modifier" phrase is weighed by a small LightGBM model (`data/calque_model.txt`,
`python -m detector.training.calque_model`) on counts: how often modern prose writes the phrase
(`data/of_phrases.npz`, `python -m detector.training.of_phrases`) and the compound "modifier
head" (`modern_bigrams`, `web_bigrams`), how readily each word heads an "of" phrase, takes a
modifier or modifies, and the reference LM's view of both orders. It learned from the calques
of rule-based round trips against the "of" phrases of clean prose. The suggestion is the
compound, its modifier in the singular where that is what English writes ("contents of
chlorides" -> "chloride contents"); a chain of calques is one span with the modifiers innermost
first ("the levels of peroxide of hydrogen" -> "the hydrogen peroxide levels").

Which phrases are read, where a noun phrase ends and what a name is: `spans.noun_phrases`. A
name's calque is weighed on how its head takes names ("the people of Maryland" is English,
"the engineers of Harwood" is "Harwood's engineers") and suggested as its possessive. A text
with a single suspect phrase reports none (`MIN_CALQUES`); one with two reads as translated, and
its weaker suspects are reported too (`SUPPORTED_THRESHOLD`), as they are in a text the
document heads read as machine-translated (the second look `api.examine` gives it). Measured on test
round trips and clean test prose by `benchmarks/experiments/calques.py --test`
(docs/experiments.md, "Back-translated phrasing: calques found by counting", "Calques: names,
phrases ending before a verb", "Calques: weaker phrases once a text holds two clear ones" and
"Calques in a text that reads as translated").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from detector.lm import modern_bigrams
from detector.lm.reference import Reference
from detector.model_files import PhraseScorer, load_phrase_scorer
from detector.resources import data_file
from detector.spans.contract import Section, SectionDetector, Settings
from detector.spans.noun_phrases import ARTICLES, candidates, compound_forms, first_modifier
from detector.text import Token, indefinite_article
from detector.types import Span, SpanKind

MODEL_FILE = "calque_model.txt"
MANIFEST_FILE = "calque_model.json"
WEB_SHIFT = 4.0  # log10 web count that weighs like one count in the modern prose
# A translation turns compounds inside out all through a text; a lone suspect "of" phrase is as
# often a writer's choice. One is not reported (clean test prose 0.18 -> 0.03 false spans per
# 1,000 words; calques found in round trips of eight sentences through Spanish 0.44 -> 0.39).
MIN_CALQUES = 2
# Once MIN_CALQUES phrases of a text clear the scorer's threshold, the text reads as translated
# and its weaker suspects are reported too, down to this probability (chosen on the validation
# round trips: the most calques found while at least 0.6 of the phrases flagged are gold on each
# pivot; test round trips through Spanish / Galician 0.422 / 0.359 -> 0.530 / 0.451 found, clean
# test prose 0.028 false spans per 1,000 words either way; docs/experiments.md).
SUPPORTED_THRESHOLD = 0.7
FEATURES: tuple[str, ...] = (
    "phrase_seen",  # log10(1 + how often modern prose writes "head of modifier")
    "compound_modern",  # log10 count of the compound "modifier head" in modern prose (modifier as written or singular)
    "compound_web",  # log10 web count of the compound
    "head_of_total",  # how often the head opens any "of" phrase
    "modifier_of_total",  # how often the modifier closes one
    "modifier_before_total",  # how often the modifier stands before a content word
    "head_after_total",  # how often the head stands after a content word
    "head_modern",  # modern prose's log share of each word
    "modifier_modern",
    "head_unigram",  # the reference LM's log10 unigram probability of each word
    "modifier_unigram",
    "article",  # 0 none, 1 "the", 2 "a"/"an" between "of" and the modifier
    "head_plural",
    "modifier_plural",
    "lm_phrase",  # log10 P(of, modifier | head)
    "lm_compound",  # log10 P(modifier, head), the likelier modifier form
    "modifier_words",  # words of the modifier: 1, or a name's ("of the West Coast": 2)
    "name",  # whether the modifier is capitalised (a name)
    "head_of_name",  # log10(1 + how often modern prose writes the head before "of" and a name)
    "head_possessive",  # ... after a name's possessive ("Harwood's engineers")
    "head_after_name",  # ... right after a name ("Maryland lawmakers")
)
_ARTICLE_CODES = {"the": 1.0, "a": 2.0, "an": 2.0}


@lru_cache(maxsize=1)
def load() -> PhraseScorer:
    """The calque scorer, loaded once per process and checked on load."""
    return load_phrase_scorer(data_file(MODEL_FILE), data_file(MANIFEST_FILE), FEATURES)


def _compound(head: str, forms: list[str], ref: Reference) -> tuple[float, float, str]:
    """(modern log count, web log count, modifier form) of the best-attested compound "form head"."""
    ids = ref.ngrams.ids([*forms, head])
    modern = modern_bigrams.log_count(ids[:-1], np.full(len(forms), ids[-1]))
    web = [ref.web_log_count(form, head) for form in forms]
    best = int(np.argmax([max(float(m), w - WEB_SHIFT) for m, w in zip(modern, web)]))
    return float(modern.max()), max(web), forms[best]


def _pair_values(tokens: Sequence[Token], h: int, m: int, ref: Reference) -> tuple[list[float], str]:
    """The features read off one phrase's own words and the LM (the per-word totals come in
    `features`), and the compound's modifier form."""
    head, modifier = tokens[h].lower, tokens[m].lower
    forms = compound_forms(modifier)
    modern, web, form = _compound(head, forms, ref)
    lm_compound = max(ref.context_logprob([f, head], 0) for f in forms)
    values = [
        modern,
        web,
        _ARTICLE_CODES.get(tokens[m - 1].lower, 0.0),
        float(head.endswith("s")),
        float(modifier.endswith("s")),
        ref.context_logprob([head, "of", modifier], 1),
        lm_compound,
    ]
    return values, form


def features(tokens: Sequence[Token], pairs: Sequence[tuple[int, int]], ref: Reference) -> tuple[np.ndarray, list[str]]:
    """The FEATURES matrix of `pairs`, and each pair's compound modifier form."""
    if not pairs:
        return np.zeros((0, len(FEATURES)), dtype=np.float32), []
    ng = ref.ngrams
    heads = ng.ids([tokens[h].lower for h, _ in pairs])
    modifiers = ng.ids([tokens[m].lower for _, m in pairs])

    def per_id(values: np.ndarray, ids: np.ndarray) -> np.ndarray:
        return np.where(ids >= 0, values[np.maximum(ids, 0)], np.nan)

    seen = np.log10(modern_bigrams.count(heads, modifiers, modern_bigrams.OF_PHRASES) + 1.0)
    share = modern_bigrams.word_log_frequency(len(ng.words))
    values, forms = zip(*(_pair_values(tokens, h, m, ref) for h, m in pairs))
    own = np.array(values, dtype=np.float64)
    columns = [
        seen,
        own[:, 0],
        own[:, 1],
        per_id(modern_bigrams.word_totals(modern_bigrams.OF_PHRASES, 0), heads),
        per_id(modern_bigrams.word_totals(modern_bigrams.OF_PHRASES, 1), modifiers),
        per_id(modern_bigrams.word_totals(modern_bigrams.TABLE_FILE, 0), modifiers),
        per_id(modern_bigrams.word_totals(modern_bigrams.TABLE_FILE, 1), heads),
        per_id(share, heads),
        per_id(share, modifiers),
        per_id(ng.unigram, heads),
        per_id(ng.unigram, modifiers),
        *own[:, 2:].T,
        [m - first_modifier(tokens, h) + 1 for h, m in pairs],
        [float(tokens[m].is_capitalized) for _, m in pairs],
        *modern_bigrams.name_log_counts(heads).T,
    ]
    return np.column_stack(columns).astype(np.float32), list(forms)


def find_calques(
    text: str, tokens: Sequence[Token], ref: Reference, model: PhraseScorer | None = None, *, translated: bool = False
) -> list[Span]:
    """The "of" phrases of one section that read as calques, each with its compound: none unless
    MIN_CALQUES clear the scorer's threshold, and then every one above SUPPORTED_THRESHOLD. A text
    the document heads already read as `translated` needs no clear ones: MIN_CALQUES above
    SUPPORTED_THRESHOLD will do."""
    pairs = candidates(text, tokens)
    if len(pairs) < MIN_CALQUES:
        return []
    model = model or load()
    matrix, forms = features(tokens, pairs, ref)
    probs = model.probabilities(matrix)
    floor = min(model.threshold, SUPPORTED_THRESHOLD)
    if int((probs >= (floor if translated else model.threshold)).sum()) < MIN_CALQUES:
        return []
    found = [
        (Phrase(h, m, form), float(p), round(float(10 ** row[0]) - 1))
        for (h, m), form, p, row in zip(pairs, forms, probs, matrix)
        if p >= floor
    ]
    return [
        _span(text, tokens, [phrase for phrase, _, _ in chain], max(p for _, p, _ in chain), min(n for *_, n in chain))
        for chain in _chains(found)
    ]


class Phrase(NamedTuple):
    """One "head of modifier" phrase: token indices and the modifier's compound form."""

    h: int
    m: int
    form: str


def _chains(found: list[tuple[Phrase, float, int]]) -> list[list[tuple[Phrase, float, int]]]:
    """Found phrases in text order, a phrase whose head is the previous one's modifier joined to
    it: "the levels of peroxide of hydrogen" is one calque of "the hydrogen peroxide levels", not
    two overlapping ones of which only one could be shown."""
    chains: list[list[tuple[Phrase, float, int]]] = []
    for item in sorted(found, key=lambda item: item[0].h):
        if chains and chains[-1][-1][0].m == item[0].h:
            chains[-1].append(item)
        else:
            chains.append([item])
    return chains


def _span(text: str, tokens: Sequence[Token], chain: Sequence[Phrase], prob: float, seen: int) -> Span:
    """The span from the first head (or the article before it, which the new wording may change)
    to the last modifier, suggesting the compound "modifier head" (modifiers innermost first for a
    chain: "hydrogen peroxide levels"), or a name's possessive, in the capitalisation of the
    span's first word."""
    h, m = chain[0].h, chain[-1].m
    first, wording = (
        _name_wording(text, tokens, chain) if tokens[m].is_capitalized else _compound_wording(tokens, chain)
    )
    if tokens[first].is_capitalized:
        wording = wording[0].upper() + wording[1:]
    start, end = tokens[first].start, tokens[m].end
    times = "never" if seen == 0 else "once" if seen == 1 else f"only {seen} times"
    english = wording if tokens[m].is_capitalized or first == h else wording.split(" ", 1)[1]
    return Span(
        start=start,
        end=end,
        text=text[start:end],
        kind=SpanKind.CALQUE,
        score=round(prob, 4),
        reason=(
            f'reads as translated word for word ({prob:.0%}): English writes "{english}", '
            f"and the reference prose writes this wording {times}"
        ),
        suggestion=wording,
    )


def _article_before(tokens: Sequence[Token], h: int) -> str | None:
    """The article right before the head, in its segment."""
    before = tokens[h - 1] if h > 0 else None
    return (
        before.lower
        if before is not None and before.lower in ARTICLES and before.segment == tokens[h].segment
        else None
    )


def _written(tokens: Sequence[Token], phrase: Phrase) -> str:
    """The modifier as a compound writes it: its singular form, or as written ("pH" keeps its
    letters)."""
    return tokens[phrase.m].text if phrase.form == tokens[phrase.m].lower else phrase.form


def _compound_wording(tokens: Sequence[Token], chain: Sequence[Phrase]) -> tuple[int, str]:
    """(first token, "modifiers head"), taking in an indefinite article that must agree."""
    h = chain[0].h
    modifiers = [_written(tokens, phrase) for phrase in reversed(chain)]
    compound = " ".join([*modifiers, tokens[h].text.lower()])
    if _article_before(tokens, h) in ("a", "an"):
        return h - 1, f"{indefinite_article(modifiers[0].lower())} {compound}"
    return h, compound


def _name_wording(text: str, tokens: Sequence[Token], chain: Sequence[Phrase]) -> tuple[int, str]:
    """(first token, wording) for a name: "the engineers of Harwood" -> "Harwood's engineers",
    "the ports of the West Coast" -> "the West Coast's ports", "a manager of Harwood" -> "a
    Harwood manager" (a possessive would say which manager), "the plan of tax of Harwood" ->
    "Harwood's tax plan"."""
    h = chain[0].h
    first_name = first_modifier(tokens, chain[-1].h)
    name = text[tokens[first_name].start : tokens[chain[-1].m].end]
    head = " ".join([*(_written(tokens, phrase) for phrase in reversed(chain[:-1])), tokens[h].text.lower()])
    article = _article_before(tokens, h)
    if article in ("a", "an"):
        return h - 1, f"{indefinite_article(name.lower())} {name} {head}"
    possessive = f"{name}'" if name.endswith("s") else f"{name}'s"
    if tokens[first_name - 1].lower == "the":
        possessive = f"the {possessive}"
    return (h - 1 if article == "the" else h), f"{possessive} {head}"


class Calques(SectionDetector):
    """ "Of" phrases where English writes a compound: wording translated word for word."""

    name = "calques"
    kind = SpanKind.CALQUE

    def enabled(self, settings: Settings) -> bool:
        return settings.discover

    def find(self, section: Section, settings: Settings) -> list[Span]:
        return find_calques(section.text, section.tokens, section.reference, translated=settings.translated)
