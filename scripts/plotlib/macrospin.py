"""macrospin.py — figure of `metaspin macrospin` output (layout: src/cli/cmd_macrospin.c,
docs/macrospin.md): ensemble means ⟨m⟩(t) (/series/m_mean [n][3]), ⟨(m·u)²⟩ (/series/mu2, u the easy
axis) and the fraction of trials switched at least once (/series/p_switched); trajectories of the
first K trials (/trajectories/m [K][n][3]) when stored; the first-crossing switching-time histogram
(/histogram/edges, counts) with the summary (/summary/*) and device scales (/device/*)."""
import numpy as np

from .common import PlotError, axis, empty, fmt, get, note, plt, title, unit_of

COMP = ("x", "y", "z")


def _series(ax, f, path, t, ts, tl):
    mm = get(f, "/series/m_mean")
    if mm is None or mm.shape != (t.size, 3):
        empty(ax, "no /series/m_mean")
        return
    for c in range(3):
        ax.plot(t * ts, mm[:, c], color=f"C{c}", lw=1.5, label=f"⟨m_{COMP[c]}⟩")
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel(tl)
    ax.set_ylabel("ensemble mean ⟨m⟩")
    ax.set_title("ensemble mean magnetisation", fontsize=10)
    ax.legend(fontsize=8, loc="best")
    ax.grid(alpha=0.3)


def _switching(ax, f, path, t, ts, tl):
    mu2, ps = get(f, "/series/mu2"), get(f, "/series/p_switched")
    n = 0
    if mu2 is not None and mu2.shape == t.shape:
        ax.plot(t * ts, mu2, color="C4", lw=1.5, label="⟨(m·u)²⟩ (u: easy axis)")
        n += 1
    if ps is not None and ps.shape == t.shape:
        ax.plot(t * ts, ps, color="C3", lw=1.5, label="switched fraction (first crossing)")
        n += 1
    if not n:
        empty(ax, "no /series/mu2, /series/p_switched")
        return
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(tl)
    ax.set_ylabel("fraction")
    ax.set_title("order parameter and switched fraction", fontsize=10)
    ax.legend(fontsize=8, loc="best")
    ax.grid(alpha=0.3)


def _trajectories(ax, f, path, t, ts, tl):
    tr = get(f, "/trajectories/m")
    if tr is None or tr.ndim != 3 or tr.shape[2] != 3 or tr.shape[1] != t.size or tr.shape[0] == 0:
        empty(ax, "no trajectories stored\n(set macrospin.trajectories = K)")
        return
    k = min(tr.shape[0], 4)
    styles = ("-", "--", ":", "-.")
    for j in range(k):
        for c in range(3):
            ax.plot(t * ts, tr[j, :, c], color=f"C{c}", ls=styles[j], lw=1.6 if c == 2 else 0.7,
                    alpha=1.0 if c == 2 else 0.6, label=f"m_{COMP[c]}" if j == 0 else None)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel(tl)
    ax.set_ylabel("m")
    more = f" (first {k} of {tr.shape[0]})" if tr.shape[0] > k else ""
    ax.set_title(f"single-trial trajectories{more}; line style = trial", fontsize=10)
    ax.legend(fontsize=8, loc="best")
    ax.grid(alpha=0.3)


def _histogram(ax, f, path):
    e, c = get(f, "/histogram/edges"), get(f, "/histogram/counts")
    if e is None or c is None or e.size != c.size + 1:
        ts_ = get(f, "/trials/t_switch")
        if ts_ is None:
            empty(ax, "no /histogram/edges, counts")
            return
        ts_ = ts_[np.isfinite(ts_)]
        if ts_.size == 0:
            empty(ax, "no trial switched")
            return
        c, e = np.histogram(ts_, bins=min(50, max(5, ts_.size // 10)))
    k, xl = axis("switching time", unit_of(f, "/histogram/edges") or "s", e)
    if np.sum(c) == 0:
        empty(ax, "no trial switched")
        ax.set_title("switching-time histogram", fontsize=10)
        return
    ax.stairs(c, e * k, fill=True, alpha=0.6, color="C0")
    ax.set_xlabel(xl)
    ax.set_ylabel("trials per bin")
    lines = []
    for name, path_, u in (("P (first crossing)", "/summary/p_switched", ""),
                           ("P (final state)", "/summary/p_final_reversed", ""),
                           ("mean t_sw", "/summary/t_switch_mean", "s"), ("std t_sw", "/summary/t_switch_std", "s"),
                           ("trials", "/summary/n_trials", ""), ("Δ", "/device/delta", ""),
                           ("τ_D", "/device/tau_d", "s"), ("J_c0", "/device/j_c0", "A/m^2")):
        v = get(f, path_)
        if v is not None and v.shape == () and np.isfinite(v):
            lines.append(f"{name} = {fmt(float(v), u, 4) if u else f'{float(v):.4g}'}")
    if lines:
        ax.text(0.98, 0.97, "\n".join(lines), transform=ax.transAxes, ha="right", va="top", fontsize=8,
                bbox=dict(boxstyle="round", fc="white", ec="0.7", alpha=0.9))
    ax.set_title("switching-time histogram (first crossing)", fontsize=10)
    ax.grid(alpha=0.3)


def fig_macrospin(f, path):
    t = get(f, "/series/t")
    if t is None and get(f, "/histogram/counts") is None and get(f, "/trials/t_switch") is None:
        raise PlotError("macrospin: missing /series/t, /histogram/counts and /trials/t_switch")
    fig, axs = plt.subplots(2, 2, figsize=(12, 8.5))
    if t is None:
        note(f"{path}: macrospin: no /series/t, time-series panels skipped")
        for ax in (axs[0][0], axs[0][1], axs[1][0]):
            empty(ax, "no /series/t")
    else:
        ts, tl = axis("time", unit_of(f, "/series/t") or "s", t)
        _series(axs[0][0], f, path, t, ts, tl)
        _switching(axs[0][1], f, path, t, ts, tl)
        _trajectories(axs[1][0], f, path, t, ts, tl)
    _histogram(axs[1][1], f, path)
    title(fig, path, "stochastic macrospin ensemble")
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    return fig
