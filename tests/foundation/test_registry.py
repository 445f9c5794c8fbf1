from __future__ import annotations

import pytest

from fine_prep.registry import Registry


def test_registry_add_get_names_and_refusals() -> None:
    reg: Registry[object] = Registry("widget")
    a, b = object(), object()
    reg.add("b-thing", a)
    reg.register("a-thing")(b)
    assert reg.names() == ["a-thing", "b-thing"]
    assert reg.get("b-thing") is a
    reg.add("b-thing", a)  # the same object again is fine
    with pytest.raises(ValueError, match="already registered"):
        reg.add("b-thing", b)
    with pytest.raises(KeyError, match=r"unknown widget 'c' \(known: a-thing, b-thing\)"):
        reg.get("c")
    reg.remove("a-thing")
    assert "a-thing" not in reg
