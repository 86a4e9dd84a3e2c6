"""PyTorch peer for bench/lab/gradient-flow.ts: the default gradient-flow answer done the idiomatic PyTorch way.

Same sizes and schedule as the lab's default run: long-range task (first token = class, 2 classes, 8 noise
tokens), T = 100, batch 32, width 64, Adam lr 0.01 for 100 steps per architecture (vanilla RNN via
torch.nn.RNN, LSTM via torch.nn.LSTM with forget bias 1, Transformer = 2 pre-LN torch.nn.TransformerEncoderLayer
with 4 heads, FFN 128, sinusoidal positions, final LayerNorm, mean pooling), plus the two gradient
measurements (||dL/dx_t|| and, for recurrent models, ||dL/dh_t|| at initialisation and after training) and the
evaluation on 4 fresh batches. Prints the wall time.
"""
import json
import math
import sys
import time

import torch

import torch_env

archs = sys.argv[1].split(",")
T, B, H, STEPS = (int(v) for v in sys.argv[2:6])
CLASSES, NOISE = 2, 8
V = CLASSES + NOISE
torch.manual_seed(0)
gen = torch.Generator().manual_seed(0)


def batch():
    y = torch.randint(0, CLASSES, (B,), generator=gen)
    tokens = torch.randint(CLASSES, V, (T, B), generator=gen)
    tokens[0] = y
    return tokens, y


def sinusoidal(T, d):
    pe = torch.zeros(T, d)
    pos = torch.arange(T).unsqueeze(1).float()
    div = torch.pow(10000.0, torch.arange(0, d, 2).float() / d)
    pe[:, 0::2] = torch.sin(pos / div)
    pe[:, 1::2] = torch.cos(pos / div)
    return pe


class Model(torch.nn.Module):
    def __init__(self, arch):
        super().__init__()
        self.arch = arch
        self.embedding = torch.nn.Embedding(V, H)
        if arch == "rnn":
            self.body = torch.nn.RNN(H, H)
        elif arch == "lstm":
            self.body = torch.nn.LSTM(H, H)
            with torch.no_grad():
                self.body.bias_ih_l0.zero_()
                self.body.bias_hh_l0.zero_()
                self.body.bias_ih_l0[H:2 * H] = 1.0
        elif arch == "gru":
            self.body = torch.nn.GRU(H, H)
        else:
            layer = torch.nn.TransformerEncoderLayer(H, 4, 2 * H, dropout=0.0, batch_first=True, norm_first=True)
            self.body = torch.nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
            self.final_norm = torch.nn.LayerNorm(H)
            self.register_buffer("pe", sinusoidal(T, H))
        self.readout = torch.nn.Linear(H, CLASSES)

    def forward(self, x):
        """x: embedded tokens [T, B, H]."""
        if self.arch == "transformer":
            u = self.final_norm(self.body(x.transpose(0, 1) + self.pe))
            return self.readout(u.mean(1))
        out, _ = self.body(x)
        return self.readout(out[-1])

    def hidden_grad_norms(self, x, y):
        """Explicit-loop forward with the module's weights, to read the total dL/dh_t (2 calls per run)."""
        W_ih, W_hh = self.body.weight_ih_l0, self.body.weight_hh_l0
        b_ih, b_hh = self.body.bias_ih_l0, self.body.bias_hh_l0
        h = torch.zeros(B, H)
        c = torch.zeros(B, H)
        hs = []
        for t in range(T):
            gi = x[t] @ W_ih.T + b_ih
            gh = h @ W_hh.T + b_hh
            if self.arch == "rnn":
                h = torch.tanh(gi + gh)
            elif self.arch == "lstm":
                i, f, g, o = (gi + gh).chunk(4, 1)
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                h = torch.sigmoid(o) * torch.tanh(c)
            else:
                ir, iz, in_ = gi.chunk(3, 1)
                hr, hz, hn = gh.chunk(3, 1)
                r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
                h = (1 - z) * torch.tanh(in_ + r * hn) + z * h
            h.retain_grad()
            hs.append(h)
        loss = torch.nn.functional.cross_entropy(self.readout(h), y)
        loss.backward()
        return [float(hh.grad.norm()) for hh in hs]


def measure(model, probe):
    tokens, y = probe
    x = model.embedding(tokens).detach().requires_grad_(True)
    loss = torch.nn.functional.cross_entropy(model(x), y)
    (gx,) = torch.autograd.grad(loss, x)
    norms = gx.pow(2).sum(dim=(1, 2)).sqrt().tolist()
    if model.arch != "transformer":
        model.hidden_grad_norms(model.embedding(tokens).detach(), y)
        model.zero_grad()
    return norms


t_start = time.perf_counter()
per_arch = {}
probe = batch()
for arch in archs:
    t0 = time.perf_counter()
    model = Model(arch)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    measure(model, probe)
    for _ in range(STEPS):
        tokens, y = batch()
        loss = torch.nn.functional.cross_entropy(model(model.embedding(tokens)), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    measure(model, probe)
    with torch.no_grad():
        correct = 0
        for _ in range(4):
            tokens, y = batch()
            correct += int((model(model.embedding(tokens)).argmax(1) == y).sum())
    per_arch[arch] = {"ms": (time.perf_counter() - t0) * 1000, "accuracy": correct / (4 * B)}
print(json.dumps({"totalMs": (time.perf_counter() - t_start) * 1000, "perArch": per_arch, "peer": torch_env.info()}))
