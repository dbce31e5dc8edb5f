"""cli.py — command line of scripts/plot.py: subcommands, output paths, `auto` dispatch by the root
attribute `command` (falling back to the file's datasets when the attribute is missing), and the
error policy: a figure that cannot be drawn prints one line naming the file and what is missing;
a traceback is never shown for data problems."""
import argparse
import os
import traceback

import h5py

from . import common
from .common import PlotError, note, out_path, save

# Figures of each metaspin command's output, in the order `auto` draws them. A kind is skipped
# (silently) when its `present` dataset is missing, so partial files draw what they can.
AUTO = {
    "table": [("table", None), ("table-map", None), ("gate", "/gate/h_after")],
    "sweep": [("sweep", "/sweep/merit"), ("table", "/switching/P"), ("table-map", "/switching/P")],
    "merge": [("sweep", "/sweep/merit"), ("table", "/switching/P"), ("table-map", "/switching/P")],
    "ionics": [("ionics", None), ("gate", "/gate/h_after")],
    "macrospin": [("macrospin", None)],
    "mesh": [("mesh", None), ("mesh-snapshot", "/mesh/m")],
    "fit": [("fit", None)],
    "train": [("train", None)],
}
# Recognise a file without the `command` attribute by a characteristic dataset.
SIGNATURE = [("/sweep/points", "sweep"), ("/switching/P", "table"), ("/learn/R", "train"), ("/ionics/theta", "ionics"),
             ("/series/m_mean", "macrospin"), ("/mesh/table/t", "mesh"), ("/mesh/m", "mesh"),
             ("/band", "fit"), ("/fit", "fit")]


def figure_fn(kind):
    """The function drawing `kind` (imported lazily so one broken module spares the others)."""
    if kind in ("table", "table-map", "gate"):
        from . import table as m
        return {"table": m.fig_table, "table-map": m.fig_table_map, "gate": m.fig_gate}[kind]
    if kind == "ionics":
        from . import ionics as m
        return m.fig_ionics
    if kind == "macrospin":
        from . import macrospin as m
        return m.fig_macrospin
    if kind in ("mesh", "mesh-snapshot"):
        from . import mesh as m
        return m.fig_mesh if kind == "mesh" else m.fig_snapshot_h5
    if kind == "sweep":
        from . import sweep as m
        return m.fig_sweep
    if kind == "train":
        from . import train as m
        return m.fig_train
    raise PlotError(f"unknown figure kind {kind}")


def options(kind, a):
    o = {}
    if kind == "table":
        o = {"amplitude": a.amplitude, "width": a.width, "temperature": a.temperature}
    elif kind == "table-map":
        o = {"temperature": a.temperature}
    elif kind == "ionics":
        o = {"log_c": a.log_c}
    elif kind == "mesh-snapshot":
        o = {"component": a.component, "layer": a.layer}
    return o


def draw(kind, f, path, output, single, a):
    """Draw one figure; True when written."""
    try:
        if kind == "fit":
            from . import fit
            return fit.plot(path, out_path(path, kind, output, single)) is not None
        fig = figure_fn(kind)(f, path, **options(kind, a))
        save(fig, out_path(path, kind, output, single))
        return True
    except PlotError as e:
        note(f"{path}: skipping {kind} figure: {e}")
    except Exception as e:  # noqa: BLE001 - a malformed file must not crash `auto`
        note(f"{path}: skipping {kind} figure: {type(e).__name__}: {e}")
        if os.environ.get("METASPIN_PLOT_DEBUG"):
            traceback.print_exc()
    finally:
        common.plt.close("all")
    return False


def command_of(f):
    cmd = common.attr(f, "command")
    if cmd in AUTO:
        return cmd
    for path, c in SIGNATURE:
        if path in f:
            return c
    return cmd


def run_auto(f, path, output, a):
    cmd = command_of(f)
    if cmd not in AUTO:
        note(f"{path}: no figures for command '{cmd or 'unknown'}' (root attribute `command`)")
        return 0
    done = 0
    kinds = AUTO[cmd]
    if cmd in ("sweep", "merge") and "/switching/P" not in f and "/sweep/merit" not in f:
        note(f"{path}: {cmd} file without /sweep/merit or /switching/P (table sweep): no figure yet")
        return 0
    for kind, present in kinds:
        if present and present not in f:
            continue
        done += draw(kind, f, path, output, False, a)
    if not done:
        note(f"{path}: no figure could be drawn")
    return 0 if done else 1


def parser(doc):
    head, _, rest = doc.strip().partition("\n\n")
    p = argparse.ArgumentParser(prog="plot.py", description=head,
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=rest)
    sub = p.add_subparsers(dest="kind", metavar="KIND")
    sub.required = True
    kinds = {
        "table": "switching probability vs pulse width and vs amplitude, per hidden state",
        "table-map": "heat maps of P over (amplitude, width) per hidden state and direction",
        "gate": "gate transfer table h_after(h), retention and delta per hidden state",
        "ionics": "ionic traces (V_G, theta, K_eff, delta, Ms) and c(z, t)",
        "macrospin": "ensemble series, trajectories, switching-time histogram",
        "mesh": "mesh time table: <m>, energies, max torque",
        "mesh-snapshot": "m_z map from /mesh/m or an OVF 2.0 file",
        "fit": "data, fit and confidence band of metaspin fit",
        "sweep": "figures of merit of a material sweep vs the swept keys",
        "train": "accuracy matrix, per-epoch curves, forgetting",
        "train-compare": "final accuracies and forgetting of several runs side by side",
        "auto": "every figure of the file's command (root attribute `command`)",
    }
    for k, h in kinds.items():
        s = sub.add_parser(k, help=h, description=h)
        if k == "train-compare":
            s.add_argument("files", nargs="+", metavar="FILE.h5")
        else:
            s.add_argument("file", metavar="FILE")
        s.add_argument("-o", "--output", help="PNG file, or directory (auto: always a directory)")
        if k in ("table", "table-map", "auto"):
            s.add_argument("--temperature", type=float, help="temperature (K) of the cut (default: nearest 300 K)")
        if k in ("table", "auto"):
            s.add_argument("--amplitude", type=float, help="amplitude (SI) of the P-vs-width cut (default: most varied)")
            s.add_argument("--width", type=float, help="width (s) of the P-vs-amplitude cut (default: most varied)")
        if k in ("ionics", "auto"):
            s.add_argument("--log-c", action="store_true", help="logarithmic colour scale for c(z, t)")
        if k in ("mesh-snapshot", "auto"):
            s.add_argument("--component", choices="xyz", default="z", help="colour component (default z)")
            s.add_argument("--layer", type=int, help="z layer (default: middle)")
    return p


def main(argv, doc):
    a = parser(doc).parse_args(argv)
    for k in ("amplitude", "width", "temperature", "log_c", "component", "layer"):
        if not hasattr(a, k):
            setattr(a, k, None)
    if a.kind == "train-compare":
        from . import train
        try:
            save(train.fig_compare(a.files), out_path(a.files[0], "compare", a.output))
            return 0
        except (PlotError, OSError) as e:
            note(f"train-compare: {e}")
            return 1
    if not os.path.exists(a.file):
        note(f"{a.file}: no such file")
        return 1
    if a.kind == "mesh-snapshot" and not h5py.is_hdf5(a.file):
        from . import mesh
        try:
            save(mesh.fig_snapshot_ovf(a.file, a.component, a.layer), out_path(a.file, "snapshot", a.output))
            return 0
        except (PlotError, OSError, ValueError) as e:
            note(f"{a.file}: {e}")
            return 1
    try:
        f = h5py.File(a.file, "r")
    except OSError as e:
        note(f"{a.file}: cannot open as HDF5 ({e}); a run still in progress writes NAME.tmp")
        return 1
    with f:
        if a.kind == "auto":
            return run_auto(f, a.file, a.output, a)
        kind = "mesh-snapshot" if a.kind == "mesh-snapshot" else a.kind
        return 0 if draw(kind, f, a.file, a.output, True, a) else 1
