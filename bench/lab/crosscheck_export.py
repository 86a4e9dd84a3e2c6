#!/usr/bin/env python3
"""Re-check a lab export in PyTorch.

    npm run lab -- gradient-flow --export run.json
    /usr/bin/python3 bench/lab/crosscheck_export.py run.json

For every model in the export, rebuilds the network from the equations in packages/lab/README.md (written
independently of the TensorFlow.js code, in float64), loads the exported initial and final weights, feeds
the exported probe batch and recomputes the loss, ||dL/dx_t|| and (recurrent models) ||dL/dh_t||. Prints the
largest difference from what the run reported, relative to the largest norm of the profile, and the largest
element-wise relative difference over positions whose norm is at least 1e-6 of the largest (below that,
the float32 values the run computed are dominated by round-off). Exit code 1 if a difference exceeds 1e-3.
"""
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)
LN_EPS = 1e-5


def tensor(entry):
    return torch.tensor(entry["data"], dtype=torch.float64).reshape(entry["shape"])


def recurrent(kind, w, x, T, B, H, hidden_states):
    """x: [T, B, E] (time-major). Appends every h_t (retain_grad) to hidden_states; returns h_{T-1}."""
    h = torch.zeros(B, H)
    c = torch.zeros(B, H)
    for t in range(T):
        xp = x[t] @ w["wx"] + w["b"]
        hp = h @ w["wh"]
        if kind == "rnn":
            h = torch.tanh(xp + hp)
        elif kind == "lstm":
            a = xp + hp
            i, f, g, o = (a[:, k * H:(k + 1) * H] for k in range(4))
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
        else:  # gru (PyTorch / cuDNN form)
            hp = hp + w["bh"]
            r = torch.sigmoid(xp[:, :H] + hp[:, :H])
            z = torch.sigmoid(xp[:, H:2 * H] + hp[:, H:2 * H])
            n = torch.tanh(xp[:, 2 * H:] + r * hp[:, 2 * H:])
            h = (1 - z) * n + z * h
        h.retain_grad()
        hidden_states.append(h)
    return h


def layer_norm(u, g, b):
    mean = u.mean(-1, keepdim=True)
    var = ((u - mean) ** 2).mean(-1, keepdim=True)
    return (u - mean) / torch.sqrt(var + LN_EPS) * g + b


def attention(w, l, u, heads):
    B, T, d = u.shape
    dh = d // heads

    def proj(name):
        return (u @ w[f"l{l}.w{name}"] + w[f"l{l}.b{name}"]).reshape(B, T, heads, dh).transpose(1, 2)

    q, k, v = proj("q"), proj("k"), proj("v")
    p = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh), dim=-1)
    ctx = (p @ v).transpose(1, 2).reshape(B, T, d)
    return ctx @ w[f"l{l}.wo"] + w[f"l{l}.bo"]


def transformer(cfg, w, x):
    """x: [B, T, d] (batch-major)."""
    tcfg = cfg["transformer"]
    B, T, d = x.shape
    u = x
    if tcfg["positions"] == "sinusoidal":
        pe = torch.zeros(T, d)
        for p in range(T):
            for i in range(0, d, 2):
                angle = p / (10000 ** (i / d))
                pe[p, i] = math.sin(angle)
                if i + 1 < d:
                    pe[p, i + 1] = math.cos(angle)
        u = u + pe
    elif tcfg["positions"] == "learned":
        u = u + w["positions"][:T]
    for l in range(tcfg["layers"]):
        def ffn(v):
            return torch.relu(v @ w[f"l{l}.w1"] + w[f"l{l}.b1"]) @ w[f"l{l}.w2"] + w[f"l{l}.b2"]

        if tcfg["norm"] == "pre":
            a = u + attention(w, l, layer_norm(u, w[f"l{l}.ln1.g"], w[f"l{l}.ln1.b"]), tcfg["heads"])
            u = a + ffn(layer_norm(a, w[f"l{l}.ln2.g"], w[f"l{l}.ln2.b"]))
        else:
            a = layer_norm(u + attention(w, l, u, tcfg["heads"]), w[f"l{l}.ln1.g"], w[f"l{l}.ln1.b"])
            u = layer_norm(a + ffn(a), w[f"l{l}.ln2.g"], w[f"l{l}.ln2.b"])
    if tcfg["norm"] == "pre":
        u = layer_norm(u, w["lnf.g"], w["lnf.b"])
    return u.mean(1)


def recompute(model, weights):
    cfg = model["hyperParameters"]
    w = {name: tensor(entry) for name, entry in weights.items()}
    tokens = torch.tensor(model["inputs"])  # [T, B]
    targets = torch.tensor(model["targets"])
    T, B = tokens.shape
    x = w["embedding"][tokens].detach().clone().requires_grad_(True)  # [T, B, d]
    hidden_states = []
    if cfg["architecture"] == "transformer":
        features = transformer(cfg, w, x.transpose(0, 1))
    else:
        features = recurrent(cfg["architecture"], w, x, T, B, cfg["hidden"], hidden_states)
    logits = features @ w["readout.w"] + w["readout.b"]
    loss = torch.nn.functional.cross_entropy(logits, targets)
    loss.backward()
    x_norms = x.grad.pow(2).sum(dim=(1, 2)).sqrt().tolist()
    h_norms = [h.grad.pow(2).sum().sqrt().item() for h in hidden_states] if hidden_states else None
    return loss.item(), x_norms, h_norms


def compare(ours, reported):
    top = max(abs(v) for v in reported) or 1.0
    scale = max(abs(a - b) for a, b in zip(ours, reported)) / top
    rel = max((abs(a - b) / abs(b) for a, b in zip(ours, reported) if abs(b) >= 1e-6 * top), default=0.0)
    return scale, rel


def main(path):
    data = json.load(open(path))
    if data.get("format") != "recurrence-lab-export/1":
        sys.exit(f"{path}: not a recurrence lab export")
    if not data["models"]:
        print(f"{data['experiment']}: the export holds no models to re-check (only gradient-flow records them).")
        return 0
    print(f"torch {torch.__version__}, float64; export of {data['experiment']} (seed {data['seed']}, backend {data['backend']}, code {data['codeVersion']})")
    worst = 0.0
    for model in data["models"]:
        for moment, weights in (("atInit", model["initialWeights"]), ("atEnd", model["finalWeights"])):
            reported = model["reported"][moment]
            loss, x_norms, h_norms = recompute(model, weights)
            checks = [("dL/dx_t", x_norms, reported["inputGradNorm"])]
            if h_norms is not None and reported["hiddenGradNorm"] is not None:
                checks.append(("dL/dh_t", h_norms, reported["hiddenGradNorm"]))
            loss_rel = abs(loss - reported["loss"]) / max(abs(reported["loss"]), 1e-12)
            parts = [f"loss rel diff {loss_rel:.1e}"]
            worst = max(worst, loss_rel)
            for name, ours, theirs in checks:
                scale, rel = compare(ours, theirs)
                worst = max(worst, scale, rel)
                parts.append(f"{name}: max|diff|/max {scale:.1e}, max rel diff {rel:.1e}")
            print(f"  {model['name']:12s} {moment:6s} " + "; ".join(parts))
    print(f"max relative difference: {worst:.2e}")
    return 0 if worst <= 1e-3 else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: crosscheck_export.py <export.json>")
    sys.exit(main(sys.argv[1]))
