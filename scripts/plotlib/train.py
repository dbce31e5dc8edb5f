"""train.py — figures of `metaspin train` output (layout: src/learn/metrics.c ms_learn_result_write,
src/cli/cmd_train.c): the accuracy matrix R[i][j] = test accuracy on task j after training task i
(/learn/R, fraction), the accuracy after every epoch (/learn/curve [n_tasks·epochs][n_tasks]) with
the training loss (/learn/loss), forgetting per task f_j = max_{i<n−1} R[i][j] − R[n−1][j], and
the scalars ACC, BWT, forgetting (/learn/acc, bwt, forgetting; Lopez-Paz & Ranzato 2017) and device
counts/energies (/learn/device/*). `train-compare` sets several runs (rules) side by side."""
import os

import h5py
import numpy as np
from matplotlib.ticker import MaxNLocator

from .common import PlotError, config_get, empty, fmt, get, plt, stem, title


def _forgetting(R):
    n = R.shape[0]
    if n < 2 or R.shape[1] < n:
        return np.array([])
    return np.array([np.max(R[: n - 1, j]) - R[n - 1, j] for j in range(n - 1)])


def _matrix(fig, ax, R):
    im = ax.imshow(100 * R, cmap="viridis", vmin=0, vmax=100, aspect="auto")
    n_rows, n_tasks = R.shape
    if n_rows * n_tasks <= 144:
        for i in range(n_rows):
            for j in range(n_tasks):
                v = 100 * R[i, j]
                ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=9 if n_tasks <= 6 else 7,
                        color="white" if v < 60 else "black")
    ax.set_xticks(range(n_tasks))
    ax.set_xticklabels([str(j + 1) for j in range(n_tasks)])
    ax.set_yticks(range(n_rows))
    ax.set_yticklabels([str(i + 1) for i in range(n_rows)] if n_rows == n_tasks else ["all (interleaved)"])
    ax.set_xlabel("tested on task j")
    ax.set_ylabel("after training task i")
    ax.set_title("accuracy matrix R[i][j] (%)", fontsize=10)
    fig.colorbar(im, ax=ax, label="test accuracy (%)", shrink=0.85)


def _curves(ax, f, R):
    c = get(f, "/learn/curve")
    if c is None or c.ndim != 2 or c.shape[0] == 0:
        empty(ax, "no /learn/curve")
        return
    n_tasks = c.shape[1]
    ep = np.arange(1, c.shape[0] + 1)
    for j in range(n_tasks):
        ax.plot(ep, 100 * c[:, j], "-", marker="o" if c.shape[0] <= 40 else None, ms=3, lw=1.4,
                color=f"C{j % 10}", label=f"task {j + 1}")
    if R.shape[0] == n_tasks and c.shape[0] % n_tasks == 0 and n_tasks > 1:
        per = c.shape[0] // n_tasks
        for i in range(1, n_tasks):
            ax.axvline(i * per + 0.5, color="0.6", ls="--", lw=0.8)
    ax.set_xlabel("epoch (dashed: next task starts)")
    ax.set_ylabel("test accuracy (%)")
    ax.set_ylim(0, 102)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, ncol=2 if n_tasks > 5 else 1, loc="lower left")
    loss = get(f, "/learn/loss")
    if loss is not None and loss.shape == (c.shape[0],) and np.any(np.isfinite(loss)):
        ax2 = ax.twinx()
        ax2.plot(ep, loss, color="0.5", lw=1.0, ls=":")
        ax2.set_ylabel("training loss (dotted)", color="0.4")
    ax.set_title("accuracy on every task after each epoch", fontsize=10)


def _summary(f):
    lines = []
    for name, path, form in (("ACC", "/learn/acc", "{:.1f} %"), ("BWT", "/learn/bwt", "{:+.1f} %"),
                             ("forgetting", "/learn/forgetting", "{:.1f} %"), ("time", "/learn/seconds", "{:.1f} s")):
        v = get(f, path)
        if v is not None and v.shape == () and np.isfinite(v):
            lines.append(f"{name} = " + form.format(float(v) * (1 if path.endswith("seconds") else 100)))
    ev = get(f, "/learn/device/events")
    if ev is not None and ev.size == 5 and (ev[0] or ev[2]):
        lines.append(f"{ev[0]} writes ({ev[1]} flips), {ev[2]} gate pulses, {ev[4]} stuck")
        for name, path in (("write energy", "/learn/device/write_energy"), ("gate energy", "/learn/device/gate_energy")):
            v = get(f, path)
            if v is not None and v.shape == () and np.isfinite(v):
                lines.append(f"{name} = {fmt(float(v), 'J')}")
    return lines


def _forget_panel(ax, f, R):
    fg = _forgetting(R)
    if fg.size:
        ax.bar(np.arange(1, fg.size + 1), 100 * fg, color="C3", alpha=0.8)
        ax.axhline(0, color="k", lw=0.8)
        ax.set_xticks(np.arange(1, fg.size + 1))
        ax.set_xlabel("task j")
        ax.set_ylabel("forgetting max_i R[i][j] − R[n][j] (%)")
        ax.grid(alpha=0.3, axis="y")
        top = max(float(np.nanmax(100 * fg)), 1.0)
        ax.set_ylim(min(0.0, float(np.nanmin(100 * fg)) * 1.2), top * 1.8)  # room for the summary box
    else:
        empty(ax, "forgetting needs ≥ 2 sequential tasks")
    lines = _summary(f)
    if lines:
        ax.text(0.98, 0.97, "\n".join(lines), transform=ax.transAxes, ha="right", va="top", fontsize=8,
                bbox=dict(boxstyle="round", fc="white", ec="0.7", alpha=0.9))
    ax.set_title("forgetting per task", fontsize=10)


def rule_name(f, path):
    return config_get(f, "rule.name") or stem(path)


def fig_train(f, path):
    R = get(f, "/learn/R")
    if R is None or R.ndim != 2 or R.size == 0:
        raise PlotError("train: missing /learn/R")
    fig, axs = plt.subplots(1, 3, figsize=(16, 5.2), gridspec_kw={"width_ratios": (1.0, 1.3, 0.9)})
    _matrix(fig, axs[0], R)
    _curves(axs[1], f, R)
    _forget_panel(axs[2], f, R)
    title(fig, path, f"continual learning, rule '{rule_name(f, path)}'")
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    return fig


def _load(path):
    with h5py.File(path, "r") as f:
        R = get(f, "/learn/R")
        if R is None or R.ndim != 2 or R.size == 0:
            raise PlotError(f"{path}: missing /learn/R")
        scal = {k: get(f, f"/learn/{k}") for k in ("acc", "bwt", "forgetting")}
        energy = get(f, "/learn/device/write_energy")
        return {"name": rule_name(f, path), "file": os.path.basename(path), "R": R,
                "scal": {k: float(v) for k, v in scal.items() if v is not None and v.shape == ()},
                "energy": float(energy) if energy is not None and energy.shape == () else float("nan")}


def fig_compare(paths):
    runs = [_load(p) for p in paths]
    names = [r["name"] for r in runs]
    if len(set(names)) < len(names):
        for r in runs:
            r["name"] = f"{r['name']} ({stem(r['file'])})"
    fig, axs = plt.subplots(1, 3, figsize=(16, 5.2))
    ax = axs[0]
    n_tasks = max(r["R"].shape[1] for r in runs)
    wbar = 0.8 / len(runs)
    for k, r in enumerate(runs):
        last = r["R"][-1]
        x = np.arange(1, last.size + 1) + (k - (len(runs) - 1) / 2) * wbar
        ax.bar(x, 100 * last, width=wbar, label=r["name"], color=f"C{k % 10}")
    ax.set_xticks(np.arange(1, n_tasks + 1))
    ax.set_xlabel("task j")
    ax.set_ylabel("final test accuracy R[n][j] (%)")
    ax.set_ylim(0, 105)
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(alpha=0.3, axis="y")
    ax.set_title("accuracy on every task after the last task", fontsize=10)
    ax = axs[1]
    for k, r in enumerate(runs):
        R = r["R"]
        if R.shape[0] == R.shape[1] and R.shape[0] > 1:
            acc = [np.mean(R[i, : i + 1]) for i in range(R.shape[0])]
            ax.plot(np.arange(1, R.shape[0] + 1), 100 * np.array(acc), "o-", label=r["name"], color=f"C{k % 10}")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("tasks learned i")
    ax.set_ylabel("mean accuracy on tasks 1..i (%)")
    ax.set_ylim(0, 105)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title("average accuracy over the tasks seen so far", fontsize=10)
    ax = axs[2]
    metrics = ("acc", "bwt", "forgetting")
    for k, r in enumerate(runs):
        vals = [100 * r["scal"].get(m, np.nan) for m in metrics]
        x = np.arange(len(metrics)) + (k - (len(runs) - 1) / 2) * wbar
        ax.bar(x, vals, width=wbar, label=r["name"], color=f"C{k % 10}")
        for xx, v in zip(x, vals):
            if np.isfinite(v):
                ax.text(xx, v, f"{v:.1f}", ha="center", va="bottom" if v >= 0 else "top", fontsize=7)
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xticks(range(len(metrics)))
    ax.set_xticklabels(["ACC", "BWT", "forgetting"])
    ax.set_ylabel("%")
    ax.grid(alpha=0.3, axis="y")
    ax.set_title("summary metrics", fontsize=10)
    fig.suptitle("compare: " + ", ".join(r["file"] for r in runs), fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    return fig
