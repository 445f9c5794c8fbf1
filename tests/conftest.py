"""Shared fixtures: example factories, the real-world corpora, a throwaway registry entry."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fine_prep.config import Config, load_config
from fine_prep.record import Example, Message, Source

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "sample_data"


def corpora_dir() -> Path:
    """``FINE_PREP_CORPORA``, default ``../shared/corpora`` beside the checkout."""
    return Path(os.environ.get("FINE_PREP_CORPORA", ROOT.parent / "shared" / "corpora"))


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The shared real-world corpora; tests using it skip (with the reason) only where absent."""
    path = corpora_dir()
    if not path.is_dir():
        pytest.skip(f"real-world corpora not found at {path} (set FINE_PREP_CORPORA)")
    return path


@pytest.fixture(scope="session")
def sample_data() -> Path:
    return SAMPLE_DATA


@pytest.fixture
def config() -> Config:
    """Defaults only, one worker (tests stay quick and in-process)."""
    return load_config(None, {"run": {"workers": 1}})


def make_example(
    user: str = "Do you ship to Macau?",
    assistant: str = "Yes, we ship to Macau within 3 working days.",
    *,
    id: str = "t-000000000001",
    system: str | None = None,
    adapter: str = "test",
    meta: dict | None = None,
) -> Example:
    """A small canonical example."""
    msgs = [Message("user", user), Message("assistant", assistant)]
    if system:
        msgs.insert(0, Message("system", system))
    return Example(id, msgs, Source(adapter, "test.jsonl", ref="r1"), meta=dict(meta or {}))


@pytest.fixture
def example_factory():
    return make_example


@pytest.fixture
def throwaway_registry() -> Iterator:
    """Register something under a name for one test and remove it after."""
    added = []

    def add(registry, name, item):
        registry.add(name, item)
        added.append((registry, name))
        return item

    yield add
    for registry, name in added:
        registry.remove(name)
