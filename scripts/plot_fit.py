#!/usr/bin/python3
"""plot_fit.py — overlay plot of a `metaspin fit` result: data points (with Wilson 95 % intervals
when counts are given), the fitted curve and its 95 % confidence band, one colour per curve.

Reads the HDF5 file written by `metaspin fit DATA.csv -o FIT.h5` (layout in src/switching/fit_output.c:
/data/*, /fit/*, /band/curve_<k>/{x, p, lo, hi} with attribute axis = "width" or "amplitude").

usage: scripts/plot_fit.py FIT.h5 [-o FIT.png] [--linear]
Needs h5py, numpy and matplotlib (pip install h5py matplotlib).
"""
import argparse
import math
import sys


def wilson(k, n, z=1.959963984540054):
    """Wilson score interval of a binomial proportion (Wilson, JASA 22, 209 (1927))."""
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return mid - half, mid + half


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", help="HDF5 result of metaspin fit")
    ap.add_argument("-o", "--output", help="PNG file (default: FILE with .png)")
    ap.add_argument("--linear", action="store_true", help="linear width axis")
    a = ap.parse_args()
    try:
        import h5py
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import numpy as np
    except ImportError as e:
        sys.exit(f"plot_fit.py: {e}; install with: pip install h5py matplotlib")

    out = a.output or (a.file.rsplit(".", 1)[0] + ".png")
    with h5py.File(a.file, "r") as f:
        d = {k: f["data"][k][()] for k in f["data"]}
        amp_unit = f["data/amplitude"].attrs.get("units", b"")
        amp_unit = amp_unit.decode() if isinstance(amp_unit, bytes) else str(amp_unit)
        model = f["fit"].attrs["model"]
        model = model.decode() if isinstance(model, bytes) else str(model)
        bands = []
        for name in sorted(f["band"], key=lambda s: int(s.split("_")[1])):
            g = f["band"][name]
            axis = g.attrs["axis"]
            axis = axis.decode() if isinstance(axis, bytes) else str(axis)
            bands.append((int(name.split("_")[1]), axis, g["x"][()], g["p"][()], g["lo"][()],
                          g["hi"][()], dict(g.attrs)))
        params = {k: (f["fit/parameters"][k][()], f["fit/parameters"][k].attrs["error"])
                  for k in f["fit/parameters"]}

    fig, ax = plt.subplots(figsize=(7, 4.5))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    counts = "n_switched" in d
    for c, axis, x, p, lo, hi, attrs in bands:
        col = colours[c % len(colours)]
        sel = d["curve"] == c
        xd = d["width"][sel] if axis == "width" else d["amplitude"][sel]
        label = (f"{attrs['amplitude']:.4g} {amp_unit}" if axis == "width"
                 else f"{attrs['width'] * 1e9:.4g} ns") + f", {attrs['temperature']:.0f} K"
        ax.fill_between(x, lo, hi, color=col, alpha=0.2, lw=0)
        ax.plot(x, p, color=col, lw=1.5)
        if counts:
            k, n = d["n_switched"][sel], d["n_total"][sel]
            ci = np.array([wilson(kk, nn) for kk, nn in zip(k, n)])
            yerr = np.maximum(np.vstack([d["p"][sel] - ci[:, 0], ci[:, 1] - d["p"][sel]]), 0)
            ax.errorbar(xd, d["p"][sel], yerr=yerr, fmt="o", ms=4, color=col, label=label)
        else:
            ax.plot(xd, d["p"][sel], "o", ms=4, color=col, label=label)
    along_width = bands and bands[0][1] == "width"
    if along_width and not a.linear:
        ax.set_xscale("log")
    ax.set_xlabel("pulse width (s)" if along_width else f"amplitude ({amp_unit})")
    ax.set_ylabel("switching probability")
    ax.set_ylim(-0.03, 1.03)
    text = ", ".join(f"{k} = {v:.4g} ± {e:.2g}" for k, (v, e) in params.items() if e > 0)
    ax.set_title(f"{model} fit: {text}", fontsize=8)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(out, dpi=150)
    print(f"plot_fit.py: wrote {out}")


if __name__ == "__main__":
    main()
