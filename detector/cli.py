"""Command line: `detector score FILE...` (JSON Lines or a readable text view).

Kept small and import-light: argparse first, the scorer only once there is work to do, so
`detector --help` answers at once. Exit codes: 0 clean, 1 something flagged (with
`check`), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from detector.types import Span

BOLD_RED = "\033[1;31m"
DIM = "\033[2m"
RESET = "\033[0m"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="detector", description="Find spun and tortured phrasing in English text.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("score", "score files and print results"),
        ("check", "like score, exit 1 if any is labelled spun or machine-translated"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("paths", nargs="+", type=Path, help="text or HTML files ('-' for standard input)")
        p.add_argument(
            "--input-format",
            choices=("auto", "text", "html"),
            default="auto",
            help="how to read inputs (default: by extension, .html/.htm as HTML, else by content)",
        )
        p.add_argument("--format", choices=("jsonl", "text"), default="jsonl")
        p.add_argument("--fingerprints", type=Path, help="a Problematic Paper Screener export CSV to match as well")
        p.add_argument("--no-discovery", action="store_true", help="match listed phrases only")
        p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    train = sub.add_parser("train", help="rebuild the MT word scorer and the document classifier (a few minutes)")
    train.add_argument("--jobs", type=int, default=2)
    train.add_argument("--no-mt", action="store_true", help="skip MLQE-PE even when present")
    train.add_argument("--keep-word-model", action="store_true", help="do not retrain the MT word scorer first")
    return parser.parse_args(argv)


def highlight(text: str, spans: Sequence[Span], color: bool, boilerplate: Sequence[tuple[int, int, str]] = ()) -> str:
    """The text with each span marked and its suggested original after it; with colour,
    boilerplate lines (never flagged) are dimmed."""
    marks: list[tuple[int, int, str]] = []
    for span in spans:
        suggestion = f" -> {span.suggestion}" if span.suggestion else ""
        if color:
            marks.append((span.start, span.end, f"{BOLD_RED}[{span.text}]{RESET}{DIM}{{{suggestion.strip()}}}{RESET}"))
        else:
            marks.append((span.start, span.end, f"[{span.text}]{{{suggestion.strip()}}}"))
    if color:
        marks.extend((start, end, f"{DIM}{text[start:end]}{RESET}") for start, end, _ in boilerplate)
    out, cursor = [], 0
    for start, end, rendered in sorted(marks):
        out.append(text[cursor:start])
        out.append(rendered)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _input_format(path: Path, choice: str) -> str:
    if choice == "auto" and path.suffix.lower() in (".html", ".htm"):
        return "html"
    return choice


def _read(path: Path) -> tuple[str, str | None]:
    """The file's text, and a note when it was not plain UTF-8."""
    from detector.decoding import decode

    data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    decoded = decode(data)
    if decoded.fallback_lines == 0:
        return decoded.text, None
    return decoded.text, f"{decoded.fallback_lines} lines were not UTF-8 and were read as {decoded.encoding}"


def process_args(args: argparse.Namespace) -> int:
    from detector import score

    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    flagged = False
    for path in args.paths:
        try:
            text, decoding_note = _read(path)
        except OSError as error:
            print(f"detector: cannot read {path}: {error.strerror or error}", file=sys.stderr)
            return 2
        try:
            report = score(
                text,
                fingerprints=args.fingerprints,
                discover=not args.no_discovery,
                format=_input_format(path, args.input_format),  # type: ignore[arg-type]
            )
        except (OSError, ValueError) as error:
            print(f"detector: {error}", file=sys.stderr)
            return 2
        flagged |= report.label in ("spun", "mt")
        if decoding_note:
            report = replace(report, notes=(decoding_note, *report.notes))
        if args.format == "jsonl":
            print(json.dumps({"source": str(path), **report.to_dict()}))
        else:
            print(
                f"== {path}: {report.label} (spun {report.score:.2f}, machine-translated {report.mt_score:.2f}; "
                f"{len(report.spans)} suspect spans, {report.n_words} words)"
            )
            for reason in report.reasons:
                print(f"   why: {reason}")
            for note in report.notes:
                print(f"   note: {note}")
            shown = report.text if report.text is not None else text
            print(highlight(shown, report.spans, color, report.quality.boilerplate).rstrip())
            print()
    return 1 if (args.command == "check" and flagged) else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "train":
        from detector.training.doc_model import main as train

        options = ["--jobs", str(args.jobs)] + ["--no-mt"] * args.no_mt + ["--keep-word-model"] * args.keep_word_model
        train(options)
        return 0
    return process_args(args)


if __name__ == "__main__":
    raise SystemExit(main())
