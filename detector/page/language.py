"""Which language is the main text in? English is scored; anything else is reported, not scored.

Two tiers, because most input is English and the check runs on every document: English
function words decide the clear cases in microseconds (English prose is 35-55% function
words; no other language reaches that share of *English* function words), and py3langid
(Lui & Baldwin's langid.py model, 97 languages, shipped in its wheel as npz, no pickle, no
download) decides the rest. See `benchmarks/experiments/language_id.py` for the comparison that chose it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from detector.text import FUNCTION_WORDS, WORD_PATTERN

SAMPLE_CHARS = 3000  # the first 3,000 characters of main text decide
CLEAR_ENGLISH_SHARE = 0.9  # english_share at or above this needs no model
MIN_WORDS = 8  # below this, no language is claimed
# py3langid's commonest error on English is Nigerian Pidgin (1.2% of sentences in
# benchmarks/experiments/language_id.py); an English-based creole is scored as English anyway.
ENGLISH_LIKE = {"pcm": "en"}

# jusText stoplist names for the languages py3langid reports, so that a non-English page's
# main text is still found before it is reported as unsupported.
JUSTEXT_NAMES = {
    "af": "Afrikaans",
    "ar": "Arabic",
    "bg": "Bulgarian",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "gl": "Galician",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ms": "Malay",
    "nl": "Dutch",
    "no": "Norwegian_Bokmal",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "sv": "Swedish",
    "sw": "Swahili",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
}


def english_share(words: list[str]) -> float:
    """Share of words that are English function words, scaled so 25% counts as fully English,
    times the share of ASCII words (other scripts have none)."""
    if not words:
        return 0.0
    function = sum(1 for w in words if w.lower() in FUNCTION_WORDS)
    ascii_words = sum(1 for w in words if w.isascii())
    return min(function / len(words) / 0.25, 1.0) * (ascii_words / len(words))


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence in [0, 1]) of `text`, or (None, 0.0) when too short to say."""
    sample = text[:SAMPLE_CHARS]
    words = WORD_PATTERN.findall(sample)
    if len(words) < MIN_WORDS:
        return None, 0.0
    share = english_share(words)
    if share >= CLEAR_ENGLISH_SHARE:
        return "en", share
    code, confidence = _identifier().classify(sample)
    code = ENGLISH_LIKE.get(str(code), str(code))
    return code, float(confidence)
