"""detector: find spun and machine-translated English, with the likely original wording.

    >>> from detector import score
    >>> report = score("The Unfamiliar Clergyman spoke at the Unified Countries.")
    >>> [(s.text, s.suggestion) for s in report.spans]
    [('Unfamiliar Clergyman', 'Foreign Minister'), ('Unified Countries', 'United Nations')]

The scorer is imported on first use (PEP 562), so `import detector` and `detector --help`
stay instant; heavy resources (language-model tables, thesaurus, model) load once, lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from detector.types import Report, Span, SpanKind

if TYPE_CHECKING:
    from detector.api import check_deep, load_allowlist, load_pps, score, score_many, score_stream
    from detector.spans.deep import DeepUnavailable

__all__ = [
    "DeepUnavailable",
    "Report",
    "Span",
    "SpanKind",
    "check_deep",
    "load_allowlist",
    "load_pps",
    "score",
    "score_many",
    "score_stream",
]
__version__ = "0.1.0"

_API = ("score", "score_many", "score_stream", "load_pps", "load_allowlist", "check_deep")


def __getattr__(name: str) -> Any:
    if name in _API:
        from detector import api

        return getattr(api, name)
    if name == "DeepUnavailable":
        from detector.spans.deep import DeepUnavailable

        return DeepUnavailable
    raise AttributeError(f"module 'detector' has no attribute {name!r}")
