"""Shipped model files, read only after they prove to be the ones the manifest describes.

Every model (discovery windows, MT words, document heads) ships as LightGBM text plus a JSON
manifest holding its SHA-256. A missing, truncated, edited or mismatched file must stop the
scorer with a message that names the file and says how to fix it: a silently wrong score
is worse than none. Nothing is unpickled.

The JSON manifests (thresholds, calibration) and the TSV tables (curated fingerprints,
thesaurus links) steer labels and suggestions as much as the boosters do, so every file in
`detector/data` is also recorded in one list of hashes, `MANIFEST.json`, that
`detector.resources.data_file` checks once per process before a file is used. The training
scripts rewrite that list after writing their files; after editing a table by hand, run
`python -m detector.model_files --write-manifest`.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any


class ModelFileError(RuntimeError):
    """A shipped model file is missing, altered, or built for other features."""


FIX = "reinstall the package, or rebuild the models with `python -m detector.train`"
MANIFEST_NAME = "MANIFEST.json"
# The shipped kinds of data file (pyproject's package-data), each recorded in MANIFEST_NAME.
SHIPPED_PATTERNS = ("*.json", "*.tsv", "*.txt", "*.npz")
RECORD = (
    "reinstall the package; after changing a data file on purpose, record it with "
    "`python -m detector.model_files --write-manifest`"
)


@lru_cache(maxsize=1)
def predict_threads() -> int:
    """Threads for one LightGBM prediction over a page's words or windows: two halve its time
    even for fifty rows; more cost more than they save on a page. One where the environment
    asks for it: joblib's worker processes set OMP_NUM_THREADS so that they share the cores."""
    try:
        limit = int(os.environ.get("OMP_NUM_THREADS") or 2)
    except ValueError:
        limit = 2
    return max(1, min(2, os.cpu_count() or 1, limit))


def library_versions() -> dict[str, str]:
    """The versions a model was trained with, recorded in its manifest (a refit under other
    versions is not byte-identical, and the manifest says why)."""
    import platform
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        **{name: version(name) for name in ("lightgbm", "numpy", "scikit-learn", "wordfreq", "pocketsphinx")},
    }


def save_booster(booster: Any, path: Path) -> str:
    """Write a trained booster as LightGBM text; its SHA-256, for the manifest that vouches for it."""
    text = booster.model_to_string()
    path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_manifest(path: Path) -> dict[str, Any]:
    """A JSON manifest as a dict, or a ModelFileError naming the file (missing, bad JSON)."""
    if not path.exists():
        raise ModelFileError(f"{path} is missing; {FIX}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelFileError(f"{path} is not valid JSON ({error}); {FIX}") from error
    if not isinstance(manifest, dict):
        raise ModelFileError(f"{path} is not a model manifest; {FIX}")
    return manifest


def read_model(path: Path, sha256: object, manifest_path: Path) -> str:
    """The model text, after its bytes matched `sha256` from the manifest."""
    if not path.exists():
        raise ModelFileError(f"{path} is missing; {FIX}")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ModelFileError(f"{path} does not match the hash in {manifest_path}; {FIX}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:  # pragma: no cover - the hash check catches it first
        raise ModelFileError(f"{path} is not a LightGBM text model; {FIX}") from error


def read_text(path: Path) -> str:
    """A shipped table's text, or a ModelFileError naming the file: a bare UnicodeDecodeError
    would not say which file has the bad bytes."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ModelFileError(f"{path} cannot be read ({error}); {FIX}") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ModelFileError(f"{path} is not UTF-8 text ({error}); {FIX}") from error


def table_rows(path: Path, width: int = 2) -> list[tuple[str, ...]]:
    """The first `width` tab-separated fields of each row of a shipped table (comments and blank
    lines skipped), or a ModelFileError naming the file and line: a bad row must not pass as
    a bare ValueError from deep inside the table build."""
    rows = []
    for number, line in enumerate(io.StringIO(read_text(path), newline=None), start=1):
        if line.startswith("#") or not line.strip():
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) < width:
            raise ModelFileError(f"{path}, line {number}: expected {width} tab-separated fields; {FIX}")
        rows.append(tuple(fields[:width]))
    return rows


def field(manifest: dict[str, Any], key: str, manifest_path: Path) -> Any:
    """A required manifest entry, or a ModelFileError naming the file."""
    try:
        return manifest[key]
    except KeyError as error:
        raise ModelFileError(f"{manifest_path} has no {key!r}; {FIX}") from error


def load_booster(model_file: Path, manifest_file: Path, features: tuple[str, ...]) -> tuple[Any, dict[str, Any]]:
    """A single-model LightGBM booster and its manifest, after the hash and feature checks."""
    import lightgbm

    manifest = read_manifest(manifest_file)
    text = read_model(model_file, manifest.get("model_sha256"), manifest_file)
    if tuple(manifest.get("features", ())) != features:
        raise ModelFileError(f"{manifest_file} lists other features than this code computes; {FIX}")
    return lightgbm.Booster(model_str=text), manifest


@dataclass(frozen=True)
class PhraseScorer:
    """A LightGBM phrase scorer and the probability above which a phrase is reported (the calque
    scorer's)."""

    booster: Any
    threshold: float
    manifest: dict[str, Any]

    def probabilities(self, matrix: Any) -> Any:
        import numpy as np

        if not len(matrix):
            return np.zeros(0, dtype=np.float32)
        return self.booster.predict(matrix, num_threads=predict_threads()).astype(np.float32)


def load_phrase_scorer(model_file: Path, manifest_file: Path, features: tuple[str, ...]) -> PhraseScorer:
    """`load_booster`, and the manifest's reporting threshold, which must be a probability."""
    booster, manifest = load_booster(model_file, manifest_file, features)
    threshold = field(manifest, "threshold", manifest_file)
    if not isinstance(threshold, float) or not 0.0 < threshold < 1.0:
        raise ModelFileError(f"{manifest_file}: threshold must be a probability")
    return PhraseScorer(booster, threshold, manifest)


def shipped_names(folder: Path) -> list[str]:
    """The data files in `folder` that MANIFEST_NAME records: the shipped kinds, itself excepted."""
    names = {p.name for pattern in SHIPPED_PATTERNS for p in folder.glob(pattern) if p.is_file()}
    return sorted(names - {MANIFEST_NAME})


def write_manifest(folder: Path) -> Path:
    """Record the SHA-256 of every shipped data file in `folder` (the build step after training
    or after a table was edited by hand), and forget what this process had checked."""
    hashes = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in shipped_names(folder)}
    manifest = {
        "about": "SHA-256 of each shipped data file, checked before use; "
        "rewrite with `python -m detector.model_files --write-manifest`",
        "sha256": hashes,
    }
    path = folder / MANIFEST_NAME
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    recorded_hashes.cache_clear()
    verified.cache_clear()
    return path


@lru_cache(maxsize=4)
def recorded_hashes(folder: Path) -> dict[str, str]:
    """The hashes MANIFEST_NAME records for `folder`, read once per process."""
    path = folder / MANIFEST_NAME
    hashes = field(read_manifest(path), "sha256", path)
    if not isinstance(hashes, dict) or not all(isinstance(v, str) for v in hashes.values()):
        raise ModelFileError(f"{path}: 'sha256' is not a table of file hashes; {RECORD}")
    return hashes


@cache
def verified(folder: Path, name: str) -> Path:
    """`folder / name` once its bytes matched the hash MANIFEST_NAME records (hashed once per
    process: a failure is not cached, so a fixed file is accepted on the next call)."""
    path = folder / name
    expected = recorded_hashes(folder).get(name)
    if expected is None:
        raise ModelFileError(f"{path} is not recorded in {folder / MANIFEST_NAME}; {RECORD}")
    if not path.is_file():
        raise ModelFileError(f"{path} is missing; {FIX}")
    if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
        raise ModelFileError(f"{path} does not match its SHA-256 in {folder / MANIFEST_NAME}; {RECORD}")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """`--write-manifest` records the data files' hashes; `--check` verifies every recorded file."""
    parser = argparse.ArgumentParser(prog="python -m detector.model_files", description=main.__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent / "data")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write-manifest", action="store_true", help=f"rewrite {MANIFEST_NAME}")
    action.add_argument("--check", action="store_true", help=f"check every file {MANIFEST_NAME} records")
    args = parser.parse_args(argv)
    if args.write_manifest:
        path = write_manifest(args.data)
        print(f"recorded {len(recorded_hashes(args.data))} files in {path}", file=sys.stderr)
        return 0
    try:
        names = sorted(recorded_hashes(args.data))
        for name in names:
            verified(args.data, name)
        unrecorded = sorted(set(shipped_names(args.data)) - set(names))
        if unrecorded:
            raise ModelFileError(f"{', '.join(unrecorded)} not recorded in {args.data / MANIFEST_NAME}; {RECORD}")
    except ModelFileError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{len(names)} data files match {args.data / MANIFEST_NAME}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
