"""fit.py — `plot.py fit`: the overlay of a `metaspin fit` result (data with Wilson 95 % intervals,
fitted curve, 95 % confidence band) is drawn by the fit engineer's scripts/plot_fit.py (layout in
src/switching/fit_output.c); this module calls into it, then adds the file-naming title and
re-saves at the common resolution so every figure of plot.py looks alike."""
import contextlib
import inspect
import io
import os
import sys

from .common import PlotError, plt, save, title

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _plot_fit():
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    try:
        import plot_fit
    except ImportError as e:
        raise PlotError(f"cannot import scripts/plot_fit.py ({e})") from None
    return plot_fit


def plot(path, out):
    """Draw FIT.h5 into out (PNG); returns out, raises PlotError when the file has no fit."""
    import h5py
    with h5py.File(path, "r") as f:
        missing = [g for g in ("/data", "/fit", "/band") if g not in f]
    if missing:
        raise PlotError(f"fit: missing {', '.join(missing)} (not a complete metaspin fit file)")
    pf = _plot_fit()
    plt.close("all")
    args = [path, "-o", out]
    saved = sys.argv
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            if inspect.signature(pf.main).parameters:
                pf.main(args)
            else:
                sys.argv = ["plot_fit.py"] + args
                pf.main()
    except SystemExit as e:
        if e.code not in (0, None):
            raise PlotError(f"plot_fit.py: {e.code}") from None
    except KeyError as e:
        raise PlotError(f"fit: plot_fit.py: missing {e}") from None
    finally:
        sys.argv = saved
    if not plt.get_fignums():
        if os.path.exists(out):
            print(f"plot.py: wrote {out}")
            return out
        raise PlotError("plot_fit.py drew no figure")
    fig = plt.gcf()
    title(fig, path, "switching data, fit and 95 % confidence band")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return save(fig, out)
