"""Telegram Desktop JSON exports (``result.json``): one chat, or a whole account.

A single-chat export is ``{"name", "type", "id", "messages": [...]}``; a full-account export
nests chats under ``{"chats": {"list": [...]}}`` (and ``left_chats``). A message's ``text`` is a
string or a list of plain strings and entity objects (``{"type": "bold", "text": "…"}``);
``"type": "service"`` messages are system lines; photos, files, stickers and voice messages
without a caption are media.

Reference: Telegram Desktop's export writer (telegramdesktop/tdesktop,
Telegram/SourceFiles/export/output/export_output_json.cpp) and the fixtures of
joweich/chat-miner (test/telegram/) and tg-parser (tests/fixtures/).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.ingest.chat.common import (
    MEDIA,
    SYSTEM,
    TEXT,
    ChatEmitter,
    ChatMessage,
    clean_text,
    gap_of,
    resolve_staff,
    split_conversations,
)
from fine_prep.record import Example, Reject

_MEDIA_KEYS = (
    "photo",
    "file",
    "media_type",
    "sticker_emoji",
    "location_information",
    "poll",
    "contact_information",
)


class TelegramAdapter:
    """Telegram Desktop ``result.json`` (single chat or full account)."""

    name = "telegram"
    prefix = "tg"
    groups_files = False

    def sniff(self, item: InputFile) -> float:
        """A JSON object with a ``messages`` list whose items look like Telegram's."""
        if item.is_dir or item.path.suffix.lower() != ".json":
            return 0.0
        head = item.head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"{"):
            return 0.0
        if b'"messages"' in head and (b'"date_unixtime"' in head or b'"from_id"' in head):
            return 0.9
        if b'"chats"' in head and b'"list"' in head:
            return 0.85
        if b'"messages"' in head and b'"type": "message"' in head:
            return 0.6
        if item.path.name == "result.json" and (b'"personal_information"' in head or b'"about"' in head):
            # a full-account export: long contact lists can push "chats" past the head
            return 0.8
        return 0.0

    def read(self, items: list[InputFile], ctx: IngestContext) -> Iterator[Example | Reject]:
        """Examples per chat, conversations cut on the time gap."""
        for item in items:
            try:
                data = json.loads(item.path.read_bytes().decode("utf-8-sig"))
            except (OSError, ValueError) as exc:
                where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
                yield ctx.file_error(item, self.name, "bad-json", f"not valid JSON{where}")
                continue
            chats = _chats(data)
            if chats is None:
                yield ctx.file_error(
                    item, self.name, "unknown-format", "not a Telegram Desktop export (no 'messages' list)"
                )
                continue
            for index, chat in enumerate(chats, 1):
                yield from self._chat(item, ctx, chat, index if len(chats) > 1 else 0)

    def _chat(
        self, item: InputFile, ctx: IngestContext, chat: dict[str, Any], index: int
    ) -> Iterator[Example | Reject]:
        messages: list[ChatMessage] = []
        counts: Counter[str] = Counter()
        order: list[str] = []
        aliases: dict[str, tuple[str, ...]] = {}
        for n, m in enumerate(chat.get("messages") or [], 1):
            if not isinstance(m, dict):
                ctx.counts["telegram-not-a-message"] += 1  # counted, not silently dropped
                continue
            msg = _message(m, n)
            messages.append(msg)
            if msg.kind != SYSTEM:
                if msg.speaker not in counts:
                    order.append(msg.speaker)
                    aliases[msg.speaker] = msg.aliases
                counts[msg.speaker] += len(msg.text)
        # the chat's id, never its name (a person's name for a private chat)
        part = f"chat {chat.get('id', index)}" if index else ""
        where = f"{item.display} {part}" if part else item.display
        staff = resolve_staff(counts, order, aliases, ctx, where)
        emitter = ChatEmitter(self.name, self.prefix, item, ctx, staff.__contains__, "messages", part)
        ctx.counts["telegram-chats"] += 1
        messages.sort(key=lambda m: m.time or datetime.min)
        for conversation in split_conversations(messages, gap_of(ctx)):
            yield from emitter.emit(conversation)


def _chats(data: Any) -> list[dict[str, Any]] | None:
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("messages"), list):
        return [data]
    chats = data.get("chats")
    if isinstance(chats, dict) and isinstance(chats.get("list"), list):
        found = [c for c in chats["list"] if isinstance(c, dict) and isinstance(c.get("messages"), list)]
        left = data.get("left_chats")
        if isinstance(left, dict) and isinstance(left.get("list"), list):
            found += [c for c in left["list"] if isinstance(c, dict) and isinstance(c.get("messages"), list)]
        return found
    return None


def flatten(text: Any) -> str:
    """A message's ``text``: a string, or a list of strings and ``{"type", "text"}`` parts."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        out: list[str] = []
        for part in text:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, dict):
                value = part.get("text")
                if isinstance(value, str):
                    out.append(value)
        return "".join(out)
    return ""


def _when(m: dict[str, Any]) -> datetime | None:
    unix = m.get("date_unixtime")
    if unix is not None:
        try:
            return datetime.fromtimestamp(int(unix), timezone.utc).replace(tzinfo=None)
        except (TypeError, ValueError, OverflowError, OSError):
            pass
    date = m.get("date")
    if isinstance(date, str):
        try:
            return datetime.fromisoformat(date).replace(tzinfo=None)
        except ValueError:
            return None
    return None


def _message(m: dict[str, Any], n: int) -> ChatMessage:
    ref = str(m.get("id", f"#{n}"))
    when = _when(m)
    speaker = str(m.get("from") or m.get("actor") or m.get("from_id") or m.get("actor_id") or "")
    aliases = tuple(str(v) for v in (m.get("from_id"), m.get("actor_id")) if v)
    if m.get("type") == "service":
        return ChatMessage(speaker, "", when, ref, kind=SYSTEM, aliases=aliases)
    text = clean_text(flatten(m.get("text")))
    if not text:
        kind = MEDIA if any(k in m for k in _MEDIA_KEYS) else TEXT
        return ChatMessage(speaker, "", when, ref, kind=kind, aliases=aliases)
    return ChatMessage(speaker, text, when, ref, kind=TEXT, aliases=aliases)


ADAPTERS.add(TelegramAdapter.name, TelegramAdapter())
