"""The ``fine-prep`` command line: a click group, one module per command (``cmd_*.py``).

Command modules register themselves on :data:`main` when imported; this package imports every
one of them, so adding a command is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil

from fine_prep.cli.app import entry, main

for _mod in pkgutil.iter_modules(__path__):
    if _mod.name.startswith("cmd_"):
        importlib.import_module(f"{__name__}.{_mod.name}")

__all__ = ["entry", "main"]
