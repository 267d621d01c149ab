"""Benchmarks for issue 7: generated data, the real app code driven offscreen, figures beside floors."""
