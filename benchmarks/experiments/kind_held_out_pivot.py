"""The kind head on round trips of a pivot it never learned from (Apertium's Esperanto) and on the
neural engine's, test split: the share it calls machine-translated at its threshold, for the
shipped head and for a head kept for comparison in another folder (`python
benchmarks/experiments/kind_held_out_pivot.py [FOLDER]`; FOLDER holds doc_model.json and
doc_model_kind.txt, e.g. a refit without Apertium's round trips). About a minute.
"""

import json
import sys
from pathlib import Path

import lightgbm
import numpy as np

from detector.training.doc_corpus import build
from detector.training.doc_model import featurize, masked, sigmoid

docs = [d for d in build("test") if d.mt == 1 and d.group in ("roundtrip", "roundtrip-rules")]
x = masked(featurize(docs, jobs=2), "kind")
folders = [("shipped", "detector/data")] + [("compared", f) for f in sys.argv[1:]]
for name, folder in folders:
    m = json.loads(Path(folder, "doc_model.json").read_text(encoding="utf-8"))["heads"]["kind"]
    b = lightgbm.Booster(model_file=f"{folder}/doc_model_kind.txt")
    p = sigmoid(m["calibration"]["slope"] * b.predict(x, raw_score=True) + m["calibration"]["intercept"])
    for g in ("roundtrip", "roundtrip-rules"):
        sel = np.array([d.group == g for d in docs])
        share = round(float((p[sel] >= m["threshold"]).mean()), 3)
        print(name, g, int(sel.sum()), "called mt:", share, "threshold", m["threshold"])
