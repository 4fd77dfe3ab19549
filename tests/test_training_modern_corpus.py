"""Readers of modern domain prose and the tables built from it (pure parts: no download)."""

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
