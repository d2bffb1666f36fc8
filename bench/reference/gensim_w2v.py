#!/usr/bin/python3
"""Reference for `npm run bench -- music2vec`: gensim's Word2Vec skip-gram with negative sampling.

Trains on the playlists of a Melon-format train.json with the hyper-parameters the bench gives ours, prints
one JSON line with gensim's own count of effective words (after subsampling) per second of training and the
BLAS it ran on, and saves the vectors (.npy, rows in gensim's vocabulary order) and their song ids
(.ids.json) for the bench to score. Run with Debian's /usr/bin/python3 (apt-get install python3-gensim).

  gensim_w2v.py --train train.json --dim 128 --window 10 --negative 5 --epochs 1 --sample 1e-3
                --ns-exponent 0.75 --min-count 1 --threads 2 --seed 22 [--as-set] [--save vectors.npy]
"""
import argparse
import json
import logging
import os
import random
import re
import sys
import time

import gensim
import numpy as np
from gensim.models import Word2Vec

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blas import blas_info  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--train", required=True)
parser.add_argument("--dim", type=int, default=128)
parser.add_argument("--window", type=int, default=10)
parser.add_argument("--negative", type=int, default=5)
parser.add_argument("--epochs", type=int, default=1)
parser.add_argument("--sample", type=float, default=1e-3)
parser.add_argument("--ns-exponent", type=float, default=0.75)
parser.add_argument("--min-count", type=int, default=1)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--seed", type=int, default=22)
parser.add_argument("--as-set", action="store_true", help="each playlist's songs once, shuffled (ours reshuffles every epoch)")
parser.add_argument("--save")
args = parser.parse_args()

with open(args.train, encoding="utf-8") as f:
    playlists = json.load(f)
shuffle = random.Random(args.seed)
sentences = []
for playlist in playlists:
    songs = [str(song) for song in playlist["songs"]]
    if args.as_set:
        songs = list(dict.fromkeys(songs))
        shuffle.shuffle(songs)
    sentences.append(songs)

# gensim reports its effective words and training time in a log line; capture it rather than time the
# vocabulary pass too.
messages = []


class Capture(logging.Handler):
    def emit(self, record):
        messages.append(record.getMessage())


logger = logging.getLogger("gensim")
logger.setLevel(logging.INFO)
logger.addHandler(Capture())

wall0 = time.perf_counter()
model = Word2Vec(sentences=sentences, sg=1, hs=0, vector_size=args.dim, window=args.window, negative=args.negative,
                 epochs=args.epochs, sample=args.sample, ns_exponent=args.ns_exponent, min_count=args.min_count,
                 workers=args.threads, seed=args.seed)
wall = time.perf_counter() - wall0

effective, seconds = None, None
for message in messages:
    found = re.search(r"training on (\d+) raw words \((\d+) effective words\) took ([\d.]+)s", message)
    if found:
        effective, seconds = int(found.group(2)), float(found.group(3))
if args.save:
    np.save(args.save, model.wv.vectors.astype(np.float32))
    with open(args.save.rsplit(".", 1)[0] + ".ids.json", "w") as f:
        json.dump([int(key) for key in model.wv.index_to_key], f)
print(json.dumps({"tool": "gensim Word2Vec", "version": gensim.__version__, "threads": args.threads,
                  "vocabulary": len(model.wv), "effective_words": effective, "train_s": seconds,
                  "effective_words_per_s": round(effective / seconds) if effective and seconds else None,
                  "wall_s": round(wall, 2), "blas": blas_info()}))
