"""ionics.py — figure of `metaspin ionics` output (layout: src/cli/cmd_ionics.c, docs/ionics.md):
traces vs /axes/time of the gate voltage V_G = φ_gate − φ_FM (and temperature), the interface
coverage θ (the hidden state, ML), K_u and K_eff = K_u − ½μ0(φMs)² (K_eff > 0: perpendicular), the
thermal stability Δ, Ms (and t_m), and the ion concentration c(z, t) (z from the FM) as an image."""
import numpy as np
from matplotlib.colors import LogNorm

from .common import PlotError, axis, empty, get, need, note, plt, scale, title, unit_of

TRACES = [  # (panel, [(dataset, legend, style)], y name)
    ("gate", [("/ionics/gate_voltage", "V_G", "-")], "gate voltage"),
    ("theta", [("/ionics/theta", "θ", "-")], "coverage θ"),
    ("k", [("/ionics/k_eff", "K_eff", "-"), ("/ionics/k_u", "K_u", "--")], "anisotropy"),
    ("delta", [("/ionics/delta", "Δ", "-")], "thermal stability Δ"),
    ("ms", [("/ionics/ms", "Ms", "-")], "magnetisation Ms"),
]
TWINS = {"gate": ("/ionics/temperature", "temperature"), "ms": ("/ionics/t_m", "magnetic thickness t_m")}


def _varies(v):
    return v is not None and v.size > 1 and np.nanmax(v) - np.nanmin(v) > 1e-9 * max(np.nanmax(np.abs(v)), 1e-300)


def _trace_panel(ax, f, t, ts, panel, series, yname, path):
    drawn = []
    unit = ""
    for ds, lab, style in series:
        v = get(f, ds)
        if v is None or v.shape != t.shape:
            note(f"{path}: ionics: no {ds}, panel '{yname}' incomplete")
            continue
        drawn.append((v, lab, style))
        unit = unit_of(f, ds) or ("ML" if panel == "theta" else "")
    if not drawn:
        empty(ax, f"{yname}: no data")
        return
    k, u = scale(unit, np.concatenate([d[0] for d in drawn]))
    for v, lab, style in drawn:
        ax.plot(t * ts, v * k, style, lw=1.5, label=lab)
    ax.set_ylabel(f"{yname} ({u})" if u else yname, fontsize=9)
    if panel == "k":
        ax.axhline(0, color="0.5", lw=0.8, ls=":")
        ax.legend(fontsize=8, loc="best")
    ax.grid(alpha=0.3)
    twin = TWINS.get(panel)
    if twin:
        v = get(f, twin[0])
        if v is not None and v.shape == t.shape and _varies(v) and np.nanmax(np.abs(v)) > 0:
            k2, u2 = scale(unit_of(f, twin[0]), v)
            ax2 = ax.twinx()
            ax2.plot(t * ts, v * k2, color="C3", lw=1.0, ls="--")
            ax2.set_ylabel(f"{twin[1]} ({u2})" if u2 else twin[1], color="C3", fontsize=9)


def _profile(ax, f, t, ts, tl, log_c, fig):
    c = get(f, "/ionics/concentration")
    z = get(f, "/axes/z")
    if c is None or c.ndim != 2 or c.shape[0] != t.size:
        empty(ax, "c(z, t): no /ionics/concentration")
        return
    if z is None or z.shape != (c.shape[1],):
        z = np.arange(c.shape[1], dtype=float)
        zk, zl = 1.0, "site index"
    else:
        zk, zl = axis("distance from the FM z", "m", z)
    ck, cu = scale(unit_of(f, "/ionics/concentration"), c)
    data = np.ma.masked_invalid(c.T * ck)
    norm = None
    if log_c:
        pos = data[data > 0]
        if pos.size:
            norm = LogNorm(vmin=max(float(pos.min()), float(pos.max()) * 1e-6), vmax=float(pos.max()))
    im = ax.pcolormesh(t * ts, z * zk, data, shading="nearest", cmap="magma", norm=norm)
    fig.colorbar(im, ax=ax, label=f"concentration c ({cu})" if cu else "concentration c")
    ax.set_xlabel(tl)
    ax.set_ylabel(zl)
    ax.set_title("ion concentration c(z, t) (FM at z = 0, gate at the top)", fontsize=10)


def fig_ionics(f, path, log_c=False):
    t = need(f, "/axes/time", "ionics")
    ts, tl = axis("time", unit_of(f, "/axes/time") or "s", t)
    fig = plt.figure(figsize=(13, 9.5))
    gs = fig.add_gridspec(len(TRACES), 2, width_ratios=(1.0, 1.15), hspace=0.12, wspace=0.32)
    first = None
    for i, (panel, series, yname) in enumerate(TRACES):
        ax = fig.add_subplot(gs[i, 0], sharex=first)
        first = first or ax
        _trace_panel(ax, f, t, ts, panel, series, yname, path)
        if i < len(TRACES) - 1:
            ax.tick_params(labelbottom=False)
        else:
            ax.set_xlabel(tl)
    _profile(fig.add_subplot(gs[:, 1]), f, t, ts, tl, log_c, fig)
    cons = get(f, "/ionics/conservation_error")
    extra = f"; inventory drift {float(cons):.1e}" if cons is not None and cons.shape == () else ""
    if get(f, "/ionics/theta") is None and get(f, "/ionics/concentration") is None:
        plt.close(fig)
        raise PlotError("ionics: neither /ionics/theta nor /ionics/concentration")
    title(fig, path, f"magneto-ionic traces{extra}")
    fig.subplots_adjust(left=0.07, right=0.95, top=0.93, bottom=0.07)
    return fig
