#!/usr/bin/python3
"""Reference for `npm run bench -- knn`: exact top-k by inner product with FAISS IndexFlatIP.

Reads float32 row vectors (already normalised by the bench, so inner product is cosine) from an .npy file,
finds each row's k best other rows, writes their row numbers as int32 .npy, and prints one JSON line with
the wall and CPU seconds of the search alone and the BLAS it ran on. Run with Debian's /usr/bin/python3
(apt-get install python3-faiss python3-numpy).

  exact_knn.py --vectors X.npy --k 50 --threads 2 --out ids.npy
"""
import argparse
import json
import os
import sys
import time

import faiss
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blas import blas_info  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--vectors", required=True)
parser.add_argument("--k", type=int, default=50)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--out", required=True)
args = parser.parse_args()

x = np.ascontiguousarray(np.load(args.vectors), dtype=np.float32)
n, dim = x.shape
faiss.omp_set_num_threads(args.threads)
index = faiss.IndexFlatIP(dim)
index.add(x)

wall0, cpu0 = time.perf_counter(), time.process_time()
# k + 1: each row finds itself too (usually first, but an exact tie may put it anywhere in the list).
_, found = index.search(x, args.k + 1)
wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0

ids = np.empty((n, args.k), dtype=np.int32)
for row in range(n):
    others = found[row][found[row] != row]
    ids[row] = others[: args.k]
np.save(args.out, ids)
print(json.dumps({"tool": "faiss IndexFlatIP", "version": faiss.__version__, "n": n, "dim": dim, "k": args.k,
                  "threads": args.threads, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "blas": blas_info()}))
