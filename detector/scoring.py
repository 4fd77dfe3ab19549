"""Document score from spans: an honest, documented estimate until the classifier lands.

The evidence is the sum of span strengths (1.0 for a listed phrase, the window model's
probability for a discovered one). Clean prose produces about one weak discovery span per
1,000 words at the shipped threshold (the validation figure in the model manifest), so that
much evidence is expected by chance and is subtracted before the remainder is turned into a
probability-like number with 1 - exp(-x). It ranks documents sensibly; it is not calibrated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from detector.types import Span

EXPECTED_CLEAN_EVIDENCE_PER_1K = 1.0
SPUN_THRESHOLD = 0.5
LOW_CONFIDENCE_WORDS = 50


def document_score(spans: Sequence[Span], n_words: int) -> float:
    evidence = sum(span.score for span in spans)
    expected = EXPECTED_CLEAN_EVIDENCE_PER_1K * max(n_words, 1) / 1000
    return round(1.0 - math.exp(-max(evidence - expected, 0.0)), 4)
