#!/usr/bin/python3
"""plot.py — PNG figures of metaspin output files (HDF5 results and OVF 2.0 snapshots).

One subcommand per kind of figure; `auto` picks them from the file's root attribute `command`.
Needs Debian's python3-h5py, python3-matplotlib and python3-numpy (Agg backend, no window).
Figures go next to the input as STEM-KIND.png, or to -o FILE.png / -o DIR/. See docs/figures.md.

  plot.py table FILE.h5 [--amplitude A] [--width W] [--temperature T]   P vs width and vs amplitude
  plot.py table-map FILE.h5 [--temperature T]                          P heat maps per hidden state
  plot.py gate FILE.h5                       gate transfer table, retention, Δ per hidden state
  plot.py ionics FILE.h5 [--log-c]           ionic traces and the concentration profile c(z, t)
  plot.py macrospin FILE.h5                  ensemble series, trajectories, switching-time histogram
  plot.py mesh FILE.h5                       time table: <m>, energies, max torque
  plot.py mesh-snapshot FILE.h5|FILE.ovf [--component z] [--layer K]   m_z map with in-plane arrows
  plot.py fit FILE.h5                        data, fit and 95 % band (scripts/plot_fit.py)
  plot.py sweep FILE.h5                      figures of merit vs the swept keys (merit sweeps)
  plot.py train FILE.h5                      accuracy matrix, per-epoch curves, forgetting
  plot.py train-compare A.h5 B.h5 ...        rules side by side
  plot.py auto FILE.h5 [-o DIR]              every figure of the file's command

Exit status: 0 when every requested figure was written (auto: at least one, or the command has
no figures), 1 when a figure could not be drawn (message on stderr, no traceback), 2 on bad usage,
3 when h5py/matplotlib are missing."""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ inside the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import h5py  # noqa: F401
    import matplotlib  # noqa: F401
    import numpy  # noqa: F401
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.stderr.write(f"plot.py: {e}; install with: sudo apt-get install python3-h5py python3-matplotlib "
                     "python3-numpy (and run /usr/bin/python3)\n")
    sys.exit(3)

from plotlib import cli  # noqa: E402

if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:], __doc__))
