"""A tiny generic registry: adapters, providers, recognizers, checks, stages, config sections."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Maps a kebab-case name (the CLI value) to one object.

    Args:
        kind: what the registry holds, used in error messages ("adapter", "provider").
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def add(self, name: str, item: T) -> T:
        """Register ``item`` under ``name``.

        Raises:
            ValueError: a different object is already registered under ``name``.
        """
        current = self._items.get(name)
        if current is not None and current is not item:
            raise ValueError(f"{self.kind} {name!r} is already registered")
        self._items[name] = item
        return item

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator form of :meth:`add`."""

        def deco(item: T) -> T:
            return self.add(name, item)

        return deco

    def remove(self, name: str) -> None:
        """Forget ``name`` (used by tests that register throwaway items)."""
        self._items.pop(name, None)

    def get(self, name: str) -> T:
        """Return the item registered under ``name``.

        Raises:
            KeyError: unknown name; the message lists the known names.
        """
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(self.names()) or "none"
            raise KeyError(f"unknown {self.kind} {name!r} (known: {known})") from None

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def names(self) -> list[str]:
        """Registered names, sorted."""
        return sorted(self._items)

    def items(self) -> Iterator[tuple[str, T]]:
        """(name, item) pairs sorted by name."""
        for name in self.names():
            yield name, self._items[name]
