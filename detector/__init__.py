"""detector: find spun and machine-translated English, with the likely original wording.

    >>> from detector import score
    >>> report = score("The Unfamiliar Clergyman spoke at the Unified Countries.")
    >>> [(s.text, s.suggestion) for s in report.spans]
    [('Unfamiliar Clergyman', 'Foreign Minister'), ('Unified Countries', 'United Nations')]

Heavy resources (language model tables, thesaurus, models) load on first use, once.
"""

from detector.api import score, score_many
from detector.types import Report, Span

__all__ = ["Report", "Span", "score", "score_many"]
__version__ = "0.1.0"
