"""Slack workspace exports: the export ``.zip`` or its unpacked folder, and loose message files.

An export holds ``users.json``, ``channels.json`` (and ``groups.json``, ``dms.json``,
``mpims.json`` for private channels and direct messages) and one folder per conversation with
a JSON list of messages per day (``general/2016-01-15.json``). A loose ``.json`` file holding a
list of messages (or one message object), as in Slack-import test fixtures, is read too.

Reference for the layout and message fields: Slack's help article "How to read Slack data
exports" (slack.com/help/articles/220556107) and the fixtures of hfaran/slack-export-viewer
(tests/testarchive.zip) and zulip/zulip (zerver/tests/fixtures/slack_fixtures/).

Threads (``thread_ts``) are conversations of their own; other messages of a channel are cut
into conversations on a time gap. Join/leave/topic messages are system lines, bot messages are
left out (``[chat].skip_bots``), file shares without text are media.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

from fine_prep.ingest.base import ADAPTERS, IngestContext, InputFile
from fine_prep.ingest.chat.common import (
    MEDIA,
    SYSTEM,
    TEXT,
    ChatConfig,
    ChatEmitter,
    ChatMessage,
    clean_text,
    gap_of,
    resolve_staff,
    split_conversations,
)
from fine_prep.record import Example, Reject

_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_SYSTEM_SUBTYPES = frozenset(
    {
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "channel_unarchive",
        "group_join",
        "group_leave",
        "group_topic",
        "group_purpose",
        "group_name",
        "bot_add",
        "bot_remove",
        "pinned_item",
        "unpinned_item",
        "reminder_add",
        "tombstone",
    }
)
_BOT_SUBTYPES = frozenset({"bot_message", "slackbot_response"})
_MENTION = re.compile(r"<([@#!])([^>|]*)(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto|tel):[^>|]*)(?:\|([^>]*))?>")


class _Tree:
    """The files of an export, in a folder or in a zip, by their relative POSIX path."""

    def __init__(self, item: InputFile) -> None:
        self.zip: zipfile.ZipFile | None = None
        self.root: Path | None = None
        if item.is_dir:
            self.root = item.path
            self.names = sorted(
                str(p.relative_to(item.path).as_posix()) for p in item.path.rglob("*.json") if p.is_file()
            )
        else:
            self.zip = zipfile.ZipFile(item.path)
            self.names = sorted(n for n in self.zip.namelist() if n.endswith(".json"))
        # Some exports are zipped with a top folder; find the one that holds users.json.
        base = min((n for n in self.names if PurePosixPath(n).name == "users.json"), key=len, default="")
        self.base = base[: -len("users.json")]

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    def load(self, name: str) -> Any:
        if self.zip is not None:
            data = self.zip.read(name)
        else:
            assert self.root is not None
            data = (self.root / name).read_bytes()
        return json.loads(data.decode("utf-8-sig"))

    def has(self, name: str) -> bool:
        return self.base + name in self.names


def _export_names(names: list[str]) -> bool:
    base = {PurePosixPath(n).name for n in names}
    return "users.json" in base and bool(base & {"channels.json", "groups.json", "dms.json", "mpims.json"})


class SlackAdapter:
    """Slack exports (zip or folder) and loose JSON lists of Slack messages."""

    name = "slack"
    prefix = "sl"
    groups_files = False
    reads_folders = True

    def sniff(self, item: InputFile) -> float:
        """Folders and zips with ``users.json`` + ``channels.json``; JSON files of messages."""
        if item.is_dir:
            try:
                names = [p.name for p in item.path.iterdir()]
            except OSError:
                return 0.0
            return 0.95 if _export_names(names) else 0.0
        if item.head.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(item.path) as zf:
                    return 0.95 if _export_names(zf.namelist()) else 0.0
            except (zipfile.BadZipFile, OSError):
                return 0.0
        if item.path.suffix.lower() != ".json":
            return 0.0
        head = item.head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith((b"[", b"{")):
            return 0.0
        if re.search(rb'"ts"\s*:\s*"\d+\.\d+"', head) and re.search(rb'"(?:user|text)"\s*:', head):
            return 0.8
        return 0.0

    def read(self, items: list[InputFile], ctx: IngestContext) -> Iterator[Example | Reject]:
        """Examples per channel; one file-level reject for an unreadable export."""
        for item in items:
            if item.is_dir or item.head.startswith(b"PK\x03\x04"):
                yield from self._export(item, ctx)
            else:
                yield from self._loose(item, ctx)

    # ---------------------------------------------------------------- a whole export
    def _export(self, item: InputFile, ctx: IngestContext) -> Iterator[Example | Reject]:
        try:
            tree = _Tree(item)
        except (zipfile.BadZipFile, OSError):
            yield ctx.file_error(item, self.name, "corrupt-zip", "not a readable zip file")
            return
        try:
            try:
                users = _users(tree.load(tree.base + "users.json"))
            except (OSError, KeyError, ValueError):
                yield ctx.file_error(item, self.name, "bad-json", "users.json cannot be read as JSON")
                return
            folders: dict[str, list[str]] = {}
            for name in tree.names:
                if not name.startswith(tree.base):
                    continue
                rel = PurePosixPath(name[len(tree.base) :])
                if len(rel.parts) == 2 and _DAY_FILE.match(rel.name):
                    folders.setdefault(rel.parts[0], []).append(name)
            if not folders:
                yield ctx.file_error(item, self.name, "empty-export", "the export holds no channel folders")
                return
            for channel in sorted(folders):
                messages: list[dict[str, Any]] = []
                for name in sorted(folders[channel]):
                    try:
                        data = tree.load(name)
                    except (OSError, KeyError, ValueError):
                        where = f"{_safe_channel(channel)}/{PurePosixPath(name).name}"
                        yield Reject(
                            stage="ingest",
                            code="bad-json",
                            message=f"{item.display}: {where} is not valid JSON",
                            source=item.source(self.name, ref=where),
                        )
                        continue
                    if isinstance(data, list):
                        good = [m for m in data if isinstance(m, dict)]
                        if len(good) < len(data):
                            ctx.counts["slack-not-a-message"] += len(data) - len(good)
                        messages.extend(good)
                    else:
                        ctx.counts["slack-not-a-message"] += 1
                yield from self._channel(item, ctx, channel, messages, users)
        finally:
            tree.close()

    # ---------------------------------------------------------------- a loose file
    def _loose(self, item: InputFile, ctx: IngestContext) -> Iterator[Example | Reject]:
        try:
            data = json.loads(item.path.read_bytes().decode("utf-8-sig"))
        except (OSError, ValueError) as exc:
            where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
            yield ctx.file_error(item, self.name, "bad-json", f"not valid JSON{where}")
            return
        if isinstance(data, dict):
            data = [data]
        messages = [m for m in data if isinstance(m, dict) and "ts" in m] if isinstance(data, list) else []
        if not messages:
            yield ctx.file_error(item, self.name, "unknown-format", "no Slack messages (objects with 'ts')")
            return
        users: dict[str, tuple[str, ...]] = {}
        for m in messages:
            prof = m.get("user_profile")
            if isinstance(prof, dict) and m.get("user"):
                users[m["user"]] = _names(prof)
        channel = str(messages[0].get("channel_name") or "")
        yield from self._channel(item, ctx, channel, messages, users)

    # ---------------------------------------------------------------- one channel
    def _channel(
        self,
        item: InputFile,
        ctx: IngestContext,
        channel: str,
        raw: list[dict[str, Any]],
        users: dict[str, tuple[str, ...]],
    ) -> Iterator[Example | Reject]:
        cfg = ctx.config.get(ChatConfig)
        parsed: list[tuple[str, ChatMessage]] = []
        for m in sorted(raw, key=lambda m: _ts(m.get("ts"))):
            msg = self._message(m, users, cfg.skip_bots)
            if msg is None:
                ctx.counts["slack-bot-messages"] += 1
                continue
            parsed.append((str(m.get("thread_ts") or ""), msg))
        # A thread (parent and replies share thread_ts) is a conversation of its own; a
        # "thread" of one message is an ordinary channel message.
        sizes = Counter(t for t, _ in parsed if t)
        threads: dict[str, list[ChatMessage]] = {}
        loose: list[ChatMessage] = []
        for thread, msg in parsed:
            if thread and sizes[thread] > 1:
                threads.setdefault(thread, []).append(msg)
            else:
                loose.append(msg)
        counts: Counter[str] = Counter()
        order: list[str] = []
        aliases: dict[str, tuple[str, ...]] = {}
        for _, msg in parsed:
            if msg.kind == SYSTEM:
                continue
            if msg.speaker not in counts:
                order.append(msg.speaker)
                aliases[msg.speaker] = msg.aliases
            counts[msg.speaker] += len(msg.text)
        channel = _safe_channel(channel)
        where = f"{item.display} #{channel}" if channel else item.display
        staff = resolve_staff(counts, order, aliases, ctx, where)
        emitter = ChatEmitter(self.name, self.prefix, item, ctx, staff.__contains__, "ts", channel)
        ctx.counts["slack-channels"] += 1
        for conversation in split_conversations(loose, gap_of(ctx)):
            yield from emitter.emit(conversation)
        for thread in sorted(threads, key=_ts):
            yield from emitter.emit(threads[thread])

    def _message(
        self, m: dict[str, Any], users: dict[str, tuple[str, ...]], skip_bots: bool
    ) -> ChatMessage | None:
        ts = str(m.get("ts", ""))
        when = _time(ts)
        subtype = m.get("subtype") or ""
        uid = str(m.get("user") or m.get("bot_id") or "")
        names = users.get(uid, ())
        speaker = names[0] if names else (uid or str(m.get("username") or ""))
        aliases = (uid, *names[1:])
        if subtype in _BOT_SUBTYPES or m.get("bot_id") and not m.get("user"):
            if skip_bots:
                return None
        if subtype in _SYSTEM_SUBTYPES:
            return ChatMessage(speaker, "", when, ts, kind=SYSTEM, aliases=aliases)
        text = _text(m.get("text"), users)
        if subtype == "file_share" and " uploaded a file: " in str(m.get("text", "")):
            text = ""  # the old export's "<@U…> uploaded a file: <…>" line is not the user's words
        if not text:
            kind = MEDIA if m.get("files") or m.get("file") or m.get("attachments") else TEXT
            return ChatMessage(speaker, "", when, ts, kind=kind, aliases=aliases)
        return ChatMessage(speaker, text, when, ts, kind=TEXT, aliases=aliases)


def _safe_channel(name: str) -> str:
    """A channel's folder name for refs and messages: a group DM's names its members."""
    return "mpdm-…" if name.startswith("mpdm-") else name


def _ts(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _time(ts: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(ts), timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        return None


def _names(user: dict[str, Any]) -> tuple[str, ...]:
    prof: dict[str, Any] = user["profile"] if isinstance(user.get("profile"), dict) else user
    out: list[str] = []
    for value in (
        prof.get("real_name"),
        user.get("real_name"),
        prof.get("display_name"),
        user.get("name"),
        prof.get("phone"),
    ):
        if isinstance(value, str) and value.strip() and value.strip() not in out:
            out.append(value.strip())
    return tuple(out)


def _users(data: Any) -> dict[str, tuple[str, ...]]:
    users: dict[str, tuple[str, ...]] = {}
    if isinstance(data, list):
        for u in data:
            if isinstance(u, dict) and isinstance(u.get("id"), str):
                users[u["id"]] = _names(u) or (u["id"],)
    return users


def _text(value: Any, users: dict[str, tuple[str, ...]]) -> str:
    """Slack "mrkdwn" to plain text: mentions and links resolved, HTML entities decoded."""
    if not isinstance(value, str) or not value:
        return ""

    def mention(m: re.Match[str]) -> str:
        sigil, target, label = m.group(1), m.group(2), m.group(3)
        if sigil == "@":
            names = users.get(target)
            return "@" + (label or (names[0] if names else "user"))
        if sigil == "#":
            return "#" + (label or "channel")
        return "@" + (label or target.split("^")[0])

    text = _LINK.sub(lambda m: m.group(2) or m.group(1), value)
    text = _MENTION.sub(mention, text)
    return clean_text(html.unescape(text))


ADAPTERS.add(SlackAdapter.name, SlackAdapter())
