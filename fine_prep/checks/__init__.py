"""Checks that tag examples: language and style."""
