"""What a reviewer reads: document reasons and span reasons in plain words, never in the model's units.

Reasons once read "how strongly neighbouring words belong together: 0.33 (mean log10 ratio...)"
and "about 1 times more likely here"; a reviewer must understand them without knowing the
features. Checked on the bundled samples through the public API, and on the wording helpers.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from detector import score
from detector.batch import records
from detector.document import model as doc_model
from detector.spans.contract import times_phrase
from detector.types import Report

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
JARGON = ("log10", "log-odds", "Zipf", "ratio;", "(mean", "percentile", "e+", "1e")


@cache
def _reports() -> tuple[Report, ...]:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.html"))
    found = [r for p in paths for r in records.read([str(p)])]
    found += list(records.read([str(SAMPLES / "review_batch.jsonl")]))[::4]  # every fourth of the batch
    return tuple(score(r.text, format=r.format) for r in found if r.text is not None)  # type: ignore[arg-type]


def test_document_reasons_carry_no_model_units() -> None:
    reasons = [reason for report in _reports() for reason in report.reasons]
    assert len(reasons) > 20
    for reason in reasons:
        assert not any(word in reason for word in JARGON), reason
        assert reason.startswith(("+ ", "- ")), reason


def test_span_reasons_give_a_readable_ratio() -> None:
    reasons = [s.reason for report in _reports() for s in report.spans if "more likely here" in s.reason]
    assert len(reasons) > 20
    for reason in reasons:
        if "slightly more likely here" in reason:  # under twice as likely: no number to misread
            continue
        ratio = re.search(r"about (.+?) times more likely here", reason)
        assert ratio, reason
        number, *magnitude = ratio.group(1).split()  # "133", "1.7 million"
        scale = {"million": 1e6, "billion": 1e9, "trillion": 1e12}[magnitude[0]] if magnitude else 1.0
        assert float(number.replace(",", "")) * scale >= 2 and not re.search(r"\de\d", ratio.group(1))


@pytest.mark.parametrize(
    ("log10", "words"),
    [(-1.0, "1.0 times"), (0.15, "1.4 times"), (0.3, "2 times"), (2.124, "133 times"), (7.5, "32 million times"),
     (9.5, "3.2 billion times"), (40.0, "1 trillion times")],
)  # fmt: skip
def test_times_phrase_in_words(log10: float, words: str) -> None:
    assert times_phrase(log10) == words


@pytest.mark.parametrize(
    ("name", "value", "typical", "words"),
    [
        ("lm_pmi_mean", 0.12, 0.64, ("how strongly neighbouring words belong together: about 3 times lower than in "
         "typical clean text")),
        ("lm_pmi_mean", 0.60, 0.64, ("how strongly neighbouring words belong together: about the same as in typical "
         "clean text")),
        ("lm_bigram_p10", -5.0, -5.2, ("how probable the least probable tenth of word pairs are: slightly higher than "
         "in typical clean text")),
        ("zipf_mean", 4.0, 5.0, "how common the words are: about 10 times lower than in typical clean text"),
        ("lm_pmi_mean", 0.33, None, "how strongly neighbouring words belong together: 0.33 (mean log10 ratio)"),
        ("log_words", 2.31, 3.0, "length of the main text: 204 words (typical clean text 1,000 words)"),
        ("mattr", 0.86, 0.78, ("share of different words in each stretch of 50 words (lexical diversity): 86% "
         "(typical clean text 78%)")),
        ("window_mean", 0.18, 0.13, "how likely the average word pair is a synonym swap: 18% (typical clean text 13%)"),
        ("word_length_mean", 5.59, 5.07, "mean word length: 5.6 letters (typical clean text 5.1 letters)"),
        ("suspect_windows_per_1k", 12.34, 3.0, ("12.3 word pairs that read like a synonym swap per 1,000 words "
         "(typical clean text 3.0)")),
        ("mattr", float("nan"), 0.78, ("share of different words in each stretch of 50 words (lexical diversity): "
         "not measurable in a text this short")),
        ("sentence_words_sd", float("nan"), 8.3, ("how much sentence lengths vary (standard deviation): not "
         "measurable in a text this short")),
    ],
)  # fmt: skip
def test_features_read_in_plain_words(name: str, value: float, typical: float | None, words: str) -> None:
    """Log-scale features read as a multiple of typical clean text (the unit only when no typical
    value is known); shares, probabilities, counts and lengths read as they are."""
    assert doc_model._describe(name, value, typical) == words
