"""Offline language identification benchmark: is a text English or not?

    .venv/bin/python benchmarks/experiments/language_id.py        # writes benchmarks/results/language_id.json

Candidates (all offline, PyPI only, open-set: no restriction to a language list):
- py3langid (`langid.classify`, its 97-language model);
- langdetect (`DetectorFactory.seed = 0`);
- lingua-language-detector, all languages, high-accuracy and low-accuracy mode
  (install it into the venv for this benchmark: `pip install lingua-language-detector`;
  a candidate whose package is missing is skipped);
- an inline function-word baseline: share of word tokens (regex [^\\W\\d_]+) in a ~150-word
  English function-word list; English if share >= 0.25 (the share's ROC AUC is reported too);
- for reference, the check shipped at commit e598b20 (`detector.text.english_share >= 0.45`,
  without the API's bypass for texts under 8 words), when `detector.text` imports.

Data: MLQE-PE post-editing sets (CC0), dev and test splits only (never train), read straight from
the tarballs in <shared>/mlqe-pe: .src (et, ne, ro, ru, si) is the non-English side, .mt (machine
translation) and .pe (human post-edit) the English side. <shared> is $DETECTOR_SHARED_DATA or
../shared/data next to the repository. Plus a small inline team-written set (below). Without the
MLQE folder the script prints a message and exits 0.

Units: (a) single sentences; (b) documents of 5 consecutive sentences; (c) documents of 40+ words
(consecutive sentences joined until 40 words). Metrics per candidate and unit: accuracy on English
(mt, pe), on each source language, balanced accuracy = mean(mean(mt, pe), mean over the five source
languages), the same by length bucket (<8, 8-20, >20 words), the commonest wrong labels; then time
per call (mean over a few thousand calls after warm-up), import + load time and RSS increase in a
fresh subprocess, and install size.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tarfile
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "benchmarks" / "results" / "language_id.json"
SOURCE_LANGS = ("et", "ne", "ro", "ru", "si")
LATIN_SOURCES = ("et", "ro")
SPLITS = {"dev": "dev", "test": "test20"}  # tarball split name -> file stem inside it
BUCKETS = (("<8", 0, 7), ("8-20", 8, 20), (">20", 21, 10**9))

# ---------------------------------------------------------------------------------------------
# TEAM-WRITTEN SAMPLES. Original sentences written by the team for this benchmark (not taken
# from any corpus): ten each in French, German, Spanish, Italian, Dutch and Portuguese, and ten
# English texts of varied style (headlines, lists, non-native but correct English, names).
# ---------------------------------------------------------------------------------------------
TEAM_SAMPLES: dict[str, list[str]] = {
    "fr": [
        "Le train de huit heures est encore en retard ce matin.",
        "Merci beaucoup pour votre aide.",
        "Nous avons visité un petit village au bord de la mer pendant les vacances d'été.",
        (
            "La mairie a décidé de fermer la piscine municipale pour des travaux de rénovation qui devraient "
            "durer au moins six mois, au grand regret des familles du quartier."
        ),
        "Il pleut depuis trois jours.",
        "Les chercheurs ont mesuré la température de l'eau dans plusieurs lacs de montagne.",
        "Mon voisin cultive des tomates, des courgettes et des haricots dans son jardin.",
        (
            "Selon le rapport publié hier, la consommation d'électricité a légèrement baissé dans la région, "
            "malgré un hiver plus froid que prévu et une population en hausse."
        ),
        "Où se trouve la bibliothèque ?",
        "Elle a appris à jouer du violon quand elle avait sept ans, et elle n'a jamais arrêté depuis.",
    ],
    "de": [
        "Der Zug nach Hamburg fährt heute von Gleis sieben ab.",
        "Vielen Dank für die schnelle Antwort.",
        "Wir haben am Wochenende einen langen Spaziergang durch den Wald gemacht.",
        (
            "Die Stadtverwaltung hat angekündigt, dass die Brücke über den Fluss ab nächster Woche für "
            "mindestens drei Monate gesperrt wird, weil dringende Reparaturen nötig sind."
        ),
        "Das Wetter ist heute schön.",
        "Meine Großmutter backt jeden Sonntag einen Apfelkuchen für die ganze Familie.",
        "Die Forscher untersuchten, wie sich der Schlaf auf das Gedächtnis von Schülern auswirkt.",
        (
            "Nach Angaben des Verbandes ist die Zahl der Auszubildenden im Handwerk im vergangenen Jahr zum "
            "ersten Mal seit langer Zeit wieder gestiegen, vor allem in ländlichen Regionen."
        ),
        "Wo ist der nächste Bahnhof?",
        "Er hat das Buch in einer Nacht gelesen und am nächsten Morgen sofort seiner Schwester empfohlen.",
    ],
    "es": [
        "El autobús llega siempre tarde los lunes.",
        "Muchas gracias por tu ayuda.",
        "Durante el verano pasamos dos semanas en un pueblo pequeño de la costa.",
        (
            "El ayuntamiento ha anunciado que la biblioteca central permanecerá cerrada durante todo el mes "
            "de agosto para renovar la instalación eléctrica y cambiar los muebles antiguos."
        ),
        "Hace mucho calor hoy.",
        "Los estudiantes prepararon una presentación sobre la historia de su ciudad.",
        "Mi hermana trabaja en un hospital y a menudo tiene turnos de noche.",
        (
            "Según los datos publicados esta semana, el número de visitantes extranjeros ha aumentado de "
            "forma notable, sobre todo en las islas y en las grandes ciudades del norte."
        ),
        "¿Dónde está la estación?",
        "Aprendió a cocinar con su abuelo, que le enseñó a preparar la paella sin prisas y con paciencia.",
    ],
    "it": [
        "Il treno per Milano parte tra dieci minuti.",
        "Grazie mille per la pazienza.",
        "Abbiamo passato una settimana in montagna con alcuni amici dell'università.",
        (
            "Il comune ha deciso di chiudere la strada principale del centro storico per tutto il fine "
            "settimana, in occasione della festa del patrono e del mercato tradizionale."
        ),
        "Oggi piove molto.",
        "I ricercatori hanno studiato il comportamento delle api durante l'inverno.",
        "Mio padre legge il giornale ogni mattina mentre beve il caffè.",
        (
            "Secondo un'indagine recente, sempre più giovani scelgono di usare la bicicletta per andare al "
            "lavoro, soprattutto nelle città dove sono state costruite nuove piste ciclabili."
        ),
        "Dov'è la farmacia più vicina?",
        (
            "Ha imparato a suonare il pianoforte da sola, guardando le mani della sua insegnante durante le "
            "lezioni della sorella."
        ),
    ],
    "nl": [
        "De trein naar Utrecht vertrekt over vijf minuten.",
        "Hartelijk dank voor je hulp.",
        "We hebben vorige zomer een fietstocht langs de kust gemaakt.",
        (
            "De gemeente heeft besloten om het oude zwembad te slopen en op dezelfde plek een nieuw "
            "sportcentrum te bouwen, dat over twee jaar open moet gaan voor alle inwoners."
        ),
        "Het regent al de hele dag.",
        "De onderzoekers hebben gekeken hoeveel water de bomen in de stad nodig hebben.",
        "Mijn buurman repareert oude fietsen en verkoopt ze voor een lage prijs.",
        (
            "Volgens het nieuwe rapport is het aantal mensen dat thuis werkt de afgelopen jaren sterk "
            "toegenomen, vooral in de dienstverlening en in de grote steden van het westen."
        ),
        "Waar is het station?",
        "Zij leerde zwemmen in het meer achter het huis van haar grootouders, elke zomer weer.",
    ],
    "pt": [
        "O comboio para o Porto está atrasado outra vez.",
        "Muito obrigado pela ajuda.",
        "Passámos as férias numa pequena aldeia perto do rio, longe do barulho da cidade.",
        (
            "A câmara municipal anunciou que o mercado antigo vai ser renovado durante o próximo ano, e os "
            "comerciantes serão transferidos temporariamente para uma praça vizinha."
        ),
        "Hoje está muito frio.",
        "Os cientistas estudaram a forma como as aves migratórias encontram o caminho.",
        "A minha tia faz um bolo de laranja sempre que recebemos visitas.",
        (
            "De acordo com os números divulgados ontem, a produção de vinho na região cresceu bastante este "
            "ano, graças a uma primavera amena e a um verão sem grandes tempestades."
        ),
        "Onde fica a paragem do autocarro?",
        (
            "Ele aprendeu a tocar guitarra sozinho, com vídeos e muita paciência, e hoje dá aulas aos filhos "
            "dos vizinhos."
        ),
    ],
    "en": [
        "Council Approves New Budget After Late-Night Vote",  # headline
        "Storm Knocks Out Power To Thousands Across Coastal Towns",  # headline
        "Eggs, milk, flour, butter, two lemons, sugar, baking powder",  # list
        "Step 1: unplug the router. Step 2: wait ten seconds. Step 3: plug it back in.",  # list
        (
            "In our company we give great importance to the satisfaction of every customer, and we are "
            "always trying to improve our services."
        ),  # non-native but correct
        (
            "I have been living in this city for three years now, and I find that the people here are very "
            "friendly and always ready to help."
        ),  # non-native but correct
        (
            "Maria Kowalski, Jean-Luc Moreau, Hiroshi Tanaka and Olusegun Adeyemi met Anna Lindqvist in Copenhagen."
        ),  # names
        "Gonzalez passed to Müller, Müller found Rossi, and Rossi scored past De Jong in the 89th minute.",
        "lol no way, I'll be there in 5 mins, save me a seat ok?",  # informal
        (
            "The results suggest that moderate exercise improves sleep quality in older adults, although the "
            "effect was smaller than expected and varied considerably between participants."
        ),
    ],
}

# ---------------------------------------------------------------------------------------------
# Function-word baseline (inline, no dependency).
# ---------------------------------------------------------------------------------------------
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those some any each every no all both either neither such much many more
    most few less several other another
    i me my mine myself you your yours yourself he him his himself she her hers herself it its itself
    we us our ours ourselves they them their theirs themselves who whom whose which what something
    anything nothing everything someone anyone everyone
    of in on at to for with from by about into onto over under after before between through during
    without within against among around across above below behind beyond near toward towards upon
    since until via despite along off out up down
    and or but nor so yet because although though while whereas if unless whether than as when where
    why how then therefore however also too not only just very there here
    be is am are was were been being have has had having do does did done will would shall should can
    could may might must
    don doesn didn isn aren wasn weren won couldn wouldn shouldn
    """.split()  # noqa: SIM905
)
_WORD_RE = re.compile(r"[^\W\d_]+")
FW_THRESHOLD = 0.25


def function_word_share(text: str) -> float:
    words = _WORD_RE.findall(text)
    if not words:
        return 0.0
    return sum(1 for w in words if w.lower() in FUNCTION_WORDS) / len(words)


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------
_DETOK = [
    (re.compile(r" +([,.;:!?)\]}])"), r"\1"),
    (re.compile(r"([(\[{]) +"), r"\1"),
    (re.compile(r" +(n't|'s)\b"), r"\1"),
]


def detok(line: str) -> str:
    for pattern, repl in _DETOK:
        line = pattern.sub(repl, line)
    return line.strip()


def n_words(text: str) -> int:
    return sum(1 for tok in text.split() if any(c.isalpha() for c in tok))


def shared_dir() -> Path:
    env = os.environ.get("DETECTOR_SHARED_DATA")
    return Path(env) if env else (ROOT / ".." / "shared" / "data").resolve()


def read_pair(tar_path: Path, stem: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with tarfile.open(tar_path) as tar:
        for member in tar.getmembers():
            for side in ("src", "mt", "pe"):
                if member.isfile() and member.name.endswith(f"/{stem}.{side}"):
                    raw = tar.extractfile(member).read().decode("utf-8")
                    out[side] = [detok(x) for x in raw.splitlines()]
    return out


def build_units(mlqe: Path, max_per_split: int, seed: int) -> dict[str, list[dict]]:
    """{'sentence'|'doc5'|'doc40': [{'text','kind','words'}]}; kind is mt, pe, src:xx, team:xx."""
    rng = random.Random(seed)
    streams: list[tuple[str, list[str]]] = []  # (kind, consecutive texts)
    for lang in SOURCE_LANGS:
        for split, stem in SPLITS.items():
            path = mlqe / f"{lang}-en-{split}.tar.gz"
            if not path.exists():
                print(f"  missing {path.name}, skipped")
                continue
            sides = read_pair(path, stem)
            n = min(len(v) for v in sides.values())
            keep = sorted(rng.sample(range(n), min(n, max_per_split)))
            for side in ("src", "mt", "pe"):
                kind = f"src:{lang}" if side == "src" else side
                streams.append((kind, [sides[side][i] for i in keep if sides[side][i].strip()]))
    for lang, texts in TEAM_SAMPLES.items():
        streams.append((f"team:{lang}", list(texts)))
    units: dict[str, list[dict]] = {"sentence": [], "doc5": [], "doc40": []}
    for kind, texts in streams:
        for t in texts:
            units["sentence"].append({"text": t, "kind": kind})
        for i in range(0, len(texts) - 4, 5):
            units["doc5"].append({"text": " ".join(texts[i : i + 5]), "kind": kind})
        buf: list[str] = []
        count = 0
        for t in texts:
            buf.append(t)
            count += n_words(t)
            if count >= 40:
                units["doc40"].append({"text": " ".join(buf), "kind": kind})
                buf, count = [], 0
    for items in units.values():
        for item in items:
            item["words"] = n_words(item["text"])
    return units


# ---------------------------------------------------------------------------------------------
# Candidates: name -> (setup code for a fresh process, factory returning text -> (label, score))
# ---------------------------------------------------------------------------------------------
def make_py3langid():
    import py3langid as langid

    return lambda text: (langid.classify(text)[0], None)


def make_langdetect():
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def run(text):
        try:
            return detect(text), None
        except LangDetectException:
            return "unknown", None

    return run


def _make_lingua(low: bool, preload: bool = False):
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    if low:
        builder = builder.with_low_accuracy_mode()
    if preload:
        builder = builder.with_preloaded_language_models()
    detector = builder.build()

    def run(text):
        lang = detector.detect_language_of(text)
        return (lang.iso_code_639_1.name.lower() if lang is not None else "unknown"), None

    return run


def make_lingua_high():
    return _make_lingua(low=False)


def make_lingua_low():
    return _make_lingua(low=True)


def make_function_words():
    def run(text):
        share = function_word_share(text)
        return ("en" if share >= FW_THRESHOLD else "not-en"), share

    return run


SHIPPED_MIN_ENGLISH_SHARE = 0.45  # detector.api.MIN_ENGLISH_SHARE at commit e598b20


def make_detector_shipped():
    """The check as shipped at commit e598b20 (`detector.text.english_share` then), written out here so
    that it stays comparable while `detector` changes; uses the package's tokenizer and word list."""
    sys.path.insert(0, str(ROOT))
    from detector.text import FUNCTION_WORDS as SHIPPED_WORDS
    from detector.text import tokenize

    def run(text):
        tokens = tokenize(text)
        if not tokens:
            return "not-en", 0.0
        function = sum(1 for t in tokens if t.lower in SHIPPED_WORDS)
        ascii_words = sum(1 for t in tokens if "a" <= t.text[0].lower() <= "z")
        share = min(function / len(tokens) / 0.25, 1.0) * (ascii_words / len(tokens))
        return ("en" if share >= SHIPPED_MIN_ENGLISH_SHARE else "not-en"), share

    return run


CANDIDATES = {
    "py3langid": (make_py3langid, "py3langid"),
    "langdetect": (make_langdetect, "langdetect"),
    "lingua_high": (make_lingua_high, "lingua-language-detector"),
    "lingua_low": (make_lingua_low, "lingua-language-detector"),
    "function_words_0.25": (make_function_words, None),
    "detector_shipped_0.45": (make_detector_shipped, "detector"),
}

# What a fresh process runs to load each candidate (timed, RSS measured).
LOAD_CODE = {
    "py3langid": "import py3langid as langid\nf = lambda t: langid.classify(t)",
    "langdetect": (
        "from langdetect import DetectorFactory, detect\nDetectorFactory.seed = 0\n"
        "def f(t):\n    try:\n        return detect(t)\n    except Exception:\n        return None"
    ),
    "lingua_high": (
        "from lingua import LanguageDetectorBuilder\n"
        "f = LanguageDetectorBuilder.from_all_languages().build().detect_language_of"
    ),
    "lingua_high_preloaded": (
        "from lingua import LanguageDetectorBuilder\n"
        "f = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build().detect_language_of"
    ),
    "lingua_low": (
        "from lingua import LanguageDetectorBuilder\n"
        "f = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build().detect_language_of"
    ),
    "lingua_low_preloaded": (
        "from lingua import LanguageDetectorBuilder\n"
        "f = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode()"
        ".with_preloaded_language_models().build().detect_language_of"
    ),
    "function_words_0.25": (
        "import re\nW = re.compile(r'[^\\W\\d_]+')\nF = frozenset('the of and to in a is that'.split())\n"
        "def f(t):\n    w = W.findall(t)\n    return sum(x.lower() in F for x in w) / max(len(w), 1)"
    ),
    "detector_shipped_0.45": (
        "from detector.text import FUNCTION_WORDS as W, tokenize\n"
        "f = lambda t: sum(x.lower in W for x in tokenize(t)) / max(len(tokenize(t)), 1)"
    ),
}

LOAD_HARNESS = """
import json, sys, time
def rss_kb():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1])
warm = json.loads(sys.stdin.read())
r0 = rss_kb(); t0 = time.perf_counter()
{code}
f(warm[0])
t1 = time.perf_counter(); r1 = rss_kb()
for t in warm:
    f(t)
r2 = rss_kb()
print(json.dumps({{"load_s": t1 - t0, "rss_load_mb": (r1 - r0) / 1024, "rss_after_mixed_mb": (r2 - r0) / 1024,
                  "rss_base_mb": r0 / 1024}}))
"""


# ---------------------------------------------------------------------------------------------
# Evaluation (worker processes)
# ---------------------------------------------------------------------------------------------
_CACHE: dict[str, object] = {}


def _run_task(task: tuple[str, str, int, list[str]]):
    name, unit, start, texts = task
    if name not in _CACHE:
        _CACHE[name] = CANDIDATES[name][0]()
    fn = _CACHE[name]
    return name, unit, start, [fn(t) for t in texts]


def available(name: str) -> bool:
    try:
        CANDIDATES[name][0]()
        return True
    except Exception as exc:  # noqa: BLE001 - missing package: skip the candidate
        print(f"  candidate {name} unavailable: {type(exc).__name__}: {exc}")
        return False


def auc(pos: list[float], neg: list[float]) -> float | None:
    """ROC AUC by the Mann-Whitney statistic (ties count one half)."""
    if not pos or not neg:
        return None
    scored = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, i = 0.0, 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        avg_rank = (i + j + 1) / 2  # 1-based average rank of the tie group
        rank_sum += avg_rank * sum(1 for k in range(i, j) if scored[k][1] == 1)
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def _acc(items: list[tuple[dict, tuple]]) -> float | None:
    if not items:
        return None
    right = sum(1 for item, (label, _) in items if (label == "en") == item["is_en"])
    return round(right / len(items), 4)


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 4) if values else None


def metrics(items: list[dict], preds: list[tuple]) -> dict:
    pairs = list(zip(items, preds))
    by_kind: dict[str, list] = {}
    for item, pred in pairs:
        by_kind.setdefault(item["kind"], []).append((item, pred))
    kinds = sorted(by_kind)
    acc = {k: _acc(by_kind[k]) for k in kinds}
    n = {k: len(by_kind[k]) for k in kinds}
    src = [f"src:{lang}" for lang in SOURCE_LANGS if f"src:{lang}" in acc]
    team_non = [k for k in kinds if k.startswith("team:") and k != "team:en"]
    out = {
        "accuracy": acc,
        "n": n,
        "en_mt": acc.get("mt"),
        "en_pe": acc.get("pe"),
        "non_en_macro": _mean(acc[k] for k in src),
        "balanced": _mean([_mean([acc.get("mt"), acc.get("pe")]), _mean(acc[k] for k in src)]),
        "team_non_en": _acc([p for k in team_non for p in by_kind[k]]),
        "team_en": acc.get("team:en"),
    }
    buckets = {}
    mlqe = [(it, p) for it, p in pairs if not it["kind"].startswith("team:")]
    for bname, lo, hi in BUCKETS:
        inb = [(it, p) for it, p in mlqe if lo <= it["words"] <= hi]
        en = [x for x in inb if x[0]["is_en"]]
        per_src = {k: _acc([x for x in inb if x[0]["kind"] == k]) for k in src}
        buckets[bname] = {
            "n_en": len(en),
            "n_non_en": len(inb) - len(en),
            "en": _acc(en),
            "non_en_latin": _acc([x for x in inb if x[0]["kind"] in {f"src:{la}" for la in LATIN_SOURCES}]),
            "non_en_macro": _mean(per_src.values()),
            "balanced": _mean([_acc(en), _mean(per_src.values())]),
        }
    out["by_length"] = buckets
    errors = {}
    for k in kinds:
        wrong = Counter(label for item, (label, _) in by_kind[k] if (label == "en") != item["is_en"])
        if wrong:
            errors[k] = dict(wrong.most_common(4))
    out["wrong_labels"] = errors
    if preds and preds[0][1] is not None:  # a continuous English score: ROC AUC
        en_scores = [p[1] for it, p in mlqe if it["is_en"]]
        out["auc"] = {
            "mlqe_all": round(auc(en_scores, [p[1] for it, p in mlqe if not it["is_en"]]), 4),
            "mlqe_latin_only": round(auc(en_scores, [p[1] for it, p in mlqe if it["kind"] in ("src:et", "src:ro")]), 4),
        }
        team = [(it, p) for it, p in pairs if it["kind"].startswith("team:")]
        if team:
            a = auc([p[1] for it, p in team if it["is_en"]], [p[1] for it, p in team if not it["is_en"]])
            out["auc"]["team"] = round(a, 4) if a is not None else None
    return out


# ---------------------------------------------------------------------------------------------
# Speed, load, size
# ---------------------------------------------------------------------------------------------
def time_calls(fn, texts: list[str], warmup: int = 200, passes: int = 3) -> dict:
    """Mean time per call over all `texts`, the fastest of `passes` passes (robust to a busy machine)."""
    for t in texts[:warmup]:
        fn(t)
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - start)
    size = sum(len(t.encode("utf-8")) for t in texts)
    return {
        "calls": len(texts),
        "passes": passes,
        "mean_us": round(best / len(texts) * 1e6, 1),
        "kb_per_s": round(size / 1000 / best, 1),
        "mean_bytes": round(size / len(texts)),
    }


def measure_load(name: str, warm: list[str], repeats: int) -> dict | None:
    code = LOAD_HARNESS.format(code=LOAD_CODE[name])
    runs = []
    for _ in range(repeats):
        proc = subprocess.run(
            [sys.executable, "-c", code],
            check=False,
            input=json.dumps(warm),
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        if proc.returncode != 0:
            print(f"  load {name} failed: {proc.stderr.strip().splitlines()[-1:]}")
            return None
        runs.append(json.loads(proc.stdout))
    return {
        key: round(statistics.median(r[key] for r in runs), 3 if key == "load_s" else 1)
        for key in ("load_s", "rss_load_mb", "rss_after_mixed_mb")
    } | {"repeats": repeats}


def dist_info(dist_name: str | None) -> dict | None:
    if dist_name is None:
        return None
    try:
        dist = md.distribution(dist_name)
    except md.PackageNotFoundError:
        return None
    size = 0
    for f in dist.files or []:
        try:
            size += os.path.getsize(f.locate())
        except OSError:
            pass
    return {
        "version": dist.version,
        "installed_mb": round(size / 1e6, 1),
        "requires": [r for r in (dist.requires or []) if "extra ==" not in r],
    }


# ---------------------------------------------------------------------------------------------
def fmt(v) -> str:
    return "  -  " if v is None else f"{v * 100:5.1f}"


def print_tables(results: dict) -> None:
    cands = list(results["candidates"])
    header = "unit     candidate               mt    pe    et    ne    ro    ru    si  | bal  | team! team_en | <8   8-20  >20 (bal)"
    print("\nAccuracy (%) on the English-or-not task; bal = balanced accuracy; team! = team non-English")
    print(header)
    for unit in ("sentence", "doc5", "doc40"):
        for c in cands:
            m = results["candidates"][c]["quality"].get(unit)
            if not m:
                continue
            a = m["accuracy"]
            b = m["by_length"]
            row = (
                f"{unit:8} {c:22} "
                + " ".join(fmt(x) for x in (m["en_mt"], m["en_pe"]))
                + " "
                + " ".join(fmt(a.get(f"src:{la}")) for la in SOURCE_LANGS)
                + f" |{fmt(m['balanced'])} |{fmt(m['team_non_en'])} {fmt(m['team_en'])}   |"
                + " ".join(fmt(b[k]["balanced"]) for k, _, _ in BUCKETS)
            )
            print(row)
    print("\nSpeed, load, memory, size")
    print("candidate               sent µs  doc40 µs  doc40 KB/s | load s  RSS MB (load / after mixed) | install MB")
    for c in cands:
        r = results["candidates"][c]
        sp = r.get("speed") or {}
        ld = r.get("load") or {}
        inst = r.get("package") or {}
        s = sp.get("sentence", {})
        d = sp.get("doc40", {})
        print(
            f"{c:22} {s.get('mean_us', 0):8.0f} {d.get('mean_us', 0):9.0f} {d.get('kb_per_s', 0):10.0f} |"
            f" {ld.get('load_s', 0):6.2f}  {ld.get('rss_load_mb', 0):6.0f} / {ld.get('rss_after_mixed_mb', 0):6.0f}"
            f"                | {inst.get('installed_mb', 0):6.1f}"
        )
    for extra in ("lingua_high_preloaded", "lingua_low_preloaded"):
        ld = results.get("load_extra", {}).get(extra)
        if ld:
            print(
                f"{extra:22}        (load only)            | {ld['load_s']:6.2f}  {ld['rss_load_mb']:6.0f} / "
                f"{ld['rss_after_mixed_mb']:6.0f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-per-split", type=int, default=2000, help="sentences per language per split")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timing-calls", type=int, default=2000, help="sentences timed per candidate")
    parser.add_argument("--timing-docs", type=int, default=1000, help="40+ word documents timed per candidate")
    parser.add_argument("--load-repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", help="candidate names to run (default: all)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    started = time.time()

    mlqe = shared_dir() / "mlqe-pe"
    if not mlqe.is_dir():
        print(f"language_id benchmark skipped: no MLQE-PE folder at {mlqe} (set DETECTOR_SHARED_DATA)")
        return 0
    print(f"reading MLQE-PE dev+test from {mlqe.name}/ (max {args.max_per_split} per language per split)")
    units = build_units(mlqe, args.max_per_split, args.seed)
    for items in units.values():
        for item in items:
            item["is_en"] = item["kind"] in ("mt", "pe", "team:en")
    print("  units: " + ", ".join(f"{u}={len(v)}" for u, v in units.items()))

    names = [n for n in (args.only or CANDIDATES) if n in CANDIDATES and available(n)]
    # Slowest first so the two workers finish together.
    order = {"lingua_high": 0, "langdetect": 1, "lingua_low": 2}
    names_by_cost = sorted(names, key=lambda n: order.get(n, 9))
    chunk = 1500
    tasks = [
        (name, unit, i, [it["text"] for it in items[i : i + chunk]])
        for name in names_by_cost
        for unit, items in units.items()
        for i in range(0, len(items), chunk)
    ]
    preds: dict[tuple[str, str], list] = {(n, u): [None] * len(units[u]) for n in names for u in units}
    t_eval = time.time()
    with Pool(args.workers) as pool:
        for name, unit, start, out in pool.imap_unordered(_run_task, tasks):
            preds[(name, unit)][start : start + len(out)] = out
    print(f"  evaluated {len(names)} candidates in {time.time() - t_eval:.0f} s")

    rng = random.Random(args.seed)
    timing_sents = rng.sample([it["text"] for it in units["sentence"]], min(args.timing_calls, len(units["sentence"])))
    timing_docs = rng.sample([it["text"] for it in units["doc40"]], min(args.timing_docs, len(units["doc40"])))
    warm = [timing_sents[0]] + [t for texts in TEAM_SAMPLES.values() for t in texts]
    for lang in SOURCE_LANGS:  # one sentence of each MLQE language, so lazy loaders load what they need
        warm += [it["text"] for it in units["sentence"] if it["kind"] == f"src:{lang}"][:3]

    results: dict = {
        "command": " ".join(["python", str(Path(sys.argv[0]).resolve().relative_to(ROOT))] + sys.argv[1:]),
        "python": sys.version.split()[0],
        "data": {
            "mlqe_pe": "shared/data/mlqe-pe (CC0), dev + test20 splits, source side = non-English, mt/pe = English",
            "max_per_split": args.max_per_split,
            "seed": args.seed,
            "units": {u: len(v) for u, v in units.items()},
            "units_by_kind": {u: dict(Counter(it["kind"] for it in v)) for u, v in units.items()},
            "mean_words": {u: round(sum(it["words"] for it in v) / len(v), 1) for u, v in units.items()},
            "team_samples": {k: len(v) for k, v in TEAM_SAMPLES.items()},
        },
        "definitions": {
            "accuracy": "share of texts whose English/not-English decision is right (label == 'en' means English)",
            "balanced": "mean of (mean of mt and pe accuracy) and (mean of the five source-language accuracies)",
            "by_length": "MLQE only; buckets by words (whitespace tokens with a letter): <8, 8-20, >20",
            "speed": "mean microseconds per call in one process after 200 warm-up calls, fastest of 3 passes; "
            "KB/s of UTF-8 input",
            "load": "fresh subprocess: import + build + first call (s), VmRSS increase after that and after a "
            "mixed warm-up over 11 languages (MB); median of repeats",
            "function_words": f"{len(FUNCTION_WORDS)} words; English if share >= {FW_THRESHOLD}",
        },
        "candidates": {},
        "load_extra": {},
    }
    results["load_average_before_timing"] = [round(x, 2) for x in os.getloadavg()]
    for name in names:
        print(f"  timing {name}")
        fn = CANDIDATES[name][0]()
        results["candidates"][name] = {
            "package": dist_info(CANDIDATES[name][1]),
            "quality": {u: metrics(units[u], preds[(name, u)]) for u in units},
            "speed": {"sentence": time_calls(fn, timing_sents), "doc40": time_calls(fn, timing_docs)},
            "load": measure_load(name, warm, args.load_repeats),
        }
        del fn
    for extra in ("lingua_high_preloaded", "lingua_low_preloaded"):
        if any(n.startswith("lingua") for n in names):
            results["load_extra"][extra] = measure_load(extra, warm, args.load_repeats)
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.time() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_tables(results)
    print(
        f"\nsaved {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} in {results['seconds']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
