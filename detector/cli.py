"""Command line: `detector score` writes results, `detector check` gates (CI, pre-commit).

Conventions of linters and data tools: one output record per input record, in input order
(JSON Lines by default; also CSV, a terminal view, GitHub annotations); a bad record becomes
an error record and the run goes on; a one-line message on stderr per problem, never a
traceback for a user error. Exit codes: 0 nothing flagged, 1 something flagged (`check`
only), 2 usage or input error (including any record that could not be read), 130 interrupted.

Kept import-light: argparse first, readers and the scorer only once there is work to do, so
`detector --help` answers at once.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from detector.batch.outputs import OUTPUT_FORMATS  # light modules: no numpy, no scorer
from detector.batch.records import INPUT_FORMATS

if TYPE_CHECKING:
    from detector.batch.run import Result

EXIT_CLEAN, EXIT_FLAGGED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
FAIL_ON = ("spun", "mt", "quality", "any")
MAX_MESSAGES = 20  # per-record problems echoed to stderr; the rest are counted


class UsageError(Exception):
    """Bad options or inputs as a whole: exit 2 with one line on stderr."""


def _fail_on(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in FAIL_ON]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of {', '.join(FAIL_ON)}")
    return names


def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {value}")
    return number


class _Deprecated(argparse.Action):
    """An option's old name: still works for one release, with a warning saying the new one."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, value: Any, flag: Any = None
    ) -> None:
        print(f"detector: {flag} is deprecated, use --{self.dest}", file=sys.stderr)
        setattr(namespace, self.dest, value)


def _positive(value: str) -> int:
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1 and number != -1:
        raise argparse.ArgumentTypeError(f"must be a positive number (or -1 for every core), got {value}")
    return number


def _byte_count(value: str) -> int:
    """--max-bytes: at least one byte; -1 is no "every core" here, and a limit below one would
    refuse every record."""
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 byte, got {value}")
    return number


def _add_scoring_options(p: argparse.ArgumentParser) -> None:
    inputs = p.add_argument_group("inputs")
    inputs.add_argument(
        "paths",
        nargs="*",
        help="files or folders (searched recursively); '-' or nothing for standard input",
    )
    inputs.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default="auto",
        help="how to read inputs (default: by extension: .jsonl/.ndjson, .csv, .html/.htm; else text or HTML by content)",
    )
    inputs.add_argument("--text-field", default="text", help="JSONL field or CSV column with the text (default: text)")
    inputs.add_argument("--id-field", default="id", help="JSONL field or CSV column with the record id (default: id)")
    inputs.add_argument(
        "--glob",
        action="append",
        metavar="PATTERN",
        help="file name pattern to take from folders, repeatable (default: *.txt *.md *.html *.htm *.jsonl *.csv ...)",
    )
    inputs.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=10_000_000,
        help="largest record (a whole file, a JSONL line, a CSV row) to score; larger ones become error records",
    )
    scoring = p.add_argument_group("scoring")
    scoring.add_argument("--threshold", type=_probability, help="flag as spun from this probability (default: stored)")
    scoring.add_argument("--mt-threshold", type=_probability, help="flag as machine-translated from this probability")
    scoring.add_argument("--pps", help="a Problematic Paper Screener export CSV to match as well")
    scoring.add_argument("--fingerprints", dest="pps", action=_Deprecated, help=argparse.SUPPRESS)
    scoring.add_argument("--allow", help="file of phrases and names never to flag, one per line (# comments)")
    scoring.add_argument("--no-discovery", action="store_true", help="match listed phrases only")
    scoring.add_argument(
        "--deep", action="store_true", help='verify spans with a neural language model (extra: "detector[deep]")'
    )
    scoring.add_argument(
        "--thorough",
        action="store_true",
        help="with --deep: the language model chooses every span's suggestion (a little over twice as slow)",
    )
    scoring.add_argument("--jobs", type=_positive, default=1, help="worker processes (-1: one per core; default 1)")
    output = p.add_argument_group("output")
    output.add_argument("--format", choices=OUTPUT_FORMATS, default="jsonl", help="output format (default: jsonl)")
    output.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in --format text")
    output.add_argument("--no-progress", action="store_true", help="no progress bar (shown only on a terminal)")
    output.add_argument("--quiet", action="store_true", help="no summary line on a terminal's stderr")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="detector",
        description="Find spun and machine-translated English: tortured phrases, their likely originals, a score.",
        epilog="Exit codes: 0 nothing flagged, 1 flagged (check), 2 usage or input error, 130 interrupted.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    score = sub.add_parser("score", help="score inputs and write one result per record")
    _add_scoring_options(score)
    check = sub.add_parser("check", help="like score; exit 1 when any record is flagged (a CI gate)")
    _add_scoring_options(check)
    check.add_argument(
        "--fail-on",
        type=_fail_on,
        default=["spun", "mt"],
        metavar="{spun,mt,quality,any}",
        help="what fails the check, comma-separated (default: spun,mt; quality: any quality flag; any: all three)",
    )
    train = sub.add_parser("train", help="rebuild the MT word scorer and the document classifier (a few minutes)")
    train.add_argument("--jobs", type=int, default=2)
    train.add_argument("--no-mt", action="store_true", help="skip MLQE-PE even when present")
    train.add_argument(
        "--keep-word-model", action="store_true", help="do not retrain the MT word and edit scorers first"
    )
    train.add_argument(
        "--extra", action="append", default=[], metavar="FILE", help="reviewed documents exported by the review UI"
    )
    return parser.parse_args(argv)


def fails(result: Result, fail_on: Sequence[str]) -> bool:
    """Whether a scored record trips the gate."""
    report = result.report
    if report is None:
        return False
    wanted = set(FAIL_ON[:3]) if "any" in fail_on else set(fail_on)
    return (report.label in wanted) or ("quality" in wanted and bool(report.quality.flags))


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """score() options, with user files checked up front so a typo fails at once, not per record."""
    for name in ("pps", "allow"):
        path = getattr(args, name)
        if path is not None and not os.path.isfile(path):
            raise UsageError(f"--{name} {path}: no such file")
    import detector

    if args.pps is not None:
        try:
            detector.load_pps(args.pps)
        except (OSError, ValueError) as error:
            raise UsageError(f"--pps {args.pps}: {error}") from None
    allow = None
    if args.allow is not None:
        try:
            allow = detector.load_allowlist(args.allow)
        except (OSError, ValueError) as error:
            raise UsageError(f"--allow {args.allow}: {error}") from None
    options: dict[str, Any] = {"discover": not args.no_discovery, "allow": allow}
    if args.thorough and not args.deep:
        raise UsageError("--thorough: it refines the deep check; add --deep")
    if args.deep:
        try:
            detector.check_deep()
        except detector.DeepUnavailable as error:
            raise UsageError(f"--deep: {error}") from None
        options["deep"] = "thorough" if args.thorough else True
    if args.pps is not None:
        options["pps"] = args.pps
    if args.threshold is not None:
        options["threshold"] = args.threshold
    if args.mt_threshold is not None:
        options["mt_threshold"] = args.mt_threshold
    return options


def _progress(results: Any, disabled: bool) -> Any:
    if disabled or not sys.stderr.isatty():
        return results
    from tqdm import tqdm

    return tqdm(results, unit=" records", file=sys.stderr, mininterval=0.5, dynamic_ncols=True)


def run(args: argparse.Namespace) -> int:
    """Read, score and write every record; the exit code."""
    from detector.batch import outputs, records
    from detector.batch import run as batch

    started = time.time()
    paths = args.paths or [records.STDIN]
    if paths == [records.STDIN] and sys.stdin.isatty():
        raise UsageError("no inputs: give files or folders, or pipe text to standard input")
    globs = tuple(args.glob) if args.glob else records.DEFAULT_GLOBS
    options = _options(args)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    writer = outputs.WRITERS[args.format](sys.stdout, color)
    fail_on = getattr(args, "fail_on", ())
    counts: Counter[str] = Counter()
    flagged = False
    messages = 0
    stream = records.read(  # folders are searched as they come: one with no files is an error record
        paths,
        input_format=args.input_format,
        text_field=args.text_field,
        id_field=args.id_field,
        max_bytes=args.max_bytes,
        globs=globs,
    )
    # joblib warns about chunks cancelled when a run is interrupted: the one-line message says it all.
    warnings.filterwarnings("ignore", message=".*tasks have been successfully executed", category=UserWarning)
    try:
        for result in _progress(batch.score_records(stream, n_jobs=args.jobs, **options), args.no_progress):
            writer.write(result)
            counts[result.status] += 1
            if result.report is not None:
                counts[result.report.label] += 1
                flagged |= fails(result, fail_on)
            else:
                messages += 1
                if messages <= MAX_MESSAGES:  # escaped: names and messages can quote the input
                    print(outputs.printable(f"detector: {result.record.where}: {result.error}"), file=sys.stderr)
    except KeyboardInterrupt:
        writer.close()
        # counts holds each record twice when scored (its status and its label): count statuses.
        written = outputs.plural(sum(counts[status] for status in ("ok", "error", "skipped")), "record")
        print(f"detector: interrupted after {written}; output so far is complete", file=sys.stderr)
        return EXIT_INTERRUPTED
    writer.close()
    if messages > MAX_MESSAGES:
        print(f"detector: ... and {outputs.plural(messages - MAX_MESSAGES, 'more record')} not scored", file=sys.stderr)
    if not args.quiet and sys.stderr.isatty():
        print(outputs.summary(counts, time.time() - started), file=sys.stderr)
    if counts["error"]:
        return EXIT_ERROR
    return EXIT_FLAGGED if (args.command == "check" and flagged) else EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "train":
        from detector.training.doc_model import main as train

        options = ["--jobs", str(args.jobs)] + ["--no-mt"] * args.no_mt + ["--keep-word-model"] * args.keep_word_model
        options += [item for path in args.extra for item in ("--extra", path)]
        train(options)
        return EXIT_CLEAN
    try:
        return run(args)
    except UsageError as error:
        print(f"detector: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLEAN


if __name__ == "__main__":
    raise SystemExit(main())
