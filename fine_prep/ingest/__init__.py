"""Ingest: one module per source kind, and the shared discovery and pairing logic."""
