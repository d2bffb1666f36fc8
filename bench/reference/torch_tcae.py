#!/usr/bin/python3
"""Reference for `npm run bench -- tcae`: our TCAE rebuilt in PyTorch from the description the bench writes
to standard input, timed on the CPU with the same batch and threads.

The description (JSON) gives the autoencoder as our network descriptions (ml/compute/net.ts) without the
weights: {"frames": T, "encode_frames": T', "bands": 48, "batch": B, "views": V, "invariance": w,
"temperature": tau, "seconds": S, "threads": N, "learning_rate": lr, "encoder": net, "decoder": net}, each
net {"input": name, "output": name, "nodes": [...]} with nodes of
{"op": "conv1d", "input", "output", "in", "out", "taps", "dilation", "direction": "causal"|"anticausal"},
{"op": "dense", "input", "output", "in", "out"}, {"op": "batchNorm", "input", "output", "width", "epsilon",
"affine"}, {"op": "relu"|"tanh"|"flatten"|"l2normalize"|"identity", "input", "output"}, {"op": "pool", "kind":
"mean"|"max", ...}, {"op": "unflatten", "frames", "channels", ...} and {"op": "concat", "inputs", "output"}.
The decoder's input names a value of the encoder: its output (the dense head decodes the embedding) or an
inner one (the meanMax head decodes the last conv layer's frames). Sequences run as PyTorch's
[batch, channels, frames]; flatten and unflatten are time-major, as ours.

A training step (ml/models/tcae.ts TcaeTrainer.step) takes V x B crops of T frames: the reconstruction MSE,
plus, when V is 2 (rows k and k + B are two views of one song), w times the NT-Xent loss of the embeddings
at temperature tau, written as tcae.ts ntXent; backward; Adam. The views' augmentation is left out on both
sides (the bench times our step on ready crops too). Prints one JSON line: training samples/s (songs, B a
step) and encoding samples/s (the encoder alone on B inputs of T' frames, eval mode, no gradients), with
the BLAS. Run with Debian's /usr/bin/python3 (apt-get install python3-torch).
"""
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blas import blas_info  # noqa: E402

spec = json.load(sys.stdin)
torch.set_num_threads(spec["threads"])
torch.manual_seed(1)
L2_EPSILON = 1e-12


class Conv(nn.Module):
    """Dilated 1-D convolution with zero padding on one side: causal reads t, t-d, ...; anticausal t, t+d, ..."""

    def __init__(self, node):
        super().__init__()
        self.reach = (node["taps"] - 1) * node["dilation"]
        self.causal = node["direction"] == "causal"
        self.conv = nn.Conv1d(node["in"], node["out"], node["taps"], dilation=node["dilation"])

    def forward(self, x):
        return self.conv(F.pad(x, (self.reach, 0) if self.causal else (0, self.reach)))


def layer(node):
    op = node["op"]
    if op == "conv1d":
        return Conv(node)
    if op == "dense":
        return nn.Linear(node["in"], node["out"])
    if op == "batchNorm":  # Keras momentum 0.9; affine false: a plain standardisation, as ours
        return nn.BatchNorm1d(node["width"], eps=node["epsilon"], momentum=0.1, affine=node.get("affine", True))
    return None


def l2normalize(v):
    return v / torch.sqrt((v * v).sum(dim=1, keepdim=True) + L2_EPSILON)


class Net(nn.Module):
    """Runs the nodes in order on named values, as our engines do."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        self.layers = nn.ModuleDict({str(i): m for i, node in enumerate(net["nodes"]) if (m := layer(node)) is not None})

    def values(self, x):
        """Every named value of one pass on x (the input included)."""
        values = {self.net["input"]: x}
        for i, node in enumerate(self.net["nodes"]):
            op = node["op"]
            if op == "concat":
                values[node["output"]] = torch.cat([values[name] for name in node["inputs"]], dim=1)
                continue
            v = values[node["input"]]
            if str(i) in self.layers:
                v = self.layers[str(i)](v)
            elif op == "identity":
                pass
            elif op == "relu":
                v = F.relu(v)
            elif op == "tanh":
                v = torch.tanh(v)
            elif op == "flatten":  # [B, C, T] -> [B, T * C], time-major
                v = v.transpose(1, 2).reshape(v.shape[0], -1)
            elif op == "unflatten":  # [B, T * C] -> [B, C, T]
                v = v.view(v.shape[0], node["frames"], node["channels"]).transpose(1, 2)
            elif op == "pool":
                v = v.amax(dim=2) if node["kind"] == "max" else v.mean(dim=2)
            elif op == "l2normalize":
                v = l2normalize(v)
            else:
                raise ValueError(f"unknown node {op}")
            values[node["output"]] = v
        return values

    def forward(self, x):
        return self.values(x)[self.net["output"]]


def nt_xent(z, temperature):
    """tcae.ts ntXent: rows i and i + n/2 are twins; each row's log-softmax over the others must pick its twin."""
    n = z.shape[0]
    unit = l2normalize(z)
    logits = unit @ unit.t() / temperature - torch.eye(n) * 1e9
    twins = F.one_hot((torch.arange(n) + n // 2) % n, n).to(z.dtype)
    return -(F.log_softmax(logits, dim=1) * twins).sum() / n


encoder, decoder = Net(spec["encoder"]), Net(spec["decoder"])
model = nn.ModuleList([encoder, decoder])
optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], spec["learning_rate"])
views = spec.get("views", 1)
x = torch.randn(views * spec["batch"], spec["bands"], spec["frames"])
songs = torch.randn(spec["batch"], spec["bands"], spec.get("encode_frames", spec["frames"]))


def rate(step):
    step()  # warm-up
    calls, start = 0, time.perf_counter()
    while True:
        step()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= spec["seconds"]:
            return calls * spec["batch"] / elapsed


def train_step():
    optimizer.zero_grad()
    values = encoder.values(x)
    loss = F.mse_loss(decoder(values[spec["decoder"]["input"]]), x)
    if views == 2:
        loss = loss + spec["invariance"] * nt_xent(values[spec["encoder"]["output"]], spec["temperature"])
    loss.backward()
    optimizer.step()


model.train()
train = rate(train_step)
model.eval()
with torch.no_grad():
    encode = rate(lambda: encoder(songs))
print(json.dumps({"tool": "torch", "version": torch.__version__, "threads": torch.get_num_threads(), "batch": spec["batch"],
                  "views": views, "parameters": sum(p.numel() for p in model.parameters()),
                  "train_samples_per_s": round(train, 2), "encode_samples_per_s": round(encode, 2), "blas": blas_info()}))
