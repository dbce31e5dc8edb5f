"""sweep.py — figure of `metaspin sweep` output with sweep.output = "merit" (layout:
src/sweep/sweep_write.c): figures of merit /sweep/merit/{delta, critical, p_ref, width_half,
energy_write} [n_points][nh] against the first swept key (/sweep/points [n_points][n_axes],
attributes keys and units, "; "-separated). Colour = hidden state h (/axes/h), line style = the
values of the other swept keys. Table sweeps (/sweep/switching/*) have no figure yet."""
import numpy as np
from matplotlib.lines import Line2D

from .common import PlotError, attr, axis, colours, dataset, empty, fmt, get, logx, plt, scale, title, unit_of
from .table import hidden_labels

MERITS = [("delta", "thermal stability Δ"), ("critical", "critical drive"), ("p_ref", "P at the reference pulse"),
          ("width_half", "width with P = 0.5"), ("energy_write", "write energy")]
STYLES = ("-", "--", ":", "-.")


def fig_sweep(f, path):
    pts = get(f, "/sweep/points")
    if pts is None or pts.ndim != 2 or pts.shape[0] == 0:
        raise PlotError("sweep: missing /sweep/points")
    if "/sweep/merit" not in f:
        raise PlotError("sweep: no /sweep/merit (table sweeps have no figure yet)")
    ds = dataset(f, "/sweep/points")
    keys = [k.strip() for k in (attr(ds, "keys", "") or "").split(";")]
    units = [u.strip() for u in (attr(ds, "units", "") or "").split(";")]
    keys += [f"axis {k + 1}" for k in range(len(keys), pts.shape[1])]
    units += [""] * (pts.shape[1] - len(units))
    x = pts[:, 0]
    xk, xl = axis(keys[0], units[0], x)
    rest = [tuple(r) for r in pts[:, 1:]]
    groups = sorted(set(rest))
    h = get(f, "/axes/h")
    fig, grid = plt.subplots(2, 3, figsize=(15, 8.5))
    axs = grid.ravel()
    nh = 0
    for ax, (name, what) in zip(axs, MERITS):
        v = get(f, f"/sweep/merit/{name}")
        if v is None or v.ndim != 2 or v.shape[0] != x.size or not np.any(np.isfinite(v)):
            empty(ax, f"{what}: no data")
            continue
        nh = v.shape[1]
        cols = colours(nh)
        k, u = scale(unit_of(f, f"/sweep/merit/{name}"), v)
        for gi, g in enumerate(groups):
            sel = np.array([r == g for r in rest])
            order = np.argsort(x[sel])
            for ih in range(nh):
                ax.plot(x[sel][order] * xk, v[sel, ih][order] * k, STYLES[gi % 4], marker="o", ms=4,
                        color=cols[ih])
        if name in ("width_half", "energy_write") and np.all(v[np.isfinite(v)] > 0):
            logx(ax, "y")
        ax.set_xlabel(xl)
        ax.set_ylabel(f"{what} ({u})" if u else what)
        ax.grid(alpha=0.3)
        if name == "p_ref":
            a = dataset(f, "/sweep/merit/p_ref")
            amp, wid = attr(a, "reference_amplitude"), attr(a, "reference_width")
            if amp and wid:
                ax.set_title(f"at {fmt(float(amp), unit_of(f, '/axes/amplitude'))}, {fmt(float(wid), 's')}", fontsize=9)
            ax.set_ylim(-0.03, 1.03)
    ax = axs[5]
    ax.axis("off")
    hl = hidden_labels(f, h) if h is not None and h.size == nh else [f"h[{i}]" for i in range(nh)]
    handles = [Line2D([], [], color=c, marker="o", label=lbl) for c, lbl in zip(colours(nh), hl)]
    if len(groups) > 1 or pts.shape[1] > 1:
        for gi, g in enumerate(groups):
            lbl = ", ".join(f"{keys[j + 1]} = {fmt(g[j], units[j + 1])}" for j in range(len(g)))
            handles.append(Line2D([], [], color="0.3", ls=STYLES[gi % 4], label=lbl))
    ax.legend(handles=handles, loc="center", fontsize=8, title="colour: hidden state; style: other keys",
              title_fontsize=8)
    title(fig, path, f"sweep of {', '.join(keys)} ({attr(ds, 'mode', '')})")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig
