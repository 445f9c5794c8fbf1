"""Plumbing every chat adapter shares: staff detection, conversations, messages to examples.

A chat adapter parses its export into :class:`ChatMessage` records (speaker, text, time, where),
then hands each conversation to :class:`ChatEmitter`, which decides who is staff, turns the
messages into :class:`~fine_prep.ingest.pairing.Turn` objects and pairs them with
:func:`~fine_prep.ingest.pairing.pair_turns`. System lines, media and deleted messages never
become example text; what does not become an example comes back as a
:class:`~fine_prep.record.Reject` with a reason code and its line or message id.

Nothing here writes personal data into notes or messages: speakers are named by their rank
("speaker 2 of 3"), files by a label with the contact name of a WhatsApp export masked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fine_prep.config import section, setting
from fine_prep.ingest.base import IngestConfig, IngestContext, InputFile
from fine_prep.ingest.pairing import Turn, pair_turns, to_messages
from fine_prep.record import Example, Reject, make_id

# Kinds of a chat message. Only "text" messages carry example text.
TEXT, MEDIA, DELETED, SYSTEM = "text", "media", "deleted", "system"

# Bidirectional and zero-width marks that WhatsApp (iOS especially) and copy-paste put around
# names, phone numbers and system lines: U+200E/U+200F (LRM/RLM), U+202A..U+202E (embeddings),
# U+2066..U+2069 (isolates), U+FEFF (BOM / zero-width no-break space).
INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@section("chat")
@dataclass(frozen=True)
class ChatConfig:
    """Chat exports (WhatsApp, Slack, Telegram, chat tables): conversations and dates."""

    gap_hours: float = setting(
        6.0, "A pause longer than this (hours) between two messages starts a new conversation."
    )
    date_order: str = setting(
        "auto",
        "How to read numeric dates such as 05/01/24 in WhatsApp exports and chat tables: "
        "'auto' decides from the whole file and reports the choice.",
        choices=("auto", "day-first", "month-first"),
    )
    skip_bots: bool = setting(True, "Leave out messages posted by bots and integrations (Slack).")


@dataclass(slots=True)
class ChatMessage:
    """One message of a chat export, after parsing.

    Attributes:
        speaker: who sent it, as the export names them (a name, a phone number, a user id).
        text: cleaned text; empty for media, deleted and system messages.
        time: when it was sent (naive local time as the export shows it), if known.
        ref: a locator for a reviewer: a line (``12``), a message id, a Slack ``ts``.
        line: first 1-based line in the file, when the format is line based.
        end_line: last line of a multi-line message.
        kind: ``text``, ``media``, ``deleted`` or ``system``.
        aliases: other names of the same speaker (a Slack user's id, display name).
    """

    speaker: str
    text: str
    time: datetime | None
    ref: str
    line: int | None = None
    end_line: int | None = None
    kind: str = TEXT
    aliases: tuple[str, ...] = ()


def safe_label(display: str) -> str:
    """The file's path for notes and messages, with the contact name of a chat export masked.

    WhatsApp names its export after the other party ("WhatsApp Chat with Jane Doe.txt",
    "WhatsApp Chat - Jane Doe.zip"), which is personal data; the rest of the path is kept.
    """
    return _NAMED_EXPORT.sub(r"\1…\2", display)


_NAMED_EXPORT = re.compile(
    r"(WhatsApp (?:Chat|對話|对话|聊天)(?: with| -| with:|：|:)? ?)[^/!]+?(\.txt|\.zip)"
)


# ---------------------------------------------------------------------------- staff


def _norm_name(value: str) -> str:
    return " ".join(INVISIBLE.sub("", value).casefold().split())


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


class StaffMatcher:
    """Decides whether a speaker is staff from ``[ingest].staff`` (names or phone numbers).

    Names match case-insensitively with spacing and invisible marks ignored; a phone number
    matches on its last 8 digits (a Hong Kong subscriber number is 8 digits, so ``+852 9123 4567``,
    ``91234567`` and ``+85291234567`` are the same phone). Email addresses and ``@domain``
    entries are for mail adapters and are ignored here.
    """

    def __init__(self, staff: Sequence[str]) -> None:
        self.names: set[str] = set()
        self.phones: set[str] = set()
        for entry in staff:
            entry = entry.strip()
            if not entry or "@" in entry and not entry.startswith("@") and "." in entry.split("@")[-1]:
                continue  # an email address: for mail
            if entry.startswith("@") and "." in entry:
                continue  # a mail domain
            digits = _digits(entry)
            if len(digits) >= 8 and len(digits) >= len(re.sub(r"[\s()+\-.]", "", entry)):
                self.phones.add(digits[-8:])
            else:
                self.names.add(_norm_name(entry.lstrip("@")))

    @property
    def configured(self) -> bool:
        """Whether any chat staff entry (name or phone) was given."""
        return bool(self.names or self.phones)

    def matches(self, *names: str) -> bool:
        """Whether any of the names of one speaker is a configured staff member."""
        for name in names:
            if not name:
                continue
            if _norm_name(name).lstrip("@") in self.names:
                return True
            digits = _digits(name)
            if len(digits) >= 8 and digits[-8:] in self.phones:
                return True
        return False


def resolve_staff(
    written: Counter[str],
    order: Sequence[str],
    aliases: dict[str, tuple[str, ...]],
    ctx: IngestContext,
    label: str,
) -> set[str]:
    """Which speakers of one chat are staff: configured ones, else the one who wrote the most.

    In a customer chat the business writes the answers, which are longer than the questions,
    so the speaker with the most text (characters, media and system lines excluded) is taken
    as staff; ties go to the later speaker, as customers usually open a chat. The assumption
    is reported, naming the speaker only by rank.

    Args:
        written: characters of text per speaker.
        order: speakers in order of first appearance.
        aliases: other names per speaker (ids, display names), also matched against the config.
        ctx: the ingest context; the decision is recorded with :meth:`IngestContext.note`.
        label: the file, as :func:`safe_label` shows it.

    Returns:
        The staff speakers (possibly empty when the chat has no speaker at all).
    """
    matcher = StaffMatcher(ctx.config.get(IngestConfig).staff)
    if matcher.configured:
        found = {s for s in order if matcher.matches(s, *aliases.get(s, ()))}
        if found:
            ctx.counts["chat-staff-configured"] += 1
            return found
    if not order:
        return set()
    best = max(range(len(order)), key=lambda i: (written[order[i]], i))
    why = "no speaker matched [ingest].staff; " if matcher.configured else ""
    alone = " (the only speaker)" if len(order) == 1 else ""
    ctx.note(
        f"{label}: {why}staff inferred as the speaker who wrote the most text "
        f"('speaker {best + 1} of {len(order)}' by first appearance){alone}; set --staff to choose"
    )
    ctx.counts["chat-staff-inferred"] += 1
    return {order[best]}


# ---------------------------------------------------------------------------- conversations


def split_conversations(messages: Iterable[ChatMessage], gap: timedelta) -> Iterator[list[ChatMessage]]:
    """Cut a time-ordered stream of messages into conversations at pauses longer than ``gap``.

    Messages without a time never start a new conversation. Only one conversation is held in
    memory at a time.
    """
    current: list[ChatMessage] = []
    last: datetime | None = None
    for msg in messages:
        if current and msg.time is not None and last is not None and msg.time - last > gap:
            yield current
            current = []
        current.append(msg)
        if msg.time is not None:
            last = msg.time
    if current:
        yield current


def gap_of(ctx: IngestContext) -> timedelta:
    """The conversation gap from ``[chat].gap_hours``."""
    return timedelta(hours=ctx.config.get(ChatConfig).gap_hours)


_KEYS = [str(i) for i in range(1024)]
_KIND_COUNT = {MEDIA: "chat-media", DELETED: "chat-deleted", SYSTEM: "chat-system", TEXT: "chat-text"}


@dataclass
class ChatEmitter:
    """Turns conversations of one chat into examples and rejects.

    Attributes:
        adapter: registry name (``source.adapter``).
        prefix: id prefix (``wa``).
        item: the input file.
        ctx: the ingest context (config, counts).
        is_staff: decides per speaker.
        ref_kind: ``lines`` for line-based formats (refs are line numbers), else a word such as
            ``messages`` or ``ts`` put before the first and last message refs.
        chat: an extra part of the conversation id when one file holds several chats.
    """

    adapter: str
    prefix: str
    item: InputFile
    ctx: IngestContext
    is_staff: Callable[[str], bool]
    ref_kind: str = "lines"
    chat: str = ""
    label: str = field(init=False)

    def __post_init__(self) -> None:
        self.label = safe_label(self.item.display)
        cfg = self.ctx.config.get(IngestConfig)
        self.multi_turn = cfg.multi_turn
        self.max_turns = cfg.max_turns

    def _ref(self, msgs: Sequence[ChatMessage]) -> str:
        first, last = msgs[0], msgs[-1]
        if self.ref_kind == "lines" and first.line is not None:
            # line-based messages come in file order: the last one ends last
            end = last.end_line or last.line or first.line
            return f"lines {first.line}-{end}" if end != first.line else f"line {first.line}"
        head = f"{self.chat}: " if self.chat else ""
        if first is last:
            one = {"rows": "row", "messages": "message"}.get(self.ref_kind, self.ref_kind)
            return f"{head}{one} {first.ref}"
        return f"{head}{self.ref_kind} {first.ref}..{last.ref}"

    def emit(self, conversation: Sequence[ChatMessage]) -> Iterator[Example | Reject]:
        """Examples and rejects of one conversation (messages in time order)."""
        counts = self.ctx.counts
        msgs_in = [m for m in conversation if m.kind != SYSTEM]
        if len(msgs_in) < len(conversation):
            # joins, encryption notices, number changes: never example text
            counts["chat-system"] += len(conversation) - len(msgs_in)
        if not msgs_in:
            return
        is_staff = self.is_staff
        turns: list[Turn] = []
        by_key: dict[str, ChatMessage] = {}
        other = 0
        for i, msg in enumerate(msgs_in):
            if msg.kind == TEXT:
                text = msg.text
            else:
                text = ""
                counts[_KIND_COUNT[msg.kind]] += 1
                other += 1
            key = _KEYS[i] if i < len(_KEYS) else str(i)
            by_key[key] = msg
            turns.append(Turn(is_staff(msg.speaker), text, [key], [msg.line or 0], msg.time))
        counts["chat-text"] += len(msgs_in) - other
        # the conversation id (meta.group): the split keeps a conversation on one side
        group = make_id(f"{self.prefix}-conv", self.item.display, self.chat, self._ref(msgs_in[:1]))
        pairing = pair_turns(turns, self.multi_turn, self.max_turns)
        for ex_turns in pairing.examples:
            msgs = [by_key[k] for t in ex_turns for k in t.refs]
            ref = self._ref(msgs)
            messages = to_messages(ex_turns)
            src = self.item.source(self.adapter, ref=ref, line=msgs[0].line)
            rid = make_id(self.prefix, self.item.display, ref, *(m.content for m in messages))
            yield Example(rid, messages, src, meta={"group": group})
        for skipped in pairing.skipped:
            msgs = [by_key[k] for k in skipped.turn.refs]
            code, message = skipped.code, skipped.message
            kinds = {m.kind for m in msgs}
            if code in ("empty-question", "empty-answer") and kinds <= {MEDIA, DELETED}:
                side = "question" if code == "empty-question" else "answer"
                if kinds == {MEDIA}:
                    code, message = f"media-only-{side}", f"the {side} side is media only (no text)"
                else:
                    code, message = f"deleted-{side}", f"the {side} side was deleted or media only"
            ref = self._ref(msgs)
            counts[f"chat-skipped-{code}"] += 1
            yield Reject(
                stage="ingest",
                code=code,
                message=f"{self.label}: {ref}: {message}",
                source=self.item.source(self.adapter, ref=ref, line=msgs[0].line),
                line=msgs[0].line,
                kind="skipped",
            )


def clean_text(text: str) -> str:
    """Strip invisible marks and surrounding blank space; keep the inner line breaks."""
    text = INVISIBLE.sub("", text)
    return text.strip()
