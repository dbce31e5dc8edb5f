"""table.py — figures of a device table (layout: include/metaspin/table.h, writer
src/switching/table_write.c): switching probability P[h][amplitude][width][temperature][direction]
with its Wilson 95 % interval (/switching/ci_lo, ci_hi; model-filled points, /switching/source = 1,
drawn with open markers), as curves vs pulse width and vs amplitude (`table`), as heat maps over
(amplitude, width) per hidden state (`table-map`), and the hidden-state exports /gate/h_after,
/gate/retention and /switching/delta (`gate`). Direction 0: to_plus (−u → +u), 1: to_minus."""
import numpy as np

from .common import (PlotError, attr, axis, colours, dataset, empty, fmt, get, logx, need, plt,
                     pretty, title, unit_of)

DIRS = ("to_plus (−u → +u)", "to_minus (+u → −u)")
KIND_NAME = {"current_density": "current density", "voltage": "voltage", "field": "field"}


def hidden_name(f):
    """(symbol, unit) of the hidden-state axis from its `meaning` attribute."""
    ds = dataset(f, "/axes/h")
    meaning = (attr(ds, "meaning", "") if ds is not None else "").lower()
    u = unit_of(f, "/axes/h")
    if "coverage" in meaning or "theta" in meaning:
        return "θ", u or "ML"
    if "anisotropy" in meaning:
        return "K_u", u
    if "stability" in meaning or "delta" in meaning:
        return "Δ", u
    return "h", u


def hidden_labels(f, h):
    sym, u = hidden_name(f)
    delta = get(f, "/switching/delta")
    out = []
    for i, v in enumerate(h):
        s = f"{sym} = {fmt(v, u) if u != 'ML' else f'{v:.3g} ML'}"
        if delta is not None and delta.ndim == 2 and sym != "Δ" and i < delta.shape[0]:
            s += f" (Δ = {delta[i, 0]:.0f})"
        out.append(s)
    return out


class Table:
    """The arrays of a table file; P is required, the rest optional."""

    def __init__(self, f):
        self.P = need(f, "/switching/P", "table")
        if self.P.ndim != 5 or self.P.shape[4] != 2:
            raise PlotError(f"table: /switching/P has shape {self.P.shape}, expected [h][a][w][T][2]")
        nh, na, nw, nt, _ = self.P.shape
        self.h = self._axis(f, "/axes/h", nh)
        self.a = self._axis(f, "/axes/amplitude", na)
        self.w = self._axis(f, "/axes/width", nw)
        self.T = self._axis(f, "/axes/temperature", nt)
        self.lo, self.hi = get(f, "/switching/ci_lo"), get(f, "/switching/ci_hi")
        if self.lo is None or self.hi is None or self.lo.shape != self.P.shape or self.hi.shape != self.P.shape:
            self.lo = self.hi = None
        self.src = get(f, "/switching/source")
        if self.src is None or self.src.shape != self.P.shape:
            self.src = np.zeros(self.P.shape, dtype=np.uint8)
        ds = dataset(f, "/axes/amplitude")
        kind = attr(ds, "kind", "") if ds is not None else ""
        self.a_name = KIND_NAME.get(kind, "amplitude")
        self.a_unit = unit_of(f, "/axes/amplitude")
        self.labels = hidden_labels(f, self.h)

    @staticmethod
    def _axis(f, path, n):
        v = get(f, path)
        if v is None or v.shape != (n,):
            return np.arange(n, dtype=float)
        return v.astype(float)

    def t_index(self, temperature):
        target = 300.0 if temperature is None else temperature
        return int(np.argmin(np.abs(self.T - target)))

    def pick(self, values, given, axis_no):
        """Index along amplitude (axis 1) or width (2): nearest to `given`, else the index where
        P varies most over the other axes (the most informative cut)."""
        if given is not None:
            return int(np.argmin(np.abs(np.log(values) - np.log(given)) if np.all(values > 0)
                                 else np.abs(values - given)))
        P = np.nan_to_num(self.P, nan=0.0)
        spread = [np.var(np.take(P, i, axis=axis_no)) for i in range(P.shape[axis_no])]
        return int(np.argmax(spread))


def _curves(ax, t, x, xs, it, d, cut, along):
    """P vs x (widths: along = "w" at amplitude index cut; amplitudes: "a" at width index cut)."""
    cols = colours(len(t.h))
    for ih in range(len(t.h)):
        idx = (ih, slice(None), cut, it, d) if along == "a" else (ih, cut, slice(None), it, d)
        p = t.P[idx]
        ok = np.isfinite(p)
        if not ok.any():
            continue
        xx = x[ok] * xs
        if t.lo is not None:
            lo, hi = t.lo[idx][ok], t.hi[idx][ok]
            yerr = np.vstack([np.clip(p[ok] - lo, 0, None), np.clip(hi - p[ok], 0, None)])
            ax.fill_between(xx, lo, hi, color=cols[ih], alpha=0.15, lw=0)
            ax.errorbar(xx, p[ok], yerr=yerr, fmt="-", color=cols[ih], lw=1.4, capsize=3,
                        label=t.labels[ih])
        else:
            ax.plot(xx, p[ok], "-", color=cols[ih], lw=1.4, label=t.labels[ih])
        model = t.src[idx][ok] == 1
        ax.plot(xx[~model], p[ok][~model], "o", color=cols[ih], ms=5)
        ax.plot(xx[model], p[ok][model], "o", mfc="white", mec=cols[ih], ms=5)
    ax.set_ylim(-0.03, 1.03)
    ax.set_ylabel("switching probability P")
    ax.grid(alpha=0.3)


def fig_table(f, path, amplitude=None, width=None, temperature=None):
    t = Table(f)
    it = t.t_index(temperature)
    ia, iw = t.pick(t.a, amplitude, 1), t.pick(t.w, width, 2)
    ws, wl = axis("pulse width", unit_of(f, "/axes/width") or "s", t.w)
    as_, al = axis(t.a_name, t.a_unit, t.a)
    fig, axs = plt.subplots(2, 2, figsize=(12, 8.5), squeeze=False)
    for d in range(2):
        ax = axs[d][0]
        _curves(ax, t, t.w, ws, it, d, ia, "w")
        logx(ax)
        ax.set_xlabel(wl)
        ax.set_title(f"{DIRS[d]} at {t.a_name} {fmt(t.a[ia], t.a_unit)}, T = {t.T[it]:.0f} K", fontsize=10)
        ax = axs[d][1]
        _curves(ax, t, t.a, as_, it, d, iw, "a")
        ax.set_xlabel(al)
        ax.set_title(f"{DIRS[d]} at width {fmt(t.w[iw], 's')}, T = {t.T[it]:.0f} K", fontsize=10)
    axs[0][0].legend(fontsize=8, loc="best")
    fig.text(0.01, 0.005, "bars and bands: Wilson 95 % interval; open markers: closed-form model points",
             fontsize=8, color="0.35")
    title(fig, path, "switching probability per hidden state")
    fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    return fig


def fig_table_map(f, path, temperature=None):
    t = Table(f)
    it = t.t_index(temperature)
    nh = len(t.h)
    ncol = min(nh, 4)
    rows_per_dir = (nh + ncol - 1) // ncol
    nrow = 2 * rows_per_dir
    na, nw = t.P.shape[1], t.P.shape[2]
    fig, axs = plt.subplots(nrow, ncol, figsize=(max(3.2 * ncol + 1.5, 6.5), 3.1 * nrow + 0.9), squeeze=False,
                            constrained_layout=True)
    ws, wl = axis("pulse width", "s", t.w)
    as_, al = axis(t.a_name, t.a_unit, t.a)
    annotate = na * nw <= 80
    mesh = None
    for d in range(2):
        for ih in range(rows_per_dir * ncol):
            r = d * rows_per_dir + ih // ncol
            ax = axs[r][ih % ncol]
            if ih >= nh:
                ax.axis("off")
                continue
            p = t.P[ih, :, :, it, d]
            # Cells on index grids (axes need not be uniform); ticks carry the axis values.
            mesh = ax.pcolormesh(np.arange(nw + 1) - 0.5, np.arange(na + 1) - 0.5, np.ma.masked_invalid(p),
                                 cmap="viridis", vmin=0, vmax=1)
            step_w, step_a = max(1, nw // 6), max(1, na // 8)
            ax.set_xticks(range(0, nw, step_w))
            ax.set_xticklabels([f"{v * ws:.3g}" for v in t.w[::step_w]], fontsize=8)
            ax.set_yticks(range(0, na, step_a))
            ax.set_yticklabels([f"{v * as_:.3g}" for v in t.a[::step_a]], fontsize=8)
            if annotate:
                for ia in range(na):
                    for iw in range(nw):
                        if np.isfinite(p[ia, iw]):
                            m = "ᵐ" if t.src[ih, ia, iw, it, d] == 1 else ""
                            ax.text(iw, ia, f"{p[ia, iw]:.2f}{m}", ha="center", va="center", fontsize=7,
                                    color="white" if p[ia, iw] < 0.6 else "black")
            ax.set_title(f"{t.labels[ih]}\n{DIRS[d]}", fontsize=9)
            if ih % ncol == 0:
                ax.set_ylabel(al)
            if r == nrow - 1 or ih + ncol >= nh:
                ax.set_xlabel(wl)
    if mesh is not None:
        fig.colorbar(mesh, ax=axs, shrink=0.8, label="switching probability P")
    title(fig, path, f"P over ({t.a_name}, width) at T = {t.T[it]:.0f} K" +
          ("  (ᵐ: closed-form model point)" if annotate and t.src.any() else ""))
    return fig


def fig_gate(f, path):
    """Hidden-state exports: θ after one gate pulse vs θ before (per voltage, one line per width),
    retention time and Δ vs h."""
    ha = get(f, "/gate/h_after")
    ret = get(f, "/gate/retention")
    delta = get(f, "/switching/delta")
    h = get(f, "/axes/h")
    if h is None or (ha is None and ret is None and delta is None):
        raise PlotError("gate: missing /axes/h and /gate/h_after, /gate/retention, /switching/delta")
    sym, hu = hidden_name(f)
    def hl(when=""):
        return f"{sym}{when} ({pretty(hu)})" if hu else f"{sym}{when}"
    gv, gw = get(f, "/axes/gate_voltage"), get(f, "/axes/gate_width")
    nv = ha.shape[1] if ha is not None and ha.ndim == 3 and ha.shape[0] == h.size else 0
    npanel = nv + 1
    ncol = min(npanel, 3)
    nrow = (npanel + ncol - 1) // ncol
    fig, grid = plt.subplots(nrow, ncol, figsize=(4.6 * ncol + 0.6, 3.9 * nrow + 0.6), squeeze=False)
    axs = grid.ravel()
    for ax in axs[npanel:]:
        ax.axis("off")
    for iv in range(nv):
        ax = axs[iv]
        cols = colours(ha.shape[2], "plasma")
        for iw in range(ha.shape[2]):
            lab = fmt(gw[iw], "s") if gw is not None and iw < len(gw) else f"width {iw}"
            ax.plot(h, ha[:, iv, iw] - h, "o-", color=cols[iw], ms=4, label=lab)
        ax.axhline(0, color="0.5", lw=0.8, ls=":")
        v = f"{gv[iv]:+.3g} V" if gv is not None and iv < len(gv) else f"voltage {iv}"
        ax.set_title(f"change of {sym} by one gate pulse at {v}", fontsize=10)
        ax.set_xlabel(hl(" before"))
        ax.set_ylabel(f"{sym}_after − {sym}" + (f" ({pretty(hu)})" if hu else ""))
        ax.grid(alpha=0.3)
        if iv == 0:
            ax.legend(fontsize=8, title="pulse width", title_fontsize=8)
    ax = axs[npanel - 1]
    temps = get(f, "/axes/temperature")
    if ret is not None and ret.ndim == 2:
        for it in range(ret.shape[1]):
            lab = f"τ_ret, {temps[it]:.0f} K" if temps is not None and it < len(temps) else "τ_ret"
            ax.plot(h, ret[:, it], "s-", ms=4, label=lab)
        logx(ax, "y")
        ax.set_ylabel("retention time (s)")
        ax.set_xlabel(hl())
        ax.grid(alpha=0.3, which="both")
        if delta is not None and delta.ndim == 2:
            ax2 = ax.twinx()
            ax2.plot(h, delta[:, 0], "d--", color="C3", ms=4, label="Δ")
            ax2.set_ylabel("thermal stability Δ", color="C3")
        ax.legend(fontsize=8, loc="upper left")
        ax.set_title("retention and stability", fontsize=10)
    elif delta is not None and delta.ndim == 2:
        for it in range(delta.shape[1]):
            ax.plot(h, delta[:, it], "d-", ms=4, label=f"{temps[it]:.0f} K" if temps is not None else None)
        ax.set_xlabel(hl())
        ax.set_ylabel("thermal stability Δ")
        ax.grid(alpha=0.3)
        ax.set_title("thermal stability", fontsize=10)
    else:
        empty(ax, "no /gate/retention or /switching/delta")
    title(fig, path, "hidden state: gate transfer, retention")
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    return fig
