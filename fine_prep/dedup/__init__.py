"""Exact and near-duplicate removal (MinHash LSH), leakage checks against held-out sets.

Modules: :mod:`normalize` (text canonicalisation), :mod:`shingles` (``cjk-shingles-v1``),
:mod:`minhash` (signatures, banding, confirmation), :mod:`cluster` (union-find, which copy is
kept), :mod:`stage` (the ``dedup`` set stage), :mod:`leakage` (train/eval contamination).
"""
