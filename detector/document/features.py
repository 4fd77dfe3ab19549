"""Document features: what the document classifier sees, each named and explained.

Spans say where a text looks spun; a reviewer sorting thousands of pages needs one number
per page, and that number should also hear what spans cannot: a whole text of rare words
where common ones would do, language-model surprise spread thinly over every sentence,
machine-translation stiffness. Features come from four places, all computed on the main
text only (never on menus and footers):

- span evidence: densities and strengths of listed and discovered tortured phrases;
- the reference LM (the span engine's bigram tables): how probable the word pairs are;
- word choice: rarity (wordfreq) and the "spinner vocabulary" signal, how much more common
  the most common thesaurus neighbour of each word is; the translationese words
  (`lm.translationese`), how far it leans the way machine translation leans;
- style and the text layer: function words, sentence lengths, lexical diversity,
  repetition and boilerplate statistics from `Report.quality`.

`TextProfile` accumulates token statistics section by section, so long texts stay flat in
memory; `vector` turns a finished profile, the spans and the quality stats into the model's
input in `FEATURE_NAMES` order. `FEATURE_TEXT` holds the words a reviewer reads as reasons.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from detector.lm import translationese
from detector.spans.mt_words import WORD_FEATURES
from detector.text import Token
from detector.types import LISTED_KINDS, TRANSLATED_KINDS, Quality, Span, SpanKind

# name -> (what it measures, in words a reviewer reads; unit)
FEATURES: dict[str, tuple[str, str]] = {
    "fingerprint_per_1k": ("known tortured phrases", "per 1,000 words"),
    "discovery_per_1k": ("newly found tortured phrases", "per 1,000 words"),
    "discovery_strength_per_1k": ("strength of newly found tortured phrases", "per 1,000 words"),
    "discovery_max": ("how likely the strongest newly found phrase is a tortured phrase", "probability"),
    "span_word_share": ("share of words inside suspect phrases", "share"),
    "suspect_windows_per_1k": ("word pairs that read like a synonym swap", "per 1,000 words"),
    "weak_windows_per_1k": ("word pairs with some sign of a synonym swap", "per 1,000 words"),
    "top_window_mean": ("how likely the five most suspect word pairs are synonym swaps", "probability"),
    "window_mean": ("how likely the average word pair is a synonym swap", "probability"),
    "window_p90": ("how likely the most suspect tenth of word pairs are synonym swaps", "probability"),
    "mt_word_mean": ("how much the words read like machine translation", "probability"),
    "mt_word_high_share": ("share of words a post-editor would likely change", "share"),
    "mt_sentence_max_mean": ("how machine-translated the most suspect word of each sentence reads", "mean probability"),
    "mt_sentence_strong_share": ("share of sentences with a word a post-editor would almost surely change", "share"),
    "mt_edit_mean": (
        "how much the words read like machine translation rather than a human's correction",
        "mean log-odds",
    ),
    "mt_edit_sentence_max_mean": (
        "how much the most machine-like word of each sentence reads like machine translation rather than a correction",
        "mean log-odds",
    ),
    "bt_word_mean": ("how much the wording reads like a machine round trip (back-translation)", "mean probability"),
    "bt_word_high_share": ("share of words that read like a machine round trip's changes", "share"),
    "translationese_mean": (
        "how far the word choice leans toward machine translation's (common, Latinate words over phrasal verbs)",
        "points",
    ),
    "lm_bigram_mean": ("how probable the word pairs are to the reference language model", "mean log10"),
    "lm_bigram_p10": ("how probable the least probable tenth of word pairs are", "10th percentile log10"),
    "lm_attested_share": ("share of word pairs the reference language model has seen", "share"),
    "lm_unknown_share": ("share of words the reference language model does not know", "share"),
    "lm_pmi_mean": ("how strongly neighbouring words belong together", "mean log10 ratio"),
    "lm_function_pair_mean": ("how probable the pairs with a function word are", "mean log10"),
    "zipf_mean": ("how common the words are", "mean Zipf frequency"),
    "rare_word_share": ("share of rare words (rarer than one in a million)", "share"),
    "synonym_gap_mean": ("how much more common a synonym of each word would be", "mean log10"),
    "spinner_word_share": ("share of words with a synonym 30 times more common", "share"),
    "function_word_share": ("share of function words", "share"),
    "the_share": ('share of words that are "the"', "share"),
    "sentence_words_mean": ("mean sentence length", "words"),
    "sentence_words_sd": ("how much sentence lengths vary (standard deviation)", "words"),
    "mattr": ("share of different words in each stretch of 50 words (lexical diversity)", "share"),
    "word_length_mean": ("mean word length", "letters"),
    "capitalized_share": ("share of capitalized words", "share"),
    "boilerplate_share": ("share of the page that is menus and footers", "share"),
    "duplicate_5gram_share": ("share of repeated five-word phrases", "share"),
    "top_2gram_share": ("share of word pairs that are the most frequent one", "share"),
    "terminal_line_share": ("share of lines ending like a sentence", "share"),
    "log_words": ("length of the main text", "log10 words"),
}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURES)

RARE_ZIPF = 3.0
SPINNER_GAP = math.log10(30)  # a synonym 30 times more common
MATTR_WINDOW = 50
TOP_WINDOWS = 5
MT_HIGH_WORD = 0.5  # a word a post-editor would likely change
MT_STRONG_WORD = 0.9  # ... almost surely change (often a garbled or untranslated word)
BT_HIGH_WORD = 0.5  # a word that more likely is a round trip's change than human wording
TRANSLATIONESE_POINTS = 100.0  # the translationese table's mean log ratio per word, in hundredths
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)")


@dataclass
class TextProfile:
    """Running token statistics over the main text, fed one section at a time."""

    words: int = 0
    function: int = 0
    the: int = 0
    capitalized: int = 0
    letters: int = 0
    content: int = 0
    zipf_sum: float = 0.0
    rare: int = 0
    gap_sum: float = 0.0
    spinner: int = 0
    unknown: int = 0
    pairs: int = 0
    attested: int = 0
    pair_logprobs: list[np.ndarray] = field(default_factory=list)
    pair_pmi: list[np.ndarray] = field(default_factory=list)
    function_pair_logprobs: list[np.ndarray] = field(default_factory=list)
    sentence_lengths: list[int] = field(default_factory=list)
    sentence_mt_max: list[float] = field(default_factory=list)  # the highest MT word probability of each sentence
    sentence_edit_max: list[float] = field(default_factory=list)  # the highest edit-scorer log-odds of each sentence
    edit_sum: float = 0.0  # the edit scorer's log-odds over every word
    mattr_sum: float = 0.0
    mattr_windows: int = 0
    window_probs: list[np.ndarray] = field(default_factory=list)  # discovery's, filled by the span engine
    suspects: int = 0  # discovery's suspects that set its adaptive threshold (`Cutoff.suspects`), likewise
    mt_probs: list[np.ndarray] = field(default_factory=list)  # the MT word scorer's, one per word
    bt_sum: float = 0.0  # the back-translation word scorer's probabilities (of its sample of words), summed
    bt_high: int = 0  # sampled words it scores BT_HIGH_WORD or more
    bt_count: int = 0  # sampled words
    translationese_sum: float = 0.0  # the translationese table's log ratios of every word, summed

    def add(
        self,
        text: str,
        tokens: Sequence[Token],
        words: np.ndarray,
        mt_probs: np.ndarray,
        edit_scores: np.ndarray,
        bt_probs: np.ndarray,
    ) -> None:
        """Fold in one section's main-text tokens (`text` is the string they index), with their
        word matrix (`mt_words.word_matrix`: the LM's view of each word, computed once for
        all uses), the MT word scorer's probabilities, the edit scorer's log-odds and the
        back-translation word scorer's probabilities (of `bt_words.sample` words only)."""
        if not tokens:
            return
        col = {name: words[:, k] for k, name in enumerate(WORD_FEATURES)}
        self.words += len(tokens)
        lower = [t.lower for t in tokens]
        self.the += lower.count("the")
        self.capitalized += int(col["is_capitalized"].sum())
        self.letters += int(col["length"].sum())
        self.unknown += int(col["is_unknown"].sum())
        function = col["is_function"] == 1
        self.function += int(function.sum())
        content = ~function & (col["is_capitalized"] == 0)  # names say nothing about word choice
        zipf = col["zipf"][content]
        self.content += int(content.sum())
        self.zipf_sum += float(zipf.sum())
        self.rare += int((zipf < RARE_ZIPF).sum())
        gap = col["synonym_gap"][content]
        gap = gap[np.isfinite(gap)]
        self.gap_sum += float(gap.sum())
        self.spinner += int((gap >= SPINNER_GAP).sum())
        left = col["left_logprob"]
        paired = np.isfinite(left)  # same segment, both words known to the LM
        self.pairs += int(paired.sum())
        self.attested += int(np.nansum(col["left_attested"][paired]))
        self.pair_logprobs.append(left[paired])
        self.pair_pmi.append(col["left_pmi"][paired])
        with_function = paired & (function | (col["left_is_function"] == 1))
        self.function_pair_logprobs.append(left[with_function])
        mt_probs = np.asarray(mt_probs, dtype=np.float32)
        self.mt_probs.append(mt_probs)
        edit_scores = np.asarray(edit_scores, dtype=np.float32)
        self.edit_sum += float(edit_scores.sum(dtype=np.float64))
        bt_probs = np.asarray(bt_probs, dtype=np.float32)
        self.bt_sum += float(bt_probs.sum(dtype=np.float64))
        self.bt_high += int((bt_probs >= BT_HIGH_WORD).sum())
        self.bt_count += len(bt_probs)
        self.translationese_sum += translationese.total(lower)
        self._sentences(text, tokens, mt_probs, edit_scores)
        self._mattr(lower)

    def _sentences(self, text: str, tokens: Sequence[Token], mt_probs: np.ndarray, edit_scores: np.ndarray) -> None:
        """Words per sentence and each sentence's highest MT word probability and edit log-odds:
        each word belongs to the sentence whose end comes after it."""
        ends = np.fromiter(
            (m.end() for m in _SENTENCE_END.finditer(text, tokens[0].start, tokens[-1].end + 4)), dtype=np.int64
        )
        starts = np.fromiter((t.start for t in tokens), dtype=np.int64, count=len(tokens))
        sentence = np.searchsorted(ends, starts, side="right")
        counts = np.bincount(sentence)
        self.sentence_lengths.extend(int(c) for c in counts if c)
        highest = np.full(len(counts), -np.inf, dtype=np.float32)
        np.maximum.at(highest, sentence, mt_probs)
        self.sentence_mt_max.extend(float(v) for v in highest[counts > 0])
        highest = np.full(len(counts), -np.inf, dtype=np.float32)
        np.maximum.at(highest, sentence, edit_scores)
        self.sentence_edit_max.extend(float(v) for v in highest[counts > 0])

    def _mattr(self, lower: list[str]) -> None:
        for start in range(0, max(len(lower) - MATTR_WINDOW + 1, 1), MATTR_WINDOW // 2):
            window = lower[start : start + MATTR_WINDOW]
            if len(window) >= MATTR_WINDOW // 2:
                self.mattr_sum += len(set(window)) / len(window)
                self.mattr_windows += 1


def vector(spans: Sequence[Span], profile: TextProfile, quality: Quality) -> np.ndarray:
    """The feature vector in FEATURE_NAMES order (float32; NaN where a value is undefined)."""
    values = {
        **_span_values(spans, profile),
        **_mt_values(profile),
        **_lm_values(profile),
        **_word_and_style_values(profile, quality),
    }
    return np.array([values[name] for name in FEATURE_NAMES], dtype=np.float32)


def _span_values(spans: Sequence[Span], profile: TextProfile) -> dict[str, float]:
    """Span evidence: listed and discovered phrases, and how suspect the text's word pairs are
    to discovery even where no span was reported (per 1,000 words, so long pages compare)."""
    n = max(profile.words, 1)
    per_1k = 1000.0 / n
    discovered = [s for s in spans if s.kind == SpanKind.DISCOVERY]
    listed = [s for s in spans if s.kind in LISTED_KINDS]
    span_words = sum(len(s.text.split()) for s in spans if s.kind not in TRANSLATED_KINDS)
    windows = np.concatenate(profile.window_probs) if profile.window_probs else np.zeros(0, np.float32)
    top = np.sort(windows)[-TOP_WINDOWS:]
    return {
        "fingerprint_per_1k": len(listed) * per_1k,
        "discovery_per_1k": len(discovered) * per_1k,
        "discovery_strength_per_1k": sum(s.score for s in discovered) * per_1k,
        "discovery_max": max((s.score for s in discovered), default=0.0),
        "span_word_share": span_words / n,
        "suspect_windows_per_1k": float((windows > 0.5).sum()) * per_1k,
        "weak_windows_per_1k": float((windows > 0.2).sum()) * per_1k,
        "top_window_mean": float(top.mean()) if len(top) else 0.0,
        "window_mean": float(windows.mean()) if len(windows) else 0.0,
        "window_p90": float(np.percentile(windows, 90)) if len(windows) else 0.0,
    }


def _mt_values(profile: TextProfile) -> dict[str, float]:
    """Machine-translation evidence from the MT word scorer, the edit scorer, the
    back-translation word scorer and the translationese words (NaN for a text without words)."""
    mt = np.concatenate(profile.mt_probs) if profile.mt_probs else np.zeros(0, np.float32)
    sentence_mt = np.asarray(profile.sentence_mt_max, dtype=np.float32)
    sentence_edit = np.asarray(profile.sentence_edit_max, dtype=np.float32)
    nan = math.nan
    return {
        "mt_word_mean": float(mt.mean()) if len(mt) else nan,
        "mt_word_high_share": float((mt >= MT_HIGH_WORD).mean()) if len(mt) else nan,
        "mt_sentence_max_mean": float(sentence_mt.mean()) if len(sentence_mt) else nan,
        "mt_sentence_strong_share": float((sentence_mt >= MT_STRONG_WORD).mean()) if len(sentence_mt) else nan,
        "mt_edit_mean": profile.edit_sum / profile.words if profile.words else nan,
        "mt_edit_sentence_max_mean": float(sentence_edit.mean()) if len(sentence_edit) else nan,
        "bt_word_mean": profile.bt_sum / profile.bt_count if profile.bt_count else nan,
        "bt_word_high_share": profile.bt_high / profile.bt_count if profile.bt_count else nan,
        "translationese_mean": TRANSLATIONESE_POINTS * profile.translationese_sum / profile.words
        if profile.words
        else nan,
    }


def _lm_values(profile: TextProfile) -> dict[str, float]:
    """How the reference LM reads the word pairs; non-finite values are left out of the means
    and percentiles, which a single -inf would otherwise swamp."""
    logprobs = np.concatenate(profile.pair_logprobs) if profile.pair_logprobs else np.zeros(0, np.float32)
    finite = logprobs[np.isfinite(logprobs)]
    pmi = np.concatenate(profile.pair_pmi) if profile.pair_pmi else np.zeros(0, np.float32)
    pmi = pmi[np.isfinite(pmi)]
    fpairs = np.concatenate(profile.function_pair_logprobs) if profile.function_pair_logprobs else np.zeros(0)
    fpairs = fpairs[np.isfinite(fpairs)]
    nan = math.nan
    return {
        "lm_bigram_mean": float(finite.mean()) if len(finite) else nan,
        "lm_bigram_p10": float(np.percentile(finite, 10)) if len(finite) else nan,
        "lm_attested_share": profile.attested / profile.pairs if profile.pairs else nan,
        "lm_unknown_share": profile.unknown / max(profile.words, 1),
        "lm_pmi_mean": float(pmi.mean()) if len(pmi) else nan,
        "lm_function_pair_mean": float(fpairs.mean()) if len(fpairs) else nan,
    }


def _word_and_style_values(profile: TextProfile, quality: Quality) -> dict[str, float]:
    """Word choice (over content words: names say nothing about it), style, and the text
    layer's statistics from `Report.quality`."""
    n = max(profile.words, 1)
    content = max(profile.content, 1)
    lengths = np.asarray(profile.sentence_lengths, dtype=np.float32)
    stats = dict(quality.stats)
    nan = math.nan
    return {
        "zipf_mean": profile.zipf_sum / content if profile.content else nan,
        "rare_word_share": profile.rare / content if profile.content else nan,
        "synonym_gap_mean": profile.gap_sum / content if profile.content else nan,
        "spinner_word_share": profile.spinner / content if profile.content else nan,
        "function_word_share": profile.function / n,
        "the_share": profile.the / n,
        "sentence_words_mean": float(lengths.mean()) if len(lengths) else nan,
        "sentence_words_sd": float(lengths.std()) if len(lengths) > 1 else nan,
        "mattr": profile.mattr_sum / profile.mattr_windows if profile.mattr_windows else nan,
        "word_length_mean": profile.letters / n,
        "capitalized_share": profile.capitalized / n,
        "boilerplate_share": stats.get("boilerplate_share", 0.0),
        "duplicate_5gram_share": stats.get("duplicate_5gram_share", 0.0),
        "top_2gram_share": stats.get("top_2gram_share", 0.0),
        "terminal_line_share": stats.get("terminal_line_share", nan),
        "log_words": math.log10(profile.words + 1),
    }
