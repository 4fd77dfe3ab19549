"""Reproducible training and evaluation data: clean prose sources and the spinner simulator.

Nothing here runs when scoring; it is used by `python -m detector.training.discovery` and
by the benchmarks. No seed document and no evaluation text is ever read here.
"""
