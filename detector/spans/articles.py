"""Article calques: a sentence opened with "The" where English speaks of things in general bare.

Romance languages and German put the definite article before a noun taken in general ("Les
analystes", "Die Aktien"), so a translation word for word opens sentences with "The analysts
said", "The shares rose", "The prices start at", where English news writes "Analysts said",
"Shares rose". No synonym was swapped, so discovery cannot see it. English opens many sentences
with "The" too, about a thing already named, so a small LightGBM model weighs each
sentence-opening "The" and the word after it (`data/article_model.txt`, `python -m
detector.training.article_model`): how often modern prose writes "the" before the word against
how often it writes the word at all (`modern_bigrams`), the same for the next word, the
reference LM's and the web's view of "the" before it, and whether it is plural. It learned from
rule-based round trips (sentences whose source opened bare and whose round trip added "The")
against every sentence-opening "The" of clean prose; its threshold gives clean prose 0.2 false
spans per 1,000 words in cross-fitted probabilities. Unlike calques, one is enough
(`MIN_ARTICLES`): on the validation split, clean false spans 0.018 per 1,000 words with one,
0.0 with two, but two keep only 0.19 of the added articles instead of 0.52 (chosen there,
`benchmarks/experiments/articles.py`). The suggestion drops
the article ("The shares" -> "Shares"). Measured by `benchmarks/experiments/articles.py --test`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from detector.lm import modern_bigrams
from detector.lm.reference import Reference
from detector.model_files import PhraseScorer, load_phrase_scorer
from detector.resources import data_file
from detector.spans.contract import Section, SectionDetector, Settings
from detector.spans.noun_phrases import opens_sentence
from detector.text import FUNCTION_WORDS, Token
from detector.types import Span, SpanKind

MODEL_FILE = "article_model.txt"
MANIFEST_FILE = "article_model.json"
MIN_ARTICLES = 1
FEATURES: tuple[str, ...] = (
    "the_word_modern",  # log10 count of "the word" in modern prose
    "word_modern",  # the word's log share of modern prose
    "the_word_ratio",  # the two above, as a log ratio: how definite English takes the word
    "the_next_modern",  # the same for the word after it ("The net profit": "profit")
    "next_modern",
    "next_function",  # whether the next word is a function word (the noun phrase is one word)
    "lm_the_lift",  # log10 P(word | the) - log10 P(word): how much "the" predicts the word
    "the_word_web",  # log10 web count of "the word"
    "plural",
    "lm_the_phrase",  # log10 P(word, next | the)
    "lm_bare_phrase",  # log10 P(word, next)
)


@lru_cache(maxsize=1)
def load() -> PhraseScorer:
    """The article scorer, loaded once per process and checked on load."""
    return load_phrase_scorer(data_file(MODEL_FILE), data_file(MANIFEST_FILE), FEATURES)


def openers(text: str, tokens: Sequence[Token]) -> list[int]:
    """Indices of every sentence-opening "The" followed, after one space, by a lowercase content
    word (a capitalised one is a name: "The Guardian")."""
    out = []
    for i in range(len(tokens) - 1):
        the, word = tokens[i], tokens[i + 1]
        if the.lower != "the" or word.is_capitalized or word.is_function or not word.lower.isalpha():
            continue
        if text[the.end : word.start] == " " and opens_sentence(text, tokens, i):
            out.append(i)
    return out


def features(tokens: Sequence[Token], found: Sequence[int], ref: Reference) -> np.ndarray:
    """The FEATURES matrix of the openers at `found`."""
    if not found:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    ng = ref.ngrams
    the_id = int(ng.ids(["the"])[0])
    words = [tokens[i + 1].lower for i in found]
    nexts = [tokens[i + 2].lower if i + 2 < len(tokens) else "" for i in found]
    share = modern_bigrams.word_log_frequency(len(ng.words))
    rows = []
    for word, after, wid, aid in zip(words, nexts, ng.ids(words), ng.ids(nexts)):
        the_word, the_next = modern_bigrams.log_count(np.full(2, the_id), np.array([wid, aid]))
        word_share = float(share[wid]) if wid >= 0 else np.nan
        unigram = float(ng.unigram[wid]) if wid >= 0 else 0.0
        rows.append(
            [
                the_word,
                word_share,
                the_word - (word_share if wid >= 0 else 0.0),
                the_next,
                float(share[aid]) if aid >= 0 else np.nan,
                float(not after or after in FUNCTION_WORDS),
                ref.context_logprob(["the", word], 1) - unigram,
                ref.web_log_count("the", word),
                float(word.endswith("s")),
                ref.context_logprob(["the", word, after], 1) if after else np.nan,
                ref.context_logprob([word, after], 0) if after else np.nan,
            ]
        )
    return np.array(rows, dtype=np.float32)


def find_articles(text: str, tokens: Sequence[Token], ref: Reference, model: PhraseScorer | None = None) -> list[Span]:
    """The sentence-opening articles of one section that read as translated; none when fewer
    than MIN_ARTICLES do."""
    found = openers(text, tokens)
    if len(found) < MIN_ARTICLES:
        return []
    model = model or load()
    probs = model.probabilities(features(tokens, found, ref))
    spans = [_span(text, tokens, i, float(p)) for i, p in zip(found, probs) if p >= model.threshold]
    return spans if len(spans) >= MIN_ARTICLES else []


def _span(text: str, tokens: Sequence[Token], i: int, prob: float) -> Span:
    """ "The word", suggesting the word alone with the capital."""
    word = tokens[i + 1].text
    bare = word[0].upper() + word[1:]
    start, end = tokens[i].start, tokens[i + 1].end
    return Span(
        start=start,
        end=end,
        text=text[start:end],
        kind=SpanKind.CALQUE,
        score=round(prob, 4),
        reason=(
            f'reads as translated word for word ({prob:.0%}): English opens with "{bare}", without the article, '
            "for things in general; Romance languages and German put one there"
        ),
        suggestion=bare,
    )


class ArticleCalques(SectionDetector):
    """Sentences opened with "The" where English writes the noun bare: an article translated word for word."""

    name = "article_calques"
    kind = SpanKind.CALQUE

    def enabled(self, settings: Settings) -> bool:
        return settings.discover

    def find(self, section: Section, settings: Settings) -> list[Span]:
        return find_articles(section.text, section.tokens, section.reference)
