"""Shipped model files, read only after they prove to be the ones the manifest describes.

Every model (discovery windows, MT words, document heads) ships as LightGBM text plus a JSON
manifest holding its SHA-256. A missing, truncated, edited or mismatched file must stop the
scorer with a message that names the file and says how to fix it: a silently wrong score
is worse than none. Nothing is unpickled.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any


class ModelFileError(RuntimeError):
    """A shipped model file is missing, altered, or built for other features."""


FIX = "reinstall the package, or rebuild the models with `python -m detector.train`"


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
