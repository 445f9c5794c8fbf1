"""Turning a conversation (an email thread, a chat) into examples: the logic adapters share.

A conversation is a list of :class:`Turn` in time order, each from staff or a customer.
Consecutive turns of one side are merged; then each customer turn is paired with the staff turn
that follows it (one example per round), or the whole conversation becomes one multi-turn
example. Turns that cannot be paired are returned with a reason code, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from fine_prep.record import Message

SEPARATOR = "\n\n"


@dataclass
class Turn:
    """One message (or several merged) of one side of a conversation.

    Attributes:
        staff: the turn is the business's (assistant) side.
        text: cleaned text; empty means nothing usable (media only, all quoted).
        refs: locators of the original messages (Message-IDs, line numbers).
        lines: 1-based source lines of the original messages, when known.
        time: when it was sent, when known.
        speaker: who spoke (kept for notes; not written into examples).
    """

    staff: bool
    text: str
    refs: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    time: datetime | None = None
    speaker: str = ""


@dataclass
class Skipped:
    """A turn that did not become part of an example, with a kebab-case reason."""

    turn: Turn
    code: str
    message: str


@dataclass
class Pairing:
    """Examples (each a list of merged turns, customer first, staff last) and skipped turns."""

    examples: list[list[Turn]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def merge_turns(turns: Sequence[Turn]) -> list[Turn]:
    """Merge consecutive turns of the same side; empty turns are kept out of the text."""
    merged: list[Turn] = []
    for t in turns:
        if merged and merged[-1].staff == t.staff:
            last = merged[-1]
            if t.text:
                last.text = f"{last.text}{SEPARATOR}{t.text}" if last.text else t.text
            last.refs.extend(t.refs)
            last.lines.extend(t.lines)
            continue
        merged.append(Turn(t.staff, t.text, list(t.refs), list(t.lines), t.time, t.speaker))
    return merged


def pair_turns(turns: Sequence[Turn], multi_turn: bool = False, max_turns: int = 0) -> Pairing:
    """Pair customer turns with the staff turns that answer them.

    Args:
        turns: one conversation in time order.
        multi_turn: one example for the whole conversation instead of one per round.
        max_turns: with ``multi_turn``, the most turns (user + assistant) per example; longer
            conversations are cut into several examples at round boundaries (0: no limit).

    Returns:
        The examples and the skipped turns (``staff-without-question``, ``no-staff-reply``,
        ``empty-question``, ``empty-answer``).
    """
    result = Pairing()
    rounds: list[tuple[Turn, Turn]] = []
    pending: Turn | None = None
    for t in merge_turns(turns):
        if not t.staff:
            pending = t
            continue
        if pending is None:
            result.skipped.append(
                Skipped(t, "staff-without-question", "a staff message with no customer question before it")
            )
            continue
        if not pending.text.strip():
            result.skipped.append(
                Skipped(
                    pending,
                    "empty-question",
                    "the customer's message has no text left (media only or all quoted)",
                )
            )
            result.skipped.append(
                Skipped(t, "staff-without-question", "a staff reply whose question has no text")
            )
        elif not t.text.strip():
            result.skipped.append(
                Skipped(pending, "empty-answer", "the staff reply has no text left after cleaning")
            )
        else:
            rounds.append((pending, t))
        pending = None
    if pending is not None:
        result.skipped.append(
            Skipped(pending, "no-staff-reply", "a customer message that no staff message answers")
        )
    if not multi_turn:
        result.examples = [[q, a] for q, a in rounds]
        return result
    per = max(1, max_turns // 2) if max_turns else len(rounds) or 1
    for i in range(0, len(rounds), per):
        chunk = rounds[i : i + per]
        result.examples.append([t for pair in chunk for t in pair])
    return result


def to_messages(turns: Sequence[Turn]) -> list[Message]:
    """Messages of one example: customer turns are ``user``, staff turns ``assistant``."""
    return [Message("assistant" if t.staff else "user", t.text) for t in turns]
