"""The reference model of established English, behind one entry point.

Every span detector and word scorer asks the same questions: how probable is this word pair or
this wording in context, which words are a thesaurus step away, how often is this pair written
on the web. `reference()` loads each source once per process and hands them over as one
`Reference`, which the pipeline passes down to whatever reads it. Adding or swapping a source
(a newer n-gram list, another thesaurus) changes this module and the code that reads the new
field, not every caller.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import numpy as np

from detector.lm import modern_bigrams, ngrams, web_bigrams, word_vectors
from detector.lm.ngrams import NgramTables
from detector.lm.thesaurus import CandidateTable, candidate_table, restoration_table


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per process
class Reference:
    """The reference statistics: `ngrams` (the 3-gram LM's vocabulary, unigrams and bigrams as
    arrays), `synonyms` (each LM word's thesaurus neighbours), and the queries that go to
    C-backed or dictionary sources directly."""

    ngrams: NgramTables
    synonyms: CandidateTable
    restoration_synonyms: CandidateTable | None = None  # longer lists for the restoration search

    @cached_property
    def restoring(self) -> Reference:
        """This reference with the restoration search's longer candidate lists as `synonyms`
        (itself when it has none): what the restoration ranker and search read."""
        if self.restoration_synonyms is None:
            return self
        return replace(self, synonyms=self.restoration_synonyms, restoration_synonyms=None)

    @staticmethod
    def context_logprob(words: list[str], first_scored: int) -> float:
        """log10 probability of `words[first_scored:]` given the words before (trigram LM)."""
        return ngrams.sequence_logprob(words, first_scored)

    @staticmethod
    def web_log_count(first: str, second: str) -> float:
        """log10 web count of a word pair, 0.0 when it is not among the listed pairs."""
        return web_bigrams.log_count(first, second)

    @staticmethod
    def modern_log_count(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """log10 count of word-id pairs in modern domain prose (abstracts, business news,
        documentation), 0.0 when unseen."""
        return modern_bigrams.log_count(first, second)

    @staticmethod
    def topic_contexts(ids: np.ndarray, content: np.ndarray) -> np.ndarray:
        """Per token: the unit topic vector of the content words around it (`word_vectors`)."""
        return word_vectors.context_vectors(ids, content)

    @staticmethod
    def topic_fit(ids: np.ndarray, contexts: np.ndarray) -> np.ndarray:
        """Cosine of each word id with its topic context; NaN for a word without a vector."""
        return word_vectors.similarity(ids, contexts)

    @cached_property
    def _modern_shift(self) -> np.ndarray:
        """The per-id shift table, derived once per process (every window block reads it)."""
        return (modern_bigrams.word_log_frequency(len(self.ngrams.words)) - self.ngrams.unigram).astype(np.float32)

    def modern_shift(self, ids: np.ndarray) -> np.ndarray:
        """Per word id: log10 of how much more often modern domain prose uses the word than the
        reference LM expects (0 for unknown ids): domain vocabulary, not a spinner's synonym."""
        ids = np.asarray(ids, dtype=np.int64)
        return np.where(ids >= 0, self._modern_shift[np.maximum(ids, 0)], 0.0).astype(np.float32)


@lru_cache(maxsize=1)
def reference() -> Reference:
    """The reference statistics, loaded once per process."""
    return Reference(ngrams.tables(), candidate_table(), restoration_table())
