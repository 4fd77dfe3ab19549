"""Tests for `detector.page.language.identify`: English is recognised (also when it is mostly names and
headlines), French, German, Spanish and Russian get their own codes with real confidence, and
too-short text claims no language.

Why: the language decides whether a page is scored at all; English called foreign would hide
spun text, and foreign text called English would be scored with an English model.
All texts are invented for these tests.
"""

from __future__ import annotations

import pytest

from detector.page.language import MIN_WORDS, identify

ENGLISH = (
    "The harbour town was quiet this morning, and the fishing boats stayed in port because of the storm "
    "warnings that were issued overnight. By noon the rain had eased, and a few families walked out along "
    "the sea wall to watch the waves breaking over the rocks."
)

FRENCH = (
    "Le petit marché du village ouvre chaque samedi matin sur la place de l'église. Les agriculteurs des "
    "environs y vendent leurs légumes, leurs fromages et leur pain, et les habitants viennent autant pour "
    "bavarder que pour faire leurs courses avant le déjeuner."
)

GERMAN = (
    "Die kleine Bibliothek am Marktplatz hat nach langen Umbauarbeiten endlich wieder geöffnet. Viele "
    "Familien kamen schon am ersten Tag vorbei, und die Kinder durften sich ein Buch aussuchen, das sie "
    "mit nach Hause nehmen konnten, ohne etwas zu bezahlen."
)

SPANISH = (
    "Cada verano, los vecinos del pueblo organizan una fiesta en la plaza mayor con música, comida y bailes "
    "que duran hasta la madrugada. Este año, además, han preparado una exposición de fotografías antiguas "
    "que muestran cómo era la vida en el campo hace cien años."
)

RUSSIAN = (
    "Небольшая библиотека в центре города снова открылась после долгого ремонта. В первый же день туда "
    "пришли многие семьи, а дети могли выбрать себе книгу и унести её домой совершенно бесплатно."
)

# Headlines: capitalised names, few function words (below the function-word shortcut).
HEADLINES = (
    "Apple, Microsoft and Nvidia Shares Rally as Fed Signals Pause\n"
    "Manchester United Sign Brazilian Winger Rodrygo in Record Deal\n"
    "Taylor Swift Announces Extra London Dates After Wembley Sellout\n"
    "Elon Musk Says Tesla Will Launch Robotaxi in Austin Next June\n"
    "Biden and Macron Meet in Paris Ahead of G7 Summit in Apulia"
)

NAMES = (
    "Senator Elizabeth Warren, Governor Gavin Newsom and Mayor Eric Adams met Jeff Bezos, Satya Nadella and "
    "Sundar Pichai in Washington on Tuesday. Warren later told CNN, NBC and Reuters that Amazon, Microsoft "
    "and Google had promised new jobs in Ohio, Michigan and Pennsylvania."
)


def test_english_prose_is_english() -> None:
    code, confidence = identify(ENGLISH)
    assert code == "en"
    assert 0.9 <= confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [(FRENCH, "fr"), (GERMAN, "de"), (SPANISH, "es"), (RUSSIAN, "ru")],
    ids=["french", "german", "spanish", "russian"],
)
def test_other_languages_get_their_code(text: str, expected: str) -> None:
    assert len(text.split()) >= 30
    code, confidence = identify(text)
    assert code == expected
    assert 0.5 < confidence <= 1.0


@pytest.mark.parametrize("text", [HEADLINES, NAMES], ids=["headlines", "names"])
def test_english_full_of_names_and_headlines_is_still_english(text: str) -> None:
    code, confidence = identify(text)
    assert code == "en"
    assert 0.5 < confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "Hello there, how are you today?",  # 6 English words
        "Bonjour à tous, comment va la famille",  # 7 French words
        "Привет, как у тебя дела сегодня",  # 6 Russian words
        "2024-11-22 14:05 #### 42 17 99 ... !!!",  # no words at all
    ],
    ids=["empty", "whitespace", "english-6", "french-7", "russian-6", "no-words"],
)
def test_fewer_than_eight_words_claims_no_language(text: str) -> None:
    assert identify(text) == (None, 0.0)


def test_eight_words_is_enough_to_claim_a_language() -> None:
    assert MIN_WORDS == 8
    seven = "The ferry left on time this morning"
    assert identify(seven) == (None, 0.0)
    code, confidence = identify(seven + " again")
    assert code == "en" and confidence > 0.5


def test_only_the_opening_of_a_long_text_decides() -> None:
    # A long English article quoting French at its end is still English, and vice versa.
    code, _ = identify(ENGLISH * 20 + " " + FRENCH * 3)
    assert code == "en"
    code, _ = identify(FRENCH * 20 + " " + ENGLISH * 3)
    assert code == "fr"
