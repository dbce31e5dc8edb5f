#!/usr/bin/python3
"""reference.py — an independent PyTorch implementation of the issue-8 reference setting, to
compare metaspin's trainer against (validation/train/pfmnist/case.c reads the issue's figures;
this script lets anyone re-measure them and look at what differs, task by task).

Binarized 784-1024-1024-10 network (Hubara et al. 2016; Laborieux et al., Nat. Commun. 12, 2549
(2021)): binary weights sign(W_h), no bias, BatchNorm1d after every layer on batch statistics
(track_running_stats=False: the test batches normalise themselves too), sign activations with the
straight-through gradient masked to |y| <= 1, softmax cross-entropy. Adam (lr 0.005, betas
0.9/0.999, eps 1e-8) on W_h and on the BatchNorm scale and shift (shared by all tasks); `meta`
multiplies the steps that move W_h toward zero by 1 - tanh^2(m |W_h|). The optimiser is
re-created at every task boundary. Three permuted Fashion-MNIST tasks, task 1 unpermuted, two
epochs each, batch 100, test batches of 1000; pixels / 255.

Usage (Debian: apt-get install python3-torch):
  validation/train/pfmnist/reference.py [--rule adam|meta] [--meta 5] [--seeds 1 2 3]
      [--data data/fashion-mnist] [--threads 2]
Prints the accuracy matrix R[i][j] (after task i, on task j), the final row, ACC and BWT (in %),
and the seconds per epoch.
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np
import torch


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * k:8 + 4 * k], "big") for k in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class SignSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.where(x >= 0, torch.ones_like(x), -torch.ones_like(x))

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (x.abs() <= 1).to(g.dtype)


class BinaryLinear(torch.nn.Module):
    """y = x sign(W_h)^T; the gradient of sign(W_h) is passed to W_h unchanged."""

    def __init__(self, n_in, n_out, init):
        super().__init__()
        self.hidden = torch.nn.Parameter(torch.empty(n_out, n_in).uniform_(-init, init))

    def forward(self, x):
        h = self.hidden
        wb = torch.where(h >= 0, torch.ones_like(h), -torch.ones_like(h))
        w = h + (wb - h).detach()
        return x @ w.t()


class BNN(torch.nn.Module):
    def __init__(self, sizes, init):
        super().__init__()
        self.fc = torch.nn.ModuleList(BinaryLinear(a, b, init) for a, b in zip(sizes[:-1], sizes[1:]))
        self.bn = torch.nn.ModuleList(
            torch.nn.BatchNorm1d(b, eps=1e-5, affine=True, track_running_stats=False) for b in sizes[1:])

    def forward(self, x):
        for k, (fc, bn) in enumerate(zip(self.fc, self.bn)):
            x = bn(fc(x))
            if k + 1 < len(self.fc):
                x = SignSTE.apply(x)
        return x


class AdamMeta(torch.optim.Optimizer):
    """Adam; for the `hidden` group, steps with sign(W_h) * m > 0 are scaled by 1 - tanh^2(m|W_h|)."""

    def __init__(self, groups, lr, meta, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(groups, dict(lr=lr, meta=meta, betas=betas, eps=eps))

    @torch.no_grad()
    def step(self):
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                st = self.state[p]
                if not st:
                    st["t"] = 0
                    st["m"] = torch.zeros_like(p)
                    st["v"] = torch.zeros_like(p)
                st["t"] += 1
                t, m, v = st["t"], st["m"], st["v"]
                m.mul_(b1).add_(p.grad, alpha=1 - b1)
                v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                step = g["lr"] * (m / (1 - b1 ** t)) / ((v / (1 - b2 ** t)).sqrt() + g["eps"])
                if g["meta"] > 0:
                    toward_zero = torch.sign(p) * m > 0
                    damp = 1 - torch.tanh(g["meta"] * p.abs()) ** 2
                    step = torch.where(toward_zero, step * damp, step)
                p.sub_(step)


def accuracy(net, x, y, batch):
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (net(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return 100.0 * correct / len(x)


def run(rule, meta, seed, data, epochs=2, n_tasks=3, batch=100, lr=0.005, init=0.05):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    xtr = torch.tensor(read_idx(os.path.join(data, "train-images-idx3-ubyte.gz")).reshape(-1, 784) / 255.0,
                       dtype=torch.float32)
    ytr = torch.tensor(read_idx(os.path.join(data, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    xte = torch.tensor(read_idx(os.path.join(data, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784) / 255.0,
                       dtype=torch.float32)
    yte = torch.tensor(read_idx(os.path.join(data, "t10k-labels-idx1-ubyte.gz")).astype(np.int64))
    perms = [torch.arange(784)] + [torch.tensor(rng.permutation(784)) for _ in range(n_tasks - 1)]
    net = BNN([784, 1024, 1024, 10], init)
    R = np.zeros((n_tasks, n_tasks))
    t_epoch = []
    for task in range(n_tasks):
        opt = AdamMeta([dict(params=[fc.hidden for fc in net.fc], meta=meta if rule == "meta" else 0.0),
                        dict(params=[p for bn in net.bn for p in bn.parameters()], meta=0.0)], lr=lr, meta=0.0)
        xp = xtr[:, perms[task]]
        for _ in range(epochs):
            t0 = time.time()
            order = torch.randperm(len(xp))
            net.train()
            for i in range(0, len(xp), batch):
                idx = order[i:i + batch]
                loss = torch.nn.functional.cross_entropy(net(xp[idx]), ytr[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
            t_epoch.append(time.time() - t0)
        for j in range(n_tasks):
            R[task, j] = accuracy(net, xte[:, perms[j]], yte, 1000)
        hid = " ".join(f"{fc.hidden.abs().mean().item():.4f}" for fc in net.fc)
        gam = " ".join(f"{bn.weight.abs().mean().item():.3f}" for bn in net.bn)
        print(f"  {rule} seed {seed}: after task {task + 1}: " + " ".join(f"{a:5.1f}" for a in R[task]) +
              f"   mean |W_h| per layer {hid}, mean |gamma| {gam}", flush=True)
    acc = R[-1].mean()
    bwt = np.mean([R[-1, j] - R[j, j] for j in range(n_tasks - 1)])
    return R, acc, bwt, float(np.mean(t_epoch))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rule", choices=["adam", "meta", "both"], default="both")
    ap.add_argument("--meta", type=float, default=5.0)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--data", default="data/fashion-mnist")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.data, "train-images-idx3-ubyte.gz")):
        sys.exit(f"reference.py: no Fashion-MNIST in {a.data} (run scripts/fetch-data.sh)")
    torch.set_num_threads(a.threads)
    for rule in (["adam", "meta"] if a.rule == "both" else [a.rule]):
        rows, accs, bwts, secs = [], [], [], []
        for s in a.seeds:
            R, acc, bwt, sec = run(rule, a.meta, s, a.data)
            rows.append(R[-1]); accs.append(acc); bwts.append(bwt); secs.append(sec)
        final = np.mean(rows, axis=0)
        print(f"{rule}: final row " + " / ".join(f"{x:.1f}" for x in final) +
              f", ACC {np.mean(accs):.1f}, BWT {np.mean(bwts):.1f} (mean of seeds {a.seeds}); "
              f"{np.mean(secs):.1f} s per epoch, {a.threads} threads", flush=True)


if __name__ == "__main__":
    main()
