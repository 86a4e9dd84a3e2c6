"""PyTorch peer for bench/lab/rnn-step.ts: vanilla tanh RNN (torch.nn.RNN), forward + gradient w.r.t. the input."""
import json
import sys
import time

import torch

import torch_env

B, T, E, H = (int(v) for v in sys.argv[1:5])
repeats = int(sys.argv[5])
torch.manual_seed(0)
rnn = torch.nn.RNN(E, H, nonlinearity="tanh")
x = torch.randn(T, B, E, requires_grad=True)


def step():
    out, _ = rnn(x)
    loss = out[-1].sum()
    (grad,) = torch.autograd.grad(loss, x)
    return grad


for _ in range(3):
    step()
best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter()
    step()
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"bestMs": best * 1000, "peer": torch_env.info()}))
