"""mesh.py — figures of `metaspin mesh` output (layout: src/cli/cmd_mesh.c, docs/mesh.md): the time
table /mesh/table/{t, mx, my, mz, energy_total, energy_<term>, max_torque, dt}, and snapshots of m
as a colour map of one component with in-plane arrows, from /mesh/m [3][nz][ny][nx] (cells with
/mesh/ms = 0 masked; cell size from the resolved config mesh.size / mesh.n{x,y,z}) or from an
OVF 2.0 file (src/micromag/ovf.c: "Data Binary 8" with check value 123456789012345.0, "Data
Binary 4" with 1234567.0, or "Data Text"; nodes x fastest, then y, then z)."""
import numpy as np

from .common import PlotError, axis, config_vector, empty, get, plt, scale, title, unit_of

TERMS = ("exchange", "demag", "anisotropy", "zeeman", "dmi", "exchange_bias")


def fig_mesh(f, path):
    t = get(f, "/mesh/table/t")
    if t is None:
        raise PlotError("mesh: missing /mesh/table/t")
    ts, tl = axis("time", unit_of(f, "/mesh/table/t") or "s", t)
    fig, axs = plt.subplots(1, 3, figsize=(15, 4.8))
    ax = axs[0]
    n = 0
    for c in "xyz":
        v = get(f, f"/mesh/table/m{c}")
        if v is not None and v.shape == t.shape:
            ax.plot(t * ts, v, lw=1.5, label=f"⟨m_{c}⟩")
            n += 1
    if n:
        ax.set_ylim(-1.05, 1.05)
        ax.set_xlabel(tl)
        ax.set_ylabel("average magnetisation ⟨m⟩")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
        ax.set_title("spatial average of m", fontsize=10)
    else:
        empty(ax, "no /mesh/table/m{x,y,z}")
    ax = axs[1]
    series = [("total", get(f, "/mesh/table/energy_total"))] + [(k, get(f, f"/mesh/table/energy_{k}")) for k in TERMS]
    series = [(k, v) for k, v in series if v is not None and v.shape == t.shape and np.any(v != 0)]
    if series:
        k, u = scale(unit_of(f, "/mesh/table/energy_total") or "J", np.concatenate([v for _, v in series]))
        for name, v in series:
            ax.plot(t * ts, v * k, lw=2.2 if name == "total" else 1.2, color="k" if name == "total" else None,
                    label=name.replace("_", " "))
        ax.set_xlabel(tl)
        ax.set_ylabel(f"energy ({u})")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
        ax.set_title("energy terms", fontsize=10)
    else:
        empty(ax, "no energies")
    ax = axs[2]
    tq, dt = get(f, "/mesh/table/max_torque"), get(f, "/mesh/table/dt")
    if tq is not None and tq.shape == t.shape and np.any(tq > 0):
        ok = tq > 0
        ax.plot(t[ok] * ts, tq[ok], color="C3", lw=1.3, label="max |m × H|")
        ax.set_yscale("log")
        ax.set_ylabel(f"max torque |m × H_eff| ({unit_of(f, '/mesh/table/max_torque') or 'A/m'})")
        ax.set_xlabel(tl)
        ax.grid(alpha=0.3, which="both")
        if dt is not None and dt.shape == t.shape and np.any(dt > 0):
            k, u = scale("s", dt[dt > 0])
            ax2 = ax.twinx()
            ax2.plot(t * ts, dt * k, color="C0", lw=1.0, ls="--")
            ax2.set_ylabel(f"time step ({u}, dashed)", color="C0")
        ax.set_title("convergence: max torque and step", fontsize=10)
    else:
        empty(ax, "no /mesh/table/max_torque")
    title(fig, path, "micromagnetic time table")
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    return fig


def _draw(fig, ax, m, mask, dx, dy, unit, component, what):
    """m: [3][ny][nx] of one layer; colour = component, arrows = in-plane (m_x, m_y)."""
    ci = "xyz".index(component)
    ny, nx = m.shape[1], m.shape[2]
    k, u = scale(unit, [nx * dx, ny * dy]) if unit == "m" else (1.0, unit)
    ext = (0, nx * dx * k, 0, ny * dy * k)
    c = np.ma.array(m[ci], mask=mask)
    cmap = plt.get_cmap("RdBu_r").copy()
    cmap.set_bad("0.85")
    im = ax.imshow(c, origin="lower", extent=ext, cmap=cmap, vmin=-1, vmax=1, interpolation="nearest",
                   aspect="equal")
    fig.colorbar(im, ax=ax, label=f"m_{component}", shrink=0.9)
    step = max(1, int(np.ceil(max(nx, ny) / 28)))
    xs = (np.arange(nx) + 0.5) * dx * k
    ys = (np.arange(ny) + 0.5) * dy * k
    X, Y = np.meshgrid(xs[::step], ys[::step])
    U, V = m[0][::step, ::step], m[1][::step, ::step]
    keep = ~mask[::step, ::step] if mask is not np.ma.nomask else np.ones_like(U, dtype=bool)
    if np.any(np.hypot(U, V)[keep] > 0.05):
        ax.quiver(X[keep], Y[keep], U[keep], V[keep], color="k", pivot="middle", scale=1.0 / (step * dx * k * 0.9),
                  scale_units="xy", width=0.004, headwidth=3.5, alpha=0.75)
    ax.set_xlabel(f"x ({u})" if u else "x (cells)")
    ax.set_ylabel(f"y ({u})" if u else "y (cells)")
    ax.set_title(what, fontsize=10)


def _layer(nz, layer):
    if layer is None:
        return nz // 2
    if not 0 <= layer < nz:
        raise PlotError(f"layer {layer} outside 0..{nz - 1}")
    return layer


def fig_snapshot_h5(f, path, component="z", layer=None):
    m = get(f, "/mesh/m")
    if m is None or m.ndim != 4 or m.shape[0] != 3:
        raise PlotError("mesh-snapshot: missing /mesh/m [3][nz][ny][nx]")
    nz, ny, nx = m.shape[1:]
    iz = _layer(nz, layer)
    ms = get(f, "/mesh/ms")
    mask = (ms[iz] == 0) if ms is not None and ms.shape == m.shape[1:] else np.ma.nomask
    size = config_vector(f, "mesh.size")
    if size and len(size) == 3 and all(s > 0 for s in size):
        dx, dy, unit = size[0] / nx, size[1] / ny, "m"
    else:
        dx, dy, unit = 1.0, 1.0, ""
    fig, ax = plt.subplots(figsize=_figsize(nx * dx, ny * dy))
    avg = [float(np.ma.array(m[c, iz], mask=mask).mean()) for c in range(3)]
    _draw(fig, ax, m[:, iz], mask, dx, dy, unit, component,
          f"final m, layer {iz + 1}/{nz}, ⟨m⟩ = ({avg[0]:.3f}, {avg[1]:.3f}, {avg[2]:.3f})")
    title(fig, path, f"m_{component} snapshot")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig


def _figsize(lx, ly):
    r = lx / ly if ly > 0 else 1.0
    w = 11.0 if r > 1.6 else 7.5
    return (w, max(3.6, min(9.0, w / max(r, 0.4) * 0.85 + 1.0)))


def read_ovf(path):
    """(m [3][nz][ny][nx], header dict) of an OVF 2.0 file (binary 4/8 or text)."""
    with open(path, "rb") as fh:
        raw = fh.read()
    head = {}
    pos = 0
    kind = None
    while pos < len(raw):
        end = raw.find(b"\n", pos)
        if end < 0:
            break
        line = raw[pos:end].decode("latin-1").strip()
        pos = end + 1
        if line.lower().startswith("# begin: data"):
            kind = line[13:].strip().lower()
            break
        if line.startswith("#") and ":" in line:
            k, v = line[1:].split(":", 1)
            head[k.strip().lower()] = v.strip()
    if kind is None:
        raise PlotError("not an OVF file (no '# Begin: Data' line)")
    try:
        nx, ny, nz = (int(head[k]) for k in ("xnodes", "ynodes", "znodes"))
        dim = int(head.get("valuedim", "3"))
    except (KeyError, ValueError):
        raise PlotError("OVF header lacks xnodes/ynodes/znodes") from None
    n = nx * ny * nz * dim
    if kind.startswith("binary 8") or kind.startswith("binary 4"):
        size, check = (8, 123456789012345.0) if kind.startswith("binary 8") else (4, 1234567.0)
        dt = np.dtype("<f8" if size == 8 else "<f4")
        if np.frombuffer(raw, dt, 1, pos)[0] != check:
            raise PlotError(f"OVF binary {size}: bad check value (not little-endian OVF 2.0?)")
        if len(raw) < pos + size * (n + 1):
            raise PlotError("OVF data truncated")
        data = np.frombuffer(raw, dt, n, pos + size).astype(float)
    elif kind.startswith("text"):
        body = raw[pos:].decode("latin-1")
        body = body.split("# End: Data", 1)[0]
        data = np.array(body.split(), dtype=float)
        if data.size < n:
            raise PlotError(f"OVF text data truncated ({data.size} of {n} values)")
        data = data[:n]
    else:
        raise PlotError(f"OVF data format '{kind}' not supported")
    m = data.reshape(nz, ny, nx, dim).transpose(3, 0, 1, 2)
    return m, head


def fig_snapshot_ovf(path, component="z", layer=None):
    m, head = read_ovf(path)
    if m.shape[0] != 3:
        raise PlotError(f"OVF valuedim {m.shape[0]}: only vector fields (3) are drawn")
    nz, ny, nx = m.shape[1:]
    iz = _layer(nz, layer)
    try:
        dx, dy = float(head["xstepsize"]), float(head["ystepsize"])
        unit = head.get("meshunit", "m") or ""
    except (KeyError, ValueError):
        dx, dy, unit = 1.0, 1.0, ""
    norm = np.sqrt(np.sum(m[:, iz] ** 2, axis=0))
    mask = norm == 0
    fig, ax = plt.subplots(figsize=_figsize(nx * dx, ny * dy))
    what = head.get("title", "m")
    _draw(fig, ax, m[:, iz], mask, dx, dy, unit if unit == "m" else "", component,
          f"{what}, layer {iz + 1}/{nz}, {nx}×{ny}×{nz} cells")
    title(fig, path, f"m_{component} snapshot (OVF)")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig
