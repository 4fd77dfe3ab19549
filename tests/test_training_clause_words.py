"""The words that end a noun phrase (`detector.training.clause_words`), read from a WordNet-shaped
folder written here: a word with a verb, adjective or adverb reading and no noun reading is kept,
"-ing" forms and function words are not."""

from pathlib import Path

from detector.training.clause_words import clause_words


def _wordnet(folder: Path) -> Path:
    lemmas = {
        "noun": ["rose", "jump", "company"],
        "verb": ["sink", "rise", "jump", "foresee", "drag"],
        "adj": ["big"],
        "adv": ["soon"],
    }
    for pos, words in lemmas.items():
        (folder / f"index.{pos}").write_text(
            "  licence line\n" + "".join(f"{w} {pos[0]} 1 1 @ 1 0 00000000\n" for w in words)
        )
    return folder


def test_words_never_a_noun_are_kept(tmp_path: Path) -> None:
    words = ["sank", "rose", "jumps", "jumped", "foresees", "dragging", "big", "soon", "company", "the"]
    assert clause_words(words, _wordnet(tmp_path)) == ["big", "foresees", "jumped", "sank", "soon"]
