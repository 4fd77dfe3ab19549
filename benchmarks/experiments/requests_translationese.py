"""Would round trips of short requests teach the translationese table the conversational register?

    PYTHONPATH=. .venv/bin/python benchmarks/experiments/requests_translationese.py   # about 3 minutes

The MT score tells single round-tripped conversational utterances (`chatterbot-corpus`, the
`chat` test source of `training.roundtrip`) from human ones with ROC AUC 0.54 lower-cased, and
the translationese table's mean alone with 0.52 (BBC News: 0.72): the round trips it was built
from are encyclopaedic, news, medical, political and legal prose. Short spoken requests and a
voice assistant's replies ship as example utterances inside PyPI's OpenVoiceOS skills
(`REQUEST_PACKAGES`, Apache-2.0: their `locale/en-us` `.intent` and `.dialog` lines of three
words or more, templates with slots or alternatives left out). Their train split (by hash) goes
through the offline engine, and the translationese table is rebuilt with and without them.
Printed: ROC AUC of the table's mean, one lower-cased utterance against another (chat) or one
BBC sentence against another. Nothing is written; the wheels and round trips stay in the cache.
"""

from __future__ import annotations

import sys
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from detector.text import tokenize
from detector.training import translationese
from detector.training.corpus import _wheel, split_of
from detector.training.roundtrip import engine, path_for, read, round_trips

# The skills with 30 or more usable English lines (weather, date and time, alerts, dictation,
# news, jokes, quotes and small talk).
REQUEST_PACKAGES = (
    "ovos-skill-weather==1.0.6",
    "ovos-skill-icanhazdadjokes==0.3.7",
    "ovos-skill-date-time==1.1.5",
    "ovos-skill-moon-game==0.0.2",
    "ovos-skill-alerts==0.1.28",
    "ovos-skill-dictation==0.2.21",
    "ovos-skill-news==0.4.6",
    "ovos-skill-confucius-quotes==0.2.0",
    "ovos-skill-personal==0.1.19",
    "ovos-skill-iss-location==0.2.16",
    "ovos-skill-parrot==0.1.25",
    "ovos-skill-fart==1.0.1",
    "ovos-skill-diagnostics==0.0.8",
    "ovos-skill-holidays==0.0.3",
    "ovos-skill-setup==0.0.1",
    "ovos-skill-mark1-ctrl==0.0.1",
)


def request_lines() -> list[str]:
    """Every usable English example utterance of the skills, each once, sorted."""
    lines = set()
    for package in REQUEST_PACKAGES:
        with zipfile.ZipFile(_wheel(package)) as archive:
            for member in archive.namelist():
                lower = member.lower()
                if "/locale/en-us/" not in lower or not lower.endswith((".intent", ".dialog")):
                    continue
                for raw in archive.read(member).decode("utf-8", "replace").splitlines():
                    line = " ".join(raw.split())
                    template = any(c in line for c in "{(|")
                    if line and not line.startswith("#") and not template and len(line.split()) >= 3:
                        lines.add(line)
    return sorted(lines)


def mean_ratio(table: dict[str, float], text: str) -> float:
    words = [t.lower for t in tokenize(text)]
    return float(np.mean([table.get(w, 0.0) for w in words])) if words else 0.0


def auc(table: dict[str, float], machine: list[str], human: list[str]) -> float:
    from sklearn.metrics import roc_auc_score

    scores = [mean_ratio(table, x) for x in machine + human]
    return round(float(roc_auc_score([1] * len(machine) + [0] * len(human), scores)), 3)


def main() -> int:
    lines = request_lines()
    train = [line for line in lines if split_of(line) == "train"]
    forward, back = engine()
    trips = list(round_trips(train, forward, back))
    output, source = Counter(), Counter()
    for trip in trips:
        output.update(t.lower for t in tokenize(trip.output))
        source.update(t.lower for t in tokenize(trip.source))
    print(f"{len(lines)} request lines, {len(trips)} round-tripped (train split)")
    base_out, base_src = translationese.counts()
    tables = {
        "shipped sources": translationese.table(base_out, base_src),
        "shipped sources plus requests": translationese.table(base_out + output, base_src + source),
        "requests alone": translationese.table(output, source),
    }
    sets = {}
    for name in ("chat", "bbc"):
        path = path_for(name, "test")
        if not path.exists():
            raise SystemExit(f"{path} is missing: run `python -m detector.training.roundtrip --all` first")
        held = read(path)
        sets[name] = ([t.output.lower() for t in held[0::2]], [t.source.lower() for t in held[1::2]])
    for name, table in tables.items():
        print(name, {f"{s} lower-cased": auc(table, *pair) for s, pair in sets.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
