"""Checks against the shared seed documents (read at run time, never copied into the repo).

The seeds live in ../shared/seeds next to the repository; the tests skip when it is absent.
The file starting with 002_ is spun; 000, 001, 003 and 004 are clean prose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detector import score

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
MAX_DISCOVERY_PER_1K_WORDS = 3.0


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed folder {SEEDS} not found: the shared seeds are not available here")
    matches = sorted(SEEDS.glob(f"{prefix}_*"))
    if not matches:
        pytest.skip(f"no seed file starting with {prefix}_ in {SEEDS}")
    return matches[0]


@pytest.mark.parametrize(
    ("phrase", "original"),
    [
        ("unfamiliar clergyman", "foreign minister"),
        ("virus war", "cold war"),
        ("unified countries", "united nations"),
    ],
)
def test_spun_seed_phrases_found_with_suggestions(phrase: str, original: str) -> None:
    text = seed("002").read_text(encoding="utf-8")
    report = score(text)
    for span in report.spans:
        assert text[span.start : span.end] == span.text
    lowered = text.lower()
    assert phrase in lowered, f"{phrase!r} is no longer in the 002 seed"
    at = lowered.index(phrase)
    stretch = (at, at + len(phrase))
    covering = [s for s in report.spans if s.start <= stretch[0] and stretch[1] <= s.end]
    assert covering, f"no span covers {phrase!r}; spans: {[(s.text, s.kind) for s in report.spans]}"
    assert any((s.suggestion or "").lower() == original for s in covering), [
        (s.text, s.suggestion) for s in covering
    ]


def test_spun_seed_is_spun() -> None:
    report = score(seed("002").read_text(encoding="utf-8"))
    assert report.label == "spun"
    assert report.language_supported


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_clean_seeds_have_few_discovery_spans(prefix: str) -> None:
    path = seed(prefix)
    text = path.read_text(encoding="utf-8")
    report = score(text)
    for span in report.spans:
        assert text[span.start : span.end] == span.text
    discovered = [s for s in report.spans if s.kind == "discovery"]
    rate = 1000 * len(discovered) / max(report.n_words, 1)
    print(
        f"{path.name}: {report.n_words} words, {len(discovered)} discovery spans "
        f"({rate:.2f} per 1,000 words), label {report.label}, score {report.score}; "
        f"{[(s.text, s.suggestion, s.score) for s in discovered]}"
    )
    # n_words counts main text only (menus and teasers are not scored), so a short article
    # is allowed one stray span before the rate applies.
    allowed = max(1.0, MAX_DISCOVERY_PER_1K_WORDS * report.n_words / 1000)
    assert len(discovered) <= allowed, f"{path.name}: {rate:.2f} discovery spans per 1,000 words"
