"""common.py — shared helpers of scripts/plot.py: reading metaspin HDF5 files defensively (a missing
dataset is reported and its panel skipped, never a traceback), unit-aware axis labels from the
datasets' `units` attributes with engineering prefixes, the resolved-config parser, output paths
and figure saving (PNG, Agg backend, 100 dpi).

Every metaspin HDF5 file carries the root attributes program, version, command, command_line,
config (resolved config, libconfig syntax, SI values) and a `units` attribute on every dataset
(include/metaspin/h5.h)."""
import math
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

DPI = 100
PROG = "plot.py"


class PlotError(Exception):
    """A figure cannot be drawn (missing data); the message names the file and what is missing."""


def note(msg):
    print(f"{PROG}: {msg}", file=sys.stderr)


def text(v):
    """Attribute value as str (h5py returns str, bytes or numpy scalars)."""
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, np.ndarray) and v.shape == ():
        return text(v[()])
    return str(v)


def attr(obj, name, default=None):
    try:
        return text(obj.attrs[name]) if name in obj.attrs else default
    except (OSError, KeyError):
        return default


def units(ds):
    return attr(ds, "units", "") or ""


def get(f, path):
    """Dataset at path as a numpy array, or None when absent or unreadable."""
    try:
        ds = f[path]
        return np.asarray(ds[()])
    except (KeyError, OSError, ValueError, TypeError):
        return None


def need(f, path, what):
    v = get(f, path)
    if v is None:
        raise PlotError(f"{what}: missing dataset {path}")
    return v


def dataset(f, path):
    try:
        return f[path]
    except (KeyError, OSError):
        return None


def unit_of(f, path):
    ds = dataset(f, path)
    return units(ds) if ds is not None else ""


# ---- units -------------------------------------------------------------------------------------

PREFIX = {-21: "z", -18: "a", -15: "f", -12: "p", -9: "n", -6: "µ", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T"}
# Units whose leading symbol takes an SI prefix, with the largest prefix exponent used.
PREFIXABLE = {"s": 0, "m": 0, "J": 0, "V": 0, "A": 0, "A/m": 6, "J/m^3": 6, "J/m^2": 0, "T": 0,
              "Hz": 12, "W": 0, "ohm": 6, "Ω": 6, "1/s": 12}


def pretty(unit):
    return unit.replace("^2", "²").replace("^3", "³").replace("^-1", "⁻¹")


def scale(unit, values):
    """(factor, display unit) so that values*factor reads well: engineering prefixes for simple
    units, MA/cm² for current densities, 1/nm³ for concentrations."""
    v = np.asarray(values, dtype=float).ravel() if values is not None else np.array([])
    v = v[np.isfinite(v) & (v != 0)]
    big = float(np.max(np.abs(v))) if v.size else 0.0
    if unit == "A/m^2" and big >= 1e8:
        return 1e-10, "MA/cm²"
    if unit == "1/m^3" and big >= 1e20:
        return 1e-27, "1/nm³"
    if unit in PREFIXABLE and big > 0:
        e = int(math.floor(math.log10(big / 0.5) / 3.0)) * 3  # mantissa in [0.5, 500)
        e = max(-21, min(e, PREFIXABLE[unit]))
        return 10.0 ** (-e), pretty(PREFIX[e] + unit)
    return 1.0, pretty(unit)


def label(name, unit):
    return f"{name} ({unit})" if unit else name


def axis(name, unit, values):
    """(factor, axis label) for values in `unit`."""
    k, u = scale(unit, values)
    return k, label(name, u)


def fmt(value, unit, digits=3):
    """A value with its scaled unit, e.g. 5e-9 s -> '5 ns'."""
    k, u = scale(unit, [value])
    return f"{value * k:.{digits}g} {u}".strip()


# ---- resolved config ---------------------------------------------------------------------------

def config_get(f, key, default=None):
    """Value of a dotted key ("rule.name") from the root attribute `config` (libconfig text as
    written by ms_config_text: one `name = value;` per line, groups `name: {` ... `};`)."""
    cfg = attr(f, "config", "")
    stack = []
    for raw in cfg.splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^([A-Za-z_][\w-]*)\s*[:=]\s*\{$", line)
        if m:
            stack.append(m.group(1))
            continue
        if line.startswith("}"):
            if stack:
                stack.pop()
            continue
        m = re.match(r"^([A-Za-z_][\w-]*)\s*[:=]\s*(.*?);?$", line)
        if m and ".".join(stack + [m.group(1)]) == key:
            return m.group(2).strip().strip('"')
    return default


def config_vector(f, key):
    v = config_get(f, key)
    if not v:
        return None
    try:
        return [float(x) for x in v.strip("[]()").split(",")]
    except ValueError:
        return None


# ---- output ------------------------------------------------------------------------------------

def stem(path):
    base = os.path.basename(path)
    for ext in (".h5", ".hdf5", ".ovf", ".omf"):
        if base.lower().endswith(ext):
            return base[: -len(ext)]
    return base


def out_path(inp, kind, output, single=True):
    """Where a figure goes: -o FILE.png (single-figure commands), -o DIR (directory, existing or
    ending in /), or next to the input as STEM-kind.png."""
    name = f"{stem(inp)}-{kind}.png"
    if output:
        if os.path.isdir(output) or output.endswith(os.sep) or not single:
            os.makedirs(output, exist_ok=True)
            return os.path.join(output, name)
        d = os.path.dirname(output)
        if d:
            os.makedirs(d, exist_ok=True)
        return output
    return os.path.join(os.path.dirname(os.path.abspath(inp)), name)


def title(fig, path, what):
    fig.suptitle(f"{os.path.basename(path)} — {what}", fontsize=11)


def save(fig, out):
    """Write the PNG atomically (OUT.tmp.png, then rename) and close the figure."""
    tmp = out[:-4] + ".tmp.png" if out.endswith(".png") else out + ".tmp"
    try:
        fig.savefig(tmp, dpi=DPI, format="png")
        os.replace(tmp, out)
    finally:
        plt.close(fig)
        if os.path.exists(tmp):
            os.remove(tmp)
    print(f"{PROG}: wrote {out}")
    return out


def empty(ax, msg):
    """Mark a panel whose data are missing instead of failing the figure."""
    ax.text(0.5, 0.5, msg, ha="center", va="center", transform=ax.transAxes, fontsize=9, color="0.4",
            wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])


def edges(v, log=False):
    """Cell edges around the points v (geometric midpoints when log) for pcolormesh."""
    v = np.asarray(v, dtype=float)
    if v.size == 1:
        return np.array([v[0] / 1.5, v[0] * 1.5]) if log and v[0] > 0 else np.array([v[0] - 0.5, v[0] + 0.5])
    if log and np.all(v > 0):
        lv = np.log(v)
        mid = 0.5 * (lv[1:] + lv[:-1])
        return np.exp(np.concatenate([[2 * lv[0] - mid[0]], mid, [2 * lv[-1] - mid[-1]]]))
    mid = 0.5 * (v[1:] + v[:-1])
    return np.concatenate([[2 * v[0] - mid[0]], mid, [2 * v[-1] - mid[-1]]])


def colours(n, cmap="viridis"):
    if n <= 1:
        return ["C0"]
    cm = plt.get_cmap(cmap)
    return [cm(0.85 * i / (n - 1)) for i in range(n)]


def logx(ax, axis_name="x"):
    """Logarithmic axis with plain tick labels (0.5, 1, 2, 5, 10 rather than 10^0)."""
    from matplotlib.ticker import FuncFormatter, LogLocator
    a = ax.xaxis if axis_name == "x" else ax.yaxis
    (ax.set_xscale if axis_name == "x" else ax.set_yscale)("log")
    lo, hi = (ax.get_xlim() if axis_name == "x" else ax.get_ylim())
    if lo > 0 and hi / lo < 3:  # less than half a decade: a linear axis reads better
        (ax.set_xscale if axis_name == "x" else ax.set_yscale)("linear")
    elif lo > 0 and hi / lo < 1e4:
        a.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        a.set_minor_locator(LogLocator(base=10, subs=np.arange(1, 10) * 1.0))
        a.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        a.set_minor_formatter(FuncFormatter(lambda v, _: ""))
