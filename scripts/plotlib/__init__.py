"""plotlib — the figure modules of scripts/plot.py (one module per metaspin command's output)."""
