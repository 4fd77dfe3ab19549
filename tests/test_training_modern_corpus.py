"""Readers of modern domain prose, conversation, and the tables built from them (pure parts: no download)."""

from detector.training.corpus import chat, utterances
from detector.training.modern_bigrams import count
from detector.training.modern_corpus import _description_prose, _docstring_prose
from detector.training.thesaurus_links import read_links


def test_docstring_prose_stops_at_the_first_section() -> None:
    source = '''
def fit(X):
    """Fit the model on the training set and keep the learned weights.

    Parameters
    ----------
    X : array
        The data.
    """
'''
    assert list(_docstring_prose(source)) == ["Fit the model on the training set and keep the learned weights."]
    assert list(_docstring_prose("def broken(:")) == []


def test_description_prose_skips_code_tables_and_headings() -> None:
    metadata = (
        "Metadata-Version: 2.1\nName: demo\n\n# Demo\n\nA library for [fine-tuning](https://x.org) models.\n\n"
        "```python\nimport demo\n```\n\n| a | b |\n|---|---|\n"
    )
    assert list(_description_prose(metadata)) == ["A library for fine-tuning models."]


def test_read_links_takes_single_words_both_ways_without_antonyms(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "th.dat"
    path.write_text(
        "UTF-8\nquick|1\n(adj)|fast|rapid (similar term)|slow (antonym)|at once\nrapid|1\n(adj)|quick\n",
        encoding="utf-8",
    )
    assert read_links(path) == {("fast", "quick"), ("quick", "rapid")}


def test_count_keys_adjacent_known_words_within_a_segment() -> None:
    pairs = count(["The clinical trial ended.", "A clinical trial began."])
    assert max(pairs.values()) == 2  # "clinical trial" twice


def test_chat_utterances_are_the_conversations_strings_of_four_words_or_more() -> None:
    text = (
        "categories:\n- greetings\nconversations:\n- - Hello\n  - Hi, how is it going today?\n"
        "- - what are the laws of thermodynamics\n  - i think this has something to do with heat,\n"
        "    entropy and energy.\n"
    )
    assert utterances(text) == [
        "Hi, how is it going today?",
        "what are the laws of thermodynamics",
        "i think this has something to do with heat, entropy and energy.",
    ]
    assert utterances("categories:\n- empty\n") == []


def test_conversation_is_test_data_only() -> None:
    assert chat("train") == [] and chat("val") == []  # no trainer can read it, whatever is cached
