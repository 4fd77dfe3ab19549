"""Tests for `detector.page.quality`: every text-quality check trips on a text crafted to fail it and
passes ordinary prose; thresholds are honoured as keyword arguments; the Gopher repetition
statistics match hand-computed values; `run_checks` applies per-check overrides.

Why: these flags gate which pages are scored at all and are shown to reviewers, so a check that
never fires, fires on clean prose, or ignores its threshold silently corrupts the pipeline.
All texts are invented for these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from detector.page import quality
from detector.page.quality import Measures, PageText
from detector.types import QualityFlag


def measures(*lines: str, **kwargs: Any) -> Measures:
    return quality.measure(PageText(lines=tuple(lines), **kwargs))


# ------------------------------------------------------------------ texts (all invented)

PROSE: tuple[str, ...] = (
    "The village library opened its doors again last spring after a long winter of repairs to the roof and the old heating system.",
    "Volunteers spent many weekends sorting boxes of donated books, and they found a few rare maps of the valley among the cookbooks.",
    "The head librarian, who has worked there for nearly twenty years, says that children now make up most of the morning visitors.",
    "On Tuesday evenings a small group meets in the reading room to talk about novels, local history and whatever else comes up.",
    "Funding remains a worry, because the council has cut its grant twice, but a bake sale in June raised enough money to buy new shelves.",
    "Next year the staff hope to open a quiet corner for students who need a place to study after school.",
    "They also want to record interviews with older residents, so that their memories of the farms and the mill are not lost.",
    "Anyone who would like to help can leave a note at the front desk or simply turn up on a Saturday morning with a cup of tea.",
)

# Accents and curly apostrophes written correctly: must not read as mojibake.
ACCENTED = (
    "After a naïve start, the café on the corner now serves a decent crème brûlée, and the owner’s résumé "
    "includes ten years in a Lyon bistro; she doesn’t plan to change the menu before the autumn."
)

SHORT_WORDS = "So I sat by the sea and we ate a fig, as he did, and it was a joy to me; if we go on so, I am to be at an inn by six."

LONG_WORDS = (
    "Notwithstanding extraordinarily complicated telecommunications infrastructure, internationalisation programmes "
    "characteristically underestimate administrative responsibilities, environmental considerations, organisational "
    "interdependencies and institutionalised uncertainties, producing unquestionably disproportionate implementation "
    "expenditures, counterintuitive recommendations and comprehensively misunderstood intergovernmental negotiations."
)

HASHTAGS = (
    "Lovely afternoon at the harbour with friends #summer #harbour #friends #sunset #holiday #seaside "
    "#icecream #boats #family #weekend #happy #sun #sea #travel #photo"
)

_PRODUCE: tuple[str, ...] = (
    "Tomatoes", "Potatoes", "Carrots", "Onions", "Leeks", "Cabbages", "Apples", "Pears", "Plums", "Cherries",
    "Lemons", "Oranges", "Grapes", "Melons", "Peaches", "Beans", "Peas", "Turnips", "Parsnips", "Radishes",
)  # fmt: skip
# One word and four numbers per line: 20 words, 100 tokens, 20% of them with a letter.
PRICE_LIST: tuple[str, ...] = tuple(
    f"{name} {4400 + i} {i + 2} {i % 7 + 1}.50 {(i + 2) * (i % 7 + 1)}.00" for i, name in enumerate(_PRODUCE)
)

PRIZE = "Click here to claim your free prize now."
REPEATED_LINE: tuple[str, ...] = (
    PRIZE,
    "Our winners are chosen every hour of the day.",
    PRIZE,
    "Nobody has ever regretted taking part.",
    PRIZE,
    PRIZE,
)

NOTICE: tuple[str, ...] = ("Opening hours.", "Monday to Friday.", "Nine until five.", "Closed on Sundays.")
NOTICE_2: tuple[str, ...] = ("Free parking.", "Tea and cake.", "Dogs welcome.", "Step-free access.")
# One long line twice among eight short distinct lines: 2/10 lines repeated (under 0.3), but
# the second copy is a third of all characters (over 0.2).
REPEATED_LONG_LINE: tuple[str, ...] = (*NOTICE, PROSE[4], *NOTICE_2, PROSE[4])

SPAM: tuple[str, ...] = (
    "Buy now and save on every order.",
    "Buy now for less than anywhere else.",
    "Buy now while stocks last this week.",
    "Buy now and get free delivery to your door.",
    "Buy now because prices go up on Monday.",
    "Buy now or regret it later.",
    "Buy now and tell your friends.",
    "Buy now, pay later, smile forever.",
    "Buy now before the sale ends.",
    "Buy now and join thousands of happy customers.",
)

# The first three paragraphs pasted twice: every bigram is rare, but half the text repeats.
PASTED_TWICE: tuple[str, ...] = PROSE[:3] + PROSE[:3]

FILLER = " and that is what matters most"
# The same six-word clause closing six of eight paragraphs: templated, under Gopher's limits.
FILLER_PROSE: tuple[str, ...] = tuple(line[:-1] + FILLER + "." if i < 6 else line for i, line in enumerate(PROSE))

HEADLINES: tuple[str, ...] = (
    "Storm closes harbour for second day",
    "Ferry services cancelled until Friday",
    "Shopkeepers stack sandbags along the front",
    "Lifeboat crew reports a quiet night",
    "Council promises repairs to sea wall",
    "Weekend market to go ahead as planned",
)

MOJIBAKE: tuple[str, ...] = (
    "I donâ€™t think the new cafÃ© on the corner will last the winter, but itâ€™s busy for now.",
    "The owner says the crÃ¨me brÃ»lÃ©e is what brings people back every weekend.",
)

# A NUL, a bell and an escape character inside otherwise ordinary prose.
CONTROL: tuple[str, ...] = (
    "The village\x00library opened its doors again last spring after a long winter of repairs.",
    "Volunteers spent many weekends\x07 sorting boxes of donated books \x1b[0mand old maps.",
    *PROSE[2:],
)

# "pаypal" and "аpple" with Cyrillic а (U+0430), "micrоsoft" with Cyrillic о (U+043E).
HOMOGLYPHS = (
    "Please sign in to your p\u0430ypal account today and confirm the \u0430pple gift card order "
    "before it expires, or call micr\u043esoft support on the number below."
)

# Whole Russian words inside English prose: about 20% of the letters are Cyrillic, no word mixes.
CYRILLIC_QUOTES = (
    "Our guide in Kazan taught us a few words every morning: спасибо for thank you, пожалуйста for please, "
    "and до свидания when we left the hotel. By the end of the week we could order борщ and чай in the café "
    "without help, and the waiter said хорошо with a smile."
)

FRENCH: tuple[str, ...] = (
    "Le petit marché du village ouvre chaque samedi matin sur la place de l'église, à côté de la boulangerie.",
    (
        "Les agriculteurs des environs y vendent leurs légumes, leurs fromages et leur pain, et les habitants "
        "viennent autant pour bavarder que pour faire leurs courses."
    ),
)

RUSSIAN: tuple[str, ...] = (
    "Небольшая библиотека в центре города снова открылась после долгого ремонта.",
    "В первый же день туда пришли многие семьи, а дети могли выбрать себе книгу и унести её домой.",
)


# ------------------------------------------------------------------ one trip per check


@dataclass(frozen=True)
class Trip:
    """A page that must trip `check`; `direction` says which side of the threshold the value lies."""

    check: str
    page: Callable[[], Measures]
    direction: str  # "above": value > threshold; "below": value < threshold; "at_least": value >= threshold
    threshold: float
    in_reason: str


TRIPS: dict[str, Trip] = {
    "boilerplate": Trip("boilerplate", lambda: measures(*PROSE, boilerplate_share=0.8), "above", 0.5, "80%"),
    "too_few_words": Trip(
        "too_few_words", lambda: measures("The ferry left on time and the crossing was calm."), "below", 50, "10 words"
    ),
    "word_length/short": Trip("word_length", lambda: measures(SHORT_WORDS), "below", 3.0, "2.2"),
    "word_length/long": Trip("word_length", lambda: measures(LONG_WORDS), "above", 10.0, "13.7"),
    "symbols/hashes": Trip("symbols", lambda: measures(HASHTAGS), "above", 0.1, "hash"),
    "symbols/numbers": Trip("symbols", lambda: measures(*PRICE_LIST), "below", 0.8, "20%"),
    "repeated_lines/lines": Trip("repeated_lines", lambda: measures(*REPEATED_LINE), "above", 0.3, "of lines"),
    "repeated_lines/chars": Trip("repeated_lines", lambda: measures(*REPEATED_LONG_LINE), "above", 0.2, "of the text"),
    "repeated_ngrams/top": Trip("repeated_ngrams", lambda: measures(*SPAM), "above", 0.20, "2-word"),
    "repeated_ngrams/duplicated": Trip("repeated_ngrams", lambda: measures(*PASTED_TWICE), "above", 0.15, "5-word"),
    "repeated_phrasing": Trip("repeated_phrasing", lambda: measures(*FILLER_PROSE), "above", 0.09, "five-word"),
    "no_terminal_punctuation": Trip("no_terminal_punctuation", lambda: measures(*HEADLINES), "below", 0.12, "0%"),
    "encoding/mojibake": Trip("encoding", lambda: measures(*MOJIBAKE), "above", 1.0, "mojibake"),
    "encoding/control": Trip("encoding", lambda: measures(*CONTROL), "above", 0, "3 control characters"),
    "mixed_scripts/homoglyphs": Trip("mixed_scripts", lambda: measures(HOMOGLYPHS), "above", 0, "3 words"),
    "mixed_scripts/share": Trip("mixed_scripts", lambda: measures(CYRILLIC_QUOTES), "above", 0.05, "20%"),
    "obfuscation": Trip("obfuscation", lambda: measures(*PROSE, hidden_characters=4), "above", 0, "4 invisible"),
    "non_english": Trip(
        "non_english", lambda: measures(*FRENCH, language="fr", language_confidence=0.98), "at_least", 0.5, "'fr'"
    ),
}


def test_every_check_has_a_trip_case() -> None:
    assert {trip.check for trip in TRIPS.values()} == set(quality.CHECKS)


@pytest.mark.parametrize("case", sorted(TRIPS))
def test_check_trips_on_crafted_text(case: str) -> None:
    trip = TRIPS[case]
    flag = quality.CHECKS[trip.check](trip.page())
    assert isinstance(flag, QualityFlag), f"{trip.check} did not trip on {case}"
    assert flag.name == trip.check  # CHECKS keys are the flag names
    assert flag.threshold == pytest.approx(trip.threshold)
    if trip.direction == "above":
        assert flag.value > flag.threshold
    elif trip.direction == "below":
        assert flag.value < flag.threshold
    else:
        assert flag.value >= flag.threshold
    assert isinstance(flag.reason, str) and flag.reason.strip()
    assert trip.in_reason in flag.reason


@pytest.mark.parametrize("name", list(quality.CHECKS))
def test_ordinary_prose_passes_every_check(name: str) -> None:
    clean = measures(*PROSE, boilerplate_share=0.2, language="en", language_confidence=0.97)
    assert clean.n_words >= 150  # long enough that repeated_phrasing and the Gopher rules apply
    assert quality.CHECKS[name](clean) is None


def test_ordinary_prose_raises_no_flag_at_all() -> None:
    clean = measures(*PROSE, ACCENTED, boilerplate_share=0.2, language="en", language_confidence=0.97)
    assert quality.run_checks(clean) == ()


# ------------------------------------------------------------------ the measured values


def value_of(flag: QualityFlag | None) -> float:
    assert flag is not None, "the check did not trip"
    return flag.value


def test_trip_values_are_the_measured_statistics() -> None:
    assert value_of(quality.boilerplate(measures(*PROSE, boilerplate_share=0.8))) == 0.8
    assert value_of(quality.too_few_words(measures("The ferry left on time and the crossing was calm."))) == 10
    # 4 of the 6 lines are copies of the prize line.
    assert value_of(quality.repeated_lines(measures(*REPEATED_LINE))) == pytest.approx(4 / 6, abs=1e-4)
    # 15 hashes over 22 words.
    assert value_of(quality.symbols(measures(HASHTAGS))) == pytest.approx(15 / 22, abs=1e-4)
    # 20 of 100 tokens contain a letter.
    assert value_of(quality.symbols(measures(*PRICE_LIST))) == pytest.approx(0.2)
    # "buy now" 10 times: 10 * 6 letters over 280 word characters.
    assert value_of(quality.repeated_ngrams(measures(*SPAM))) == pytest.approx(60 / 280, abs=1e-4)
    # 3 homoglyph words.
    assert value_of(quality.mixed_scripts(measures(HOMOGLYPHS))) == 3


def test_mojibake_is_counted_and_correct_accents_are_not() -> None:
    bad = measures(*MOJIBAKE)
    # â€™ twice, Ã© twice, Ã¨ and Ã» once each: 6 sequences in 167 characters.
    assert bad.mojibake_per_1k == pytest.approx(6000 / 167)
    good = measures(ACCENTED)
    assert good.mojibake_per_1k == 0.0
    assert quality.encoding(good) is None


def test_replacement_characters_count_as_mojibake() -> None:
    # U+FFFD is what a decoder leaves for bytes it could not read: 2 in 58 characters.
    text = "The caf\ufffd on the corner serves cr\ufffdpes on Saturday mornings."
    assert len(text) == 58
    assert measures(text).mojibake_per_1k == pytest.approx(2000 / 58)


def test_control_characters_are_counted_but_line_breaks_and_tabs_are_not() -> None:
    assert measures(*CONTROL).control_chars == 3
    assert measures("A table\twith\ttabs and\r\nWindows line endings is fine.").control_chars == 0


def test_cyrillic_share_without_homoglyphs() -> None:
    m = measures(CYRILLIC_QUOTES)
    assert m.mixed_script_words == 0
    assert 0.15 < m.non_latin_letter_share < 0.25


def test_greek_letters_in_scientific_notation_are_not_homoglyphs() -> None:
    # By design only Latin+Cyrillic mixes count: "Hα" and "μm" are ordinary notation.
    m = measures("The H\u03b1 line was measured through a filter of 5 \u03bcm, as in the earlier survey.")
    assert m.mixed_script_words == 0
    assert quality.mixed_scripts(m, max_other_share=0.5) is None


def test_mostly_cyrillic_text_is_not_a_mixed_script_flag() -> None:
    # A Russian text is a language matter (non_english), not a look-alike-letter one.
    assert quality.mixed_scripts(measures(*RUSSIAN)) is None


def test_non_latin_share_ignores_latin1_symbols() -> None:
    # × (U+00D7) and ÷ (U+00F7) sit inside the Latin-1 letter block but are not letters.
    m = measures("The spare room is 3 × 4 metres, and the hall is 2 × 6 metres; 12 ÷ 3 is 4.")
    assert m.non_latin_letter_share == 0.0
    m = measures("The spare room is 3 × 4 metres, and the hall is 2 × 6 metres; спасибо.")
    assert 0.0 < m.non_latin_letter_share < 0.5


# ------------------------------------------------------------------ non_english specifics


def test_non_latin_text_is_non_english_even_when_the_model_is_unsure() -> None:
    flag = quality.language(measures(*RUSSIAN, language="ru", language_confidence=0.3))
    assert flag is not None and flag.name == "non_english"
    assert flag.value == pytest.approx(0.3) and flag.value < flag.threshold


def test_unsure_latin_script_guess_is_not_non_english() -> None:
    assert quality.language(measures(*FRENCH, language="fr", language_confidence=0.3)) is None


def test_english_and_unidentified_text_is_never_non_english() -> None:
    assert quality.language(measures(*PROSE, language="en", language_confidence=0.2)) is None
    assert quality.language(measures(*RUSSIAN, language=None, language_confidence=0.0)) is None


# ------------------------------------------------------------------ thresholds as keyword arguments


@dataclass(frozen=True)
class Flip:
    """Default verdict on `page`, and keyword thresholds that flip it."""

    check: str
    page: Callable[[], Measures]
    default_flags: bool
    kwargs: dict[str, Any]


FLIPS: dict[str, Flip] = {
    "boilerplate/stricter": Flip(
        "boilerplate", lambda: measures(*PROSE, boilerplate_share=0.3), False, {"max_share": 0.25}
    ),
    "boilerplate/looser": Flip(
        "boilerplate", lambda: measures(*PROSE, boilerplate_share=0.8), True, {"max_share": 0.9}
    ),
    "too_few_words/stricter": Flip("too_few_words", lambda: measures(*PROSE), False, {"min_words": 500}),
    "too_few_words/looser": Flip(
        "too_few_words", lambda: measures("The ferry left on time and the crossing was calm."), True, {"min_words": 10}
    ),
    "word_length/stricter": Flip("word_length", lambda: measures(*PROSE), False, {"low": 4.5}),
    "word_length/looser": Flip("word_length", lambda: measures(LONG_WORDS), True, {"high": 14.0}),
    "word_length/min_words": Flip("word_length", lambda: measures(SHORT_WORDS), True, {"min_words": 36}),
    "symbols/stricter": Flip(
        "symbols", lambda: measures(*PROSE, "#library #volunteers"), False, {"max_symbol_ratio": 0.01}
    ),
    "symbols/looser": Flip("symbols", lambda: measures(HASHTAGS), True, {"max_symbol_ratio": 0.7}),
    "symbols/alpha_looser": Flip("symbols", lambda: measures(*PRICE_LIST), True, {"min_alpha_share": 0.2}),
    "repeated_lines/stricter": Flip(
        "repeated_lines", lambda: measures(*PROSE, PROSE[0]), False, {"max_line_share": 0.2}
    ),
    "repeated_lines/looser": Flip(
        "repeated_lines", lambda: measures(*REPEATED_LINE), True, {"max_line_share": 0.7, "max_char_share": 0.7}
    ),
    "repeated_ngrams/stricter": Flip(
        "repeated_ngrams", lambda: measures(*FILLER_PROSE), False, {"duplicated": {5: 0.05}}
    ),
    "repeated_ngrams/looser_top": Flip("repeated_ngrams", lambda: measures(*SPAM), True, {"top": {2: 0.25}}),
    "repeated_ngrams/looser_dup": Flip(
        "repeated_ngrams", lambda: measures(*PASTED_TWICE), True, {"duplicated": {5: 0.9}}
    ),
    "repeated_ngrams/min_words": Flip("repeated_ngrams", lambda: measures(*SPAM), True, {"min_words": 71}),
    "repeated_phrasing/stricter": Flip("repeated_phrasing", lambda: measures(*PASTED_TWICE), False, {"min_words": 100}),
    "repeated_phrasing/looser": Flip("repeated_phrasing", lambda: measures(*FILLER_PROSE), True, {"max_share": 0.11}),
    "no_terminal_punctuation/stricter": Flip(
        "no_terminal_punctuation", lambda: measures(*PROSE[:4], *HEADLINES), False, {"min_share": 0.5}
    ),
    "no_terminal_punctuation/looser": Flip(
        "no_terminal_punctuation", lambda: measures(*HEADLINES), True, {"min_lines": 7}
    ),
    "encoding/stricter": Flip(
        "encoding", lambda: measures(*PROSE, ACCENTED, "It was a cafÃ© once."), False, {"max_mojibake_per_1k": 0.5}
    ),
    "encoding/looser": Flip("encoding", lambda: measures(*MOJIBAKE), True, {"max_mojibake_per_1k": 40.0}),
    "encoding/control_looser": Flip("encoding", lambda: measures(*CONTROL), True, {"max_control_chars": 3}),
    "mixed_scripts/stricter": Flip(
        "mixed_scripts",
        lambda: measures(*PROSE, "The visitors' book was signed спасибо."),
        False,
        {"max_other_share": 0.005},
    ),
    "mixed_scripts/looser": Flip("mixed_scripts", lambda: measures(HOMOGLYPHS), True, {"max_mixed_words": 3}),
    "obfuscation/looser": Flip("obfuscation", lambda: measures(*PROSE, hidden_characters=2), True, {"max_hidden": 2}),
    "mixed_scripts/share_looser": Flip(
        "mixed_scripts", lambda: measures(CYRILLIC_QUOTES), True, {"max_other_share": 0.25}
    ),
    "non_english/stricter": Flip(
        "non_english", lambda: measures(*FRENCH, language="fr", language_confidence=0.4), False, {"min_confidence": 0.3}
    ),
    "non_english/looser": Flip(
        "non_english", lambda: measures(*FRENCH, language="fr", language_confidence=0.6), True, {"min_confidence": 0.7}
    ),
}


def test_every_check_has_a_threshold_flip() -> None:
    assert {flip.check for flip in FLIPS.values()} == set(quality.CHECKS)


@pytest.mark.parametrize("case", sorted(FLIPS))
def test_threshold_keywords_flip_the_verdict(case: str) -> None:
    flip = FLIPS[case]
    check = quality.CHECKS[flip.check]
    m = flip.page()
    assert (check(m) is not None) is flip.default_flags, f"{case}: unexpected default verdict"
    overridden = check(m, **flip.kwargs)
    assert (overridden is not None) is (not flip.default_flags), f"{case}: {flip.kwargs} did not flip the verdict"
    if overridden is not None and "min_words" not in flip.kwargs:
        # The flag reports the threshold it was given, not the default.
        given = [v for v in flip.kwargs.values() if isinstance(v, (int, float))]
        nested = [v for d in flip.kwargs.values() if isinstance(d, dict) for v in d.values()]
        assert overridden.threshold in given + nested


def test_repeated_phrasing_fires_below_gophers_limits() -> None:
    # The filler clause is templated prose, yet no Gopher repetition rule fires on it.
    m = measures(*FILLER_PROSE)
    assert quality.repeated_ngrams(m) is None
    flag = quality.repeated_phrasing(m)
    assert flag is not None and 0.09 < flag.value <= 0.15


# The first paragraph pasted twice: 46 words, under Gopher's 50-word document minimum.
SHORT_PASTED_TWICE: tuple[str, ...] = (PROSE[0], PROSE[0])


def test_repeated_ngrams_honours_min_words_below_fifty() -> None:
    m = measures(*SHORT_PASTED_TWICE)
    assert m.n_words < 50
    # 23 words, 102 letters per copy (204 in all). The copy's 5-grams at word 23, 28, 33, 38 are seen
    # before: The village library opened its (26) + doors again last spring after (25) + a long winter
    # of repairs (20) + to the roof and the (15) = 86; its last 3 words make no full 5-gram. 86 / 204.
    assert quality.duplicate_ngram_share(m.words, 5) == pytest.approx(86 / 204)
    flag = quality.repeated_ngrams(m, min_words=20)
    assert flag is not None and flag.value > flag.threshold


def test_repeated_phrasing_honours_min_words_below_fifty() -> None:
    m = measures(*SHORT_PASTED_TWICE)
    flag = quality.repeated_phrasing(m, min_words=20)
    assert flag is not None and flag.value == pytest.approx(86 / 204, abs=1e-4)


def test_unknown_threshold_keyword_is_rejected() -> None:
    with pytest.raises(TypeError):
        quality.too_few_words(measures(*PROSE), min_word=10)  # type: ignore[call-arg]


# ------------------------------------------------------------------ Gopher repetition statistics


def test_duplicate_ngram_share_counts_repeats_after_the_first() -> None:
    # words: red(3) apples(6) and(3) red(3) apples(6) -> 21 word characters.
    # bigrams scanned: (red, apples) new, (apples, and) new, (and, red) new,
    # (red, apples) seen -> 3 + 6 = 9 repeated characters. 9 / 21.
    assert quality.duplicate_ngram_share(["red", "apples", "and", "red", "apples"], 2) == pytest.approx(9 / 21)


def test_duplicate_ngram_share_skips_overlapping_occurrences() -> None:
    # words: x x x x x (5 characters). i=0 (x, x) new; i=1 (x, x) seen -> +2, jump to i=3;
    # i=3 (x, x) seen -> +2, jump to i=5, done. 4 / 5 (overlapping counting would give 6 / 5).
    assert quality.duplicate_ngram_share(["x"] * 5, 2) == pytest.approx(4 / 5)


def test_duplicate_ngram_share_whole_text_pasted_twice() -> None:
    # words: one(3) two(3) three(5) one two three -> 22 characters; the 3-gram (one, two, three)
    # comes back once at i=3 -> 11 repeated characters. 11 / 22.
    words = ["one", "two", "three", "one", "two", "three"]
    assert quality.duplicate_ngram_share(words, 3) == pytest.approx(0.5)
    # No 4-gram repeats: (one two three one), (two three one two), (three one two three).
    assert quality.duplicate_ngram_share(words, 4) == 0.0


def test_duplicate_ngram_share_degenerate_inputs() -> None:
    assert quality.duplicate_ngram_share([], 5) == 0.0
    assert quality.duplicate_ngram_share(["a", "b"], 5) == 0.0  # fewer words than n
    assert quality.duplicate_ngram_share(["the", "cat", "sat"], 1) == 0.0  # nothing repeats


def test_top_ngram_share_of_most_frequent_ngram() -> None:
    # bigrams of red(3) apples(6) and(3) red(3) apples(6): (red, apples) x2, (apples, and) x1,
    # (and, red) x1. Top: 2 occurrences x 9 characters = 18 over 21 word characters.
    assert quality.top_ngram_share(["red", "apples", "and", "red", "apples"], 2) == pytest.approx(18 / 21)
    # bigrams of a b a b c: (a, b) x2 is the top; 2 x 2 characters over 5.
    assert quality.top_ngram_share(["a", "b", "a", "b", "c"], 2) == pytest.approx(4 / 5)


def test_top_ngram_share_with_long_and_short_words() -> None:
    # words: we(2) sell(4) houses(6) we sell cars(4) we sell boats(5) -> 33 characters.
    # bigram (we, sell) x3 = 3 x 6 = 18 characters; every other bigram occurs once. 18 / 33.
    words = ["we", "sell", "houses", "we", "sell", "cars", "we", "sell", "boats"]
    assert quality.top_ngram_share(words, 2) == pytest.approx(18 / 33)
    # trigrams: all distinct, so the first one, (we, sell, houses) = 12 characters, x1. 12 / 33.
    assert quality.top_ngram_share(words, 3) == pytest.approx(12 / 33)


def test_top_ngram_share_degenerate_inputs() -> None:
    assert quality.top_ngram_share([], 2) == 0.0
    assert quality.top_ngram_share(["alone"], 2) == 0.0


# ------------------------------------------------------------------ run_checks


def test_run_checks_returns_flags_in_check_order() -> None:
    # Headlines only: too few words and no sentence punctuation, nothing else.
    flags = quality.run_checks(measures(*HEADLINES, language="en", language_confidence=0.9))
    assert [f.name for f in flags] == ["too_few_words", "no_terminal_punctuation"]


def test_run_checks_options_tighten_a_check() -> None:
    m = measures(*PROSE, language="en", language_confidence=0.97)
    assert quality.run_checks(m) == ()
    flags = quality.run_checks(m, {"too_few_words": {"min_words": 500}})
    assert [f.name for f in flags] == ["too_few_words"]
    assert flags[0].threshold == 500 and flags[0].value == m.n_words


def test_run_checks_options_loosen_checks_independently() -> None:
    m = measures(*HEADLINES, language="en", language_confidence=0.9)
    flags = quality.run_checks(m, {"too_few_words": {"min_words": 20}})
    assert [f.name for f in flags] == ["no_terminal_punctuation"]
    flags = quality.run_checks(m, {"too_few_words": {"min_words": 20}, "no_terminal_punctuation": {"min_lines": 10}})
    assert flags == ()


def test_run_checks_options_do_not_leak_between_calls() -> None:
    m = measures(*PROSE, language="en", language_confidence=0.97)
    options = {"boilerplate": {"max_share": -1.0}}
    assert [f.name for f in quality.run_checks(m, options)] == ["boilerplate"]
    assert options == {"boilerplate": {"max_share": -1.0}}
    assert quality.run_checks(m) == ()


def test_run_checks_rejects_a_bad_keyword_for_a_check() -> None:
    with pytest.raises(TypeError):
        quality.run_checks(measures(*PROSE), {"encoding": {"max_mojibake": 2.0}})
