"""Topic vectors: a word's fit with the content words around it."""

import numpy as np

from detector.lm.ngrams import tables
from detector.lm.word_vectors import context_vectors, similarity


def _fit(sentence: str, word: str, at: int) -> float:
    """Cosine of `word` with the topic of `sentence` around token `at`."""
    ng = tables()
    ids = ng.ids(sentence.lower().split())
    contexts = context_vectors(ids, np.ones(len(ids), dtype=bool))
    return float(similarity(ng.ids([word]), contexts[[at]])[0])


def test_a_word_fits_its_own_topic_better_than_another_sense() -> None:
    medical = "patients with diabetes had a higher mortality and the adjusted hazard of death increased"
    assert _fit(medical, "risk", 0) > _fit(medical, "football", 0)
    court = "the judge told the jury that the defendant had appealed the verdict of the lower court"
    assert _fit(court, "trial", 0) > _fit(court, "kernel", 0)


def test_the_token_itself_is_left_out_of_its_context() -> None:
    ng = tables()
    ids = ng.ids(["tax"])
    contexts = context_vectors(ids, np.ones(1, dtype=bool))
    assert not contexts.any()  # nothing around it: an empty context
    assert np.isnan(similarity(ids, contexts)[0])


def test_unknown_words_and_words_without_vectors_read_as_nan() -> None:
    ng = tables()
    ids = ng.ids(["the", "budget", "deficit", "rose", "as", "tax", "revenue", "fell"])
    contexts = context_vectors(ids, np.ones(len(ids), dtype=bool))
    sims = similarity(np.array([-1, ng.index["budget"]]), contexts[:2])
    assert np.isnan(sims[0]) and np.isfinite(sims[1])
    assert contexts.dtype == np.float32 and np.allclose(np.linalg.norm(contexts, axis=1), 1.0, atol=1e-4)


def test_non_content_tokens_do_not_count() -> None:
    ng = tables()
    ids = ng.ids(["tax", "revenue", "fell"])
    none = context_vectors(ids, np.zeros(3, dtype=bool))
    assert not none.any()
