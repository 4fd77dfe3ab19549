"""Batch scoring of input records: one `Result` per `Record`, in input order, whatever happens.

The command line and any pipeline that reads files go through here: records from
`detector.batch.records`, scored with the public `score` in this process or in joblib workers
(`detector.parallel`), each failure kept as a result instead of ending the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from detector.batch.records import Record
from detector.parallel import ordered_map
from detector.types import Report


@dataclass(frozen=True, slots=True)
class Result:
    """A record and its report, or why there is none."""

    record: Record
    report: Report | None
    error: str | None = None

    @property
    def status(self) -> Literal["ok", "error", "skipped"]:
        if self.report is not None:
            return "ok"
        return "skipped" if self.record.skipped else "error"


def _score_chunk(records: list[Record], options: dict[str, Any]) -> list[Result]:
    from detector.api import score

    out = []
    for record in records:
        if record.text is None:
            out.append(Result(record, None, record.error))
            continue
        try:
            report = score(record.text, **{**options, "format": options.get("format") or record.format})
        except Exception as error:  # noqa: BLE001 - one failing record must not end a batch of millions
            out.append(Result(record, None, f"internal error: {type(error).__name__}: {error}"))
            continue
        if record.note:
            report = replace(report, notes=(record.note, *report.notes))
        out.append(Result(record, report))
    return out


def score_records(
    records: Iterable[Record], *, n_jobs: int = 1, chunk_size: int = 16, **options: Any
) -> Iterator[Result]:
    """A `Result` per record, in order, as they are ready; `options` are `score`'s keyword options
    (a `format` given here overrides each record's own)."""
    if options.get("allow") is not None:
        from detector.api import load_allowlist

        options["allow"] = load_allowlist(options["allow"])  # read once here, not once per worker chunk
    yield from ordered_map(_score_chunk, records, options, n_jobs=n_jobs, chunk_size=chunk_size)
