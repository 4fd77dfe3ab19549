"""Tests for the reference statistics' one entry point (`detector.lm.reference`): loaded once,
and the same numbers as the sources it wraps, so passing it down changes no score."""

from __future__ import annotations

from detector.lm import ngrams, web_bigrams
from detector.lm.reference import Reference, reference
from detector.lm.thesaurus import candidate_table


def test_loaded_once_and_shared() -> None:
    ref = reference()
    assert reference() is ref
    # The same tables as the sources' own loaders (other tests may have reloaded those).
    assert ref.ngrams.words == ngrams.tables().words
    assert (ref.synonyms.offsets == candidate_table().offsets).all()
    assert hash(ref) == hash(reference())  # usable as a cache key: compared by identity


def test_queries_match_their_sources() -> None:
    ref = reference()
    words = ["the", "foreign", "minister", "said"]
    assert ref.context_logprob(words, 1) == ngrams.sequence_logprob(words, 1)
    assert ref.context_logprob(["the", "unfamiliar", "clergyman"], 1) < ref.context_logprob(words[:3], 1)
    assert ref.web_log_count("machine", "learning") == web_bigrams.log_count("machine", "learning") > 0
    assert ref.web_log_count("unfamiliar", "clergyman") == 0.0


def test_a_reference_can_be_built_from_other_tables() -> None:
    """Swapping a source is building another `Reference`: the readers take it as an argument."""
    ref = reference()
    other = Reference(ref.ngrams, ref.synonyms)
    assert other is not ref and other != ref


def test_the_restoration_search_reads_the_longer_lists_and_a_plain_reference_its_own() -> None:
    from detector.lm.thesaurus import restoration_table

    ref = reference()
    assert ref.restoring.synonyms is ref.restoration_synonyms
    assert (ref.restoring.synonyms.offsets == restoration_table().offsets).all()
    assert ref.restoring.ngrams is ref.ngrams and ref.restoring is ref.restoring  # derived once
    plain = Reference(ref.ngrams, ref.synonyms)
    assert plain.restoring is plain
