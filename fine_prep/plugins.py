"""Loads fine-prep's built-in adapters, stages, providers and config sections.

Built-ins register themselves exactly as an outside plugin would: importing a module runs its
``@ADAPTERS.register`` / ``@STAGES.register`` / ``@section`` decorators. No list of names is
kept here; every module of the package is imported once. Modules must therefore import heavy
libraries (Presidio, spaCy, pandas) lazily, inside the function or constructor that needs them.
"""

from __future__ import annotations

import importlib
import pkgutil

import fine_prep

_loaded = False
_SKIP = ("fine_prep.cli", "fine_prep.plugins", "fine_prep.__main__")


def load_all() -> None:
    """Import every module of the package once (cheap after the first call)."""
    global _loaded
    if _loaded:
        return
    for mod in pkgutil.walk_packages(fine_prep.__path__, prefix="fine_prep."):
        name = mod.name
        if name.startswith(_SKIP) or name.rsplit(".", 1)[-1].startswith("_"):
            continue
        importlib.import_module(name)
    _loaded = True
