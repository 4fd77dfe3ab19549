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
    assert any((s.suggestion or "").lower() == original for s in covering), [(s.text, s.suggestion) for s in covering]


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


LONG_LINE_WORDS = 40  # article paragraphs; menus, teasers and footers are far shorter


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_pages_main_text_found_and_furniture_never_flagged(prefix: str) -> None:
    text = seed(prefix).read_text(encoding="utf-8")
    report = score(text)
    furniture = report.quality.boilerplate
    assert furniture, "every seed page has menus or footers"
    for span in report.spans:
        assert not any(start < span.end and span.start < end for start, end, _ in furniture), span
    main = [(s, e) for s, e in _main_ranges(text, furniture)]
    paragraphs = [line for line in text.splitlines() if len(line.split()) >= LONG_LINE_WORDS]
    kept = [p for p in paragraphs if any(p.strip() in text[s:e] for s, e in main)]
    assert len(kept) >= len(paragraphs) - 1, f"{len(paragraphs) - len(kept)} article paragraphs lost"
    menu_words = sum(len(text[s:e].split()) for s, e in main if len(text[s:e].split()) <= 3)
    assert menu_words <= 10, "menu-length lines were kept as main text"
    main_words = sum(len(text[s:e].split()) for s, e in main)
    assert report.n_words <= 1.1 * main_words + 5, "n_words must count main text only"


def _main_ranges(text: str, furniture: tuple[tuple[int, int, str], ...]) -> list[tuple[int, int]]:
    """Non-blank lines of `text` that are not boilerplate."""
    starts = {start for start, _, _ in furniture}
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and pos not in starts:
            out.append((pos, pos + len(body)))
        pos += len(line)
    return out


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_clean_seed_pages_carry_no_quality_flag_but_boilerplate(prefix: str) -> None:
    report = score(seed(prefix).read_text(encoding="utf-8"))
    assert {f.name for f in report.quality.flags} <= {"boilerplate"}, report.quality.flags
    assert report.language_supported and report.quality.language == "en"


def test_filler_seed_is_flagged_and_not_called_spun() -> None:
    report = score(seed("003").read_text(encoding="utf-8"))
    names = {f.name for f in report.quality.flags}
    assert names & {"repeated_phrasing", "repeated_ngrams", "repeated_lines"}, report.quality.flags
    assert report.label != "spun"


# A clean page may score at most what the span issue allows tricky clean text on average. The
# earlier bound, 0.2, sat below the spun head's mean on clean validation documents (0.207: a
# document spun at 5% reads like a clean one, so a calibrated clean score is rarely near 0); the
# news page 004 (modern technology vocabulary, half page furniture) went 0.18 -> 0.22 when the
# window scorer learned the domain-vocabulary features. See docs/experiments.md.
CLEAN_PAGE_MAX = 0.25


def test_document_scores_on_seed_pages() -> None:
    """The spun page scores at least 0.9, the clean pages at most CLEAN_PAGE_MAX and are labelled clean."""
    assert score(seed("002").read_text(encoding="utf-8")).score >= 0.9
    for prefix in ("000", "001", "003", "004"):
        report = score(seed(prefix).read_text(encoding="utf-8"))
        assert report.score <= CLEAN_PAGE_MAX, (prefix, report.score, report.reasons)
        assert report.label == "clean"
