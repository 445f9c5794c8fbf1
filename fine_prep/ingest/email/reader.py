"""The shared reader core: messages in, threads out, pairs and counted skips yielded.

Every source kind (mbox, .eml, Maildir, .msg, .pst) hands messages to one :class:`MailReader`.
Each message is decoded, checked for skip rules, cleaned, and reduced to a small index entry;
its cleaned text goes to a temporary spool file. Only the index (ids, addresses, subject key,
time, spool offset: about two hundred bytes per message) stays in memory, so memory grows with
the number of messages and threads, not with the size of the mailbox. At the end the index is
threaded, roles are decided, and each thread is paired.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from email.message import Message as MimeMessage
from email.parser import BytesParser
from email.policy import compat32
from email.utils import mktime_tz, parsedate_tz

from fine_prep.config import section, setting
from fine_prep.ingest.base import IngestConfig, IngestContext, InputFile
from fine_prep.ingest.email.cleaning import CleanOptions, clean_body
from fine_prep.ingest.email.mime import Body, decode_header, extract_body
from fine_prep.ingest.email.roles import StaffMatcher, infer_owner
from fine_prep.ingest.email.skip import header_map, skip_reason
from fine_prep.ingest.email.threading import UnionFind, is_reply_subject, normalise_subject
from fine_prep.ingest.pairing import Turn, pair_turns, to_messages
from fine_prep.record import Example, Reject, Source, make_id

PREFIX = "em"


@section("email")
@dataclass(frozen=True)
class EmailConfig:
    """Email ingest: threading fallback, skip rules, cleaning, size limits."""

    subject_window_hours: int = setting(
        336,
        "Messages without In-Reply-To/References join an earlier message with the same "
        "subject and a shared participant sent at most this many hours before.",
    )
    skip_lists: bool = setting(
        True, "Skip mailing-list traffic (List-Id, List-Post, Precedence: list) as 'mailing-list'."
    )
    strip_quotes: bool = setting(True, "Remove quoted history (> lines, 'On ... wrote:', Outlook blocks).")
    strip_signatures: bool = setting(
        True, "Remove signatures below '-- ', sign-offs and contact lines (sign-off words are kept)."
    )
    strip_disclaimers: bool = setting(
        True, "Remove confidentiality disclaimers, external-mail banners and marketing footers."
    )
    max_message_mb: int = setting(
        64, "A message larger than this (attachments included) is rejected as message-too-large."
    )


_MSGID = re.compile(r"<([^<>\s]+)>")
_PARSER = BytesParser(policy=compat32)


@dataclass(slots=True)
class Entry:
    """What stays in memory per message (the text is in the spool)."""

    key: int
    has_parents: bool
    subject_key: str
    reply: bool
    sender: str
    participants: tuple[str, ...]
    time: float | None
    order: int
    file: int
    line: int | None
    kind: str
    offset: int
    length: int


class MailReader:
    """Collects messages from any source kind, then threads and pairs them.

    Args:
        ctx: the ingest context (config, counts, notes).
        adapter: the registry name in use, for file-level errors.
    """

    def __init__(self, ctx: IngestContext, adapter: str) -> None:
        self.ctx = ctx
        self.adapter = adapter
        self.cfg = ctx.config.get(EmailConfig)
        self.ingest = ctx.config.get(IngestConfig)
        self.clean = CleanOptions(
            self.cfg.strip_quotes, self.cfg.strip_signatures, self.cfg.strip_disclaimers
        )
        self.max_bytes = self.cfg.max_message_mb << 20
        self.entries: dict[int, Entry] = {}
        self.uf = UnionFind()
        self.displays: list[str] = []
        self.addresses: Counter[str] = Counter()
        self.spool = tempfile.TemporaryFile(prefix="fine-prep-email-")
        self._spool_end = 0
        self._order = 0

    # ------------------------------------------------------------------ input
    def file_index(self, item: InputFile, display: str | None = None) -> int:
        """Register a file (or a message file inside a folder) and return its number."""
        self.displays.append(display or item.display)
        return len(self.displays) - 1

    def add_bytes(self, raw: bytes, fidx: int, kind: str, line: int | None = None) -> Iterator[Reject]:
        """Parse one RFC 5322 message and index it; yields its reject or skip, if any."""
        self.ctx.counts["email-messages"] += 1
        if len(raw) > self.max_bytes:
            yield self.reject(fidx, kind, line, None, "message-too-large", "over [email].max_message_mb")
            return
        if not raw or raw.isspace():  # not raw.strip(): no copy of a large message
            yield self.reject(fidx, kind, line, None, "empty-message", "an empty message")
            return
        try:
            msg = _PARSER.parsebytes(repair_headers(raw))
        except Exception:  # compat32 is tolerant; anything it still raises is a bad message
            yield self.reject(fidx, kind, line, None, "bad-message", "cannot be parsed as a message")
            return
        if not any(k for k in msg.keys()):
            yield self.reject(
                fidx, kind, line, None, "bad-message", "no message headers (malformed header block)"
            )
            return
        try:
            body = extract_body(msg, self.ctx.counts)
        except Exception:  # a defect the MIME walk did not foresee: the message is data, not a crash
            yield self.reject(fidx, kind, line, None, "bad-message", "the MIME structure cannot be decoded")
            return
        yield from self.add_message(msg, body, fidx, kind, line)

    def add_message(
        self, msg: MimeMessage, body: Body, fidx: int, kind: str, line: int | None = None
    ) -> Iterator[Reject]:
        """Index a message whose headers are ``msg`` and whose readable body is ``body``."""
        counts = self.ctx.counts
        h = header_map(msg)
        msgid = _first_id(h.get("message-id")) or f"no-id:{self.displays[fidx]}:{line or self._order}"
        msgid = msgid.replace("\0", "")  # NUL separates the Message-ID from the text in the spool
        subject = decode_header(h.get("subject"), counts)
        sender = _address(decode_header(h.get("from"), counts))
        ref = f"<{msgid}>" if not msgid.startswith("no-id:") else None
        skip = skip_reason(msg, subject, sender, self.cfg.skip_lists, h)
        if skip is not None:
            code, rule = skip
            yield self.reject(fidx, kind, line, ref, code, f"skipped ({rule})", outcome="skipped")
            return
        if not sender:
            yield self.reject(fidx, kind, line, ref, "no-sender", "no usable From header")
            return
        key = _key(msgid)
        if key in self.entries:
            yield self.reject(
                fidx, kind, line, ref, "duplicate-message", "same Message-ID seen before", outcome="skipped"
            )
            return
        if not body.text.strip():
            yield self.reject(fidx, kind, line, ref, "no-body", "no text body (attachments only or empty)")
            return
        if body.html:
            counts["email-html-bodies"] += 1
        text = clean_body(body.text, self.clean)
        parents = _ids(h.get("references")) + _ids(h.get("in-reply-to"))
        recipients = _addresses(msg, counts)
        # Interned: the same addresses and subjects repeat across a thread's messages, and the
        # index is what grows with the mailbox.
        sender = sys.intern(sender)
        participants = tuple(dict.fromkeys(sys.intern(a) for a in (sender, *recipients)))
        for a in participants:
            self.addresses[a] += 1
        # The Message-ID and the text live in the spool; memory keeps a 64-bit key.
        data = msgid.encode("utf-8", "surrogatepass") + b"\0" + text.encode("utf-8", "surrogatepass")
        self.spool.write(data)
        parent_keys = [_key(p) for p in dict.fromkeys(parents) if p != msgid]
        self.uf.union_all(key, parent_keys)
        entry = Entry(
            key=key,
            has_parents=bool(parent_keys),
            subject_key=sys.intern(normalise_subject(subject)),
            reply=is_reply_subject(subject),
            sender=sender,
            participants=participants,
            time=_time(h.get("date")),
            order=self._order,
            file=fidx,
            line=line,
            kind=kind,
            offset=self._spool_end,
            length=len(data),
        )
        self._spool_end += len(data)
        self._order += 1
        self.entries[key] = entry

    def reject_file(self, item: InputFile, code: str, message: str) -> Reject:
        """A whole file that cannot be read (raises in strict mode)."""
        return self.ctx.file_error(item, self.adapter, code, message)

    def reject(
        self,
        fidx: int,
        kind: str,
        line: int | None,
        ref: str | None,
        code: str,
        why: str,
        outcome: str = "rejected",
    ) -> Reject:
        """A message that is not kept: ``outcome`` is ``rejected`` (bad input) or ``skipped``.

        The message names the file, line and rule only; ``ref`` carries the Message-ID.
        """
        display = self.displays[fidx]
        where = f"{display}:{line}" if line else display
        self.ctx.counts[f"email-{outcome}-{code}"] += 1
        return Reject(
            stage="ingest",
            code=code,
            message=f"{where}: {why}",
            source=Source(kind, display, ref, line),
            line=line,
            kind=outcome,
        )

    # ------------------------------------------------------------------ output
    def finish(self) -> Iterator[Example | Reject]:
        """Thread, decide roles, pair; yield examples and the skipped turns."""
        try:
            yield from self._finish()
        finally:
            self.spool.close()

    def _finish(self) -> Iterator[Example | Reject]:
        counts = self.ctx.counts
        wrong, guessed = counts["charset-mislabelled"], counts["charset-fallback"]
        if wrong or guessed:
            self.ctx.note(
                f"email charsets: {wrong} part(s) labelled with a legacy charset were valid UTF-8 and "
                f"read as UTF-8; {guessed} part(s) that did not decode as labelled were decoded by "
                "detection (charset-normalizer)"
            )
        entries = sorted(self.entries.values(), key=lambda e: e.order)
        if not entries:
            return
        staff = self._staff(len(entries))
        threads = self._threads(entries)
        self.ctx.counts["email-threads"] += len(threads)
        multi = self.ingest.multi_turn
        for members in threads:
            members.sort(key=_chronological(members))
            stored = [self._read(e) for e in members]
            thread_id = make_id("th", stored[0][0])
            turns = [
                Turn(
                    staff=staff(e.sender),
                    text=text,
                    refs=[msgid],
                    lines=[e.line] if e.line else [],
                    speaker=str(e.order),
                )
                for e, (msgid, text) in zip(members, stored, strict=True)
            ]
            by_order = {str(e.order): e for e in members}
            pairing = pair_turns(turns, multi_turn=multi, max_turns=self.ingest.max_turns)
            for ex_turns in pairing.examples:
                first = by_order[ex_turns[0].speaker]
                refs = [r for t in ex_turns for r in t.refs]
                messages = to_messages(ex_turns)
                rid = make_id(PREFIX, thread_id, *refs, *(m.content for m in messages))
                src = Source(first.kind, self.displays[first.file], _refs(refs), first.line)
                yield Example(rid, messages, src, meta={"group": thread_id, "thread_messages": len(members)})
            for sk in pairing.skipped:
                e = by_order[sk.turn.speaker]
                ref = _refs(sk.turn.refs)
                yield self.reject(e.file, e.kind, e.line, ref, sk.code, sk.message, outcome="skipped")

    def _read(self, e: Entry) -> tuple[str, str]:
        """The Message-ID and cleaned text of an entry, from the spool."""
        self.spool.seek(e.offset)
        msgid, _, text = self.spool.read(e.length).partition(b"\0")
        return msgid.decode("utf-8", "surrogatepass"), text.decode("utf-8", "surrogatepass")

    def _staff(self, n: int) -> StaffMatcher:
        matcher = StaffMatcher(self.ingest.staff)
        if matcher:
            return matcher
        inferred = infer_owner(self.addresses, n)
        if inferred is None:
            return matcher
        matcher, note = inferred
        self.ctx.note(note)
        return matcher

    def _threads(self, entries: list[Entry]) -> list[list[Entry]]:
        uf = self.uf
        # Fallback for replies that lost their headers: same subject key, a shared
        # participant, within the window, the latest such earlier message.
        window = self.cfg.subject_window_hours * 3600
        # With every Date known the walk is in time order: past the window, all earlier are too.
        timed = all(e.time is not None for e in entries)
        by_subject: dict[str, list[Entry]] = {}
        for e in sorted(entries, key=_chronological(entries)):
            if not e.subject_key:
                continue
            earlier = by_subject.setdefault(e.subject_key, [])
            if e.reply and not e.has_parents:
                # A recipient of the reply must have been on the earlier message; the
                # sender alone does not count (staff write to everyone with one address).
                recipients = set(e.participants) - {e.sender}
                for cand in reversed(earlier):
                    if e.time is not None and cand.time is not None and not 0 <= e.time - cand.time <= window:
                        if timed:
                            break
                        continue
                    if not recipients.intersection(cand.participants):
                        continue
                    uf.union(e.key, cand.key)
                    self.ctx.counts["email-subject-threaded"] += 1
                    break
            earlier.append(e)
        groups: dict[Hashable, list[Entry]] = {}
        for e in entries:
            groups.setdefault(uf.find(e.key), []).append(e)
        return sorted(groups.values(), key=lambda g: min(e.order for e in g))


# RFC 5322 section 2.2: a field name is printable US-ASCII except colon, then a colon.
FIELD_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")


def repair_headers(raw: bytes) -> bytes:
    """Re-attach header continuation lines that lost their leading whitespace.

    Some relays fold long headers without the space RFC 5322 section 2.2.3 requires (MimeKit
    fixture issue358, MSGReader's UTF-8_Test); the parser would end the header block there and
    show the remaining headers as body text. A line inside the header block that is neither a
    field nor a continuation, and is followed by more fields, is indented. Lines after the last
    field are left alone (a message without the blank separator line keeps its body).
    """
    end = raw.find(b"\n\n")
    crlf = raw.find(b"\r\n\r\n")
    if crlf >= 0 and (end < 0 or crlf < end):
        end = crlf
    block = raw if end < 0 else raw[:end]
    lines = block.split(b"\n")
    bad = [
        i
        for i, ln in enumerate(lines)
        if i and ln[:1] not in (b" ", b"\t") and not FIELD_LINE.match(ln) and ln.strip()
    ]
    if not bad:
        return raw
    last_field = max((i for i, ln in enumerate(lines) if FIELD_LINE.match(ln)), default=-1)
    fix = [i for i in bad if i < last_field]
    if not fix:
        return raw
    for i in fix:
        lines[i] = b" " + lines[i]
    return b"\n".join(lines) + (b"" if end < 0 else raw[end:])


def _chronological(members: list[Entry]) -> Callable[[Entry], tuple[float, ...]]:
    """Sort key: by Date when every message has one, else by position in the input."""
    if all(e.time is not None for e in members):
        return lambda e: (e.time or 0.0, float(e.order))
    return lambda e: (float(e.order),)


def _refs(msgids: list[str]) -> str | None:
    """``source.ref``: the Message-IDs in angle brackets (messages without one are left out)."""
    return " ".join(f"<{m}>" for m in msgids if not m.startswith("no-id:")) or None


def _key(msgid: str) -> int:
    """A 64-bit key for a Message-ID (collisions: about 1 in 10^19 per pair of messages)."""
    digest = hashlib.blake2b(msgid.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _first_id(value: str | None) -> str | None:
    if not value:
        return None
    m = _MSGID.search(str(value))
    if m:
        return m.group(1)
    v = str(value).strip()
    return v.split()[0] if v else None


def _ids(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    found = _MSGID.findall(str(value))
    if found:
        return tuple(found)
    return tuple(v for v in str(value).split() if "@" in v)


# Addresses: the angle-bracket form first ("Name <a@b>"; the display name may itself look
# like an address, SpamScope fixture mail_test_19), else bare addresses outside quotes.
# A regex is ten times faster than email.utils.getaddresses and only the address is needed.
_ANGLE = re.compile(r"<\s*([^<>@\s\"]+@[^<>\s\"]+?)\s*>")
_QUOTED_NAME = re.compile(r'"(?:[^"\\]|\\.)*"|\((?:[^()\\]|\\.)*\)')
_BARE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*")


def _address(value: str) -> str:
    """The sender's address; without one (``From: foo``, an Exchange-internal display name),
    the bare value, so the sender still has an identity for threading and roles."""
    found = _addresses_in(value)
    if found:
        return found[0]
    return " ".join(_QUOTED_NAME.sub(" ", value).replace('"', " ").split()).lower()[:200]


def _addresses_in(value: str) -> list[str]:
    angle = _ANGLE.findall(value)
    rest = _QUOTED_NAME.sub(" ", _ANGLE.sub(" ", value))
    return [a.strip().lower() for a in angle + _BARE.findall(rest)]


def _addresses(msg: MimeMessage, counts: Counter[str]) -> tuple[str, ...]:
    values = []
    for name in ("To", "Cc"):
        for v in msg.get_all(name) or ():
            values.append(decode_header(v, counts))
    return tuple(dict.fromkeys(a for v in values for a in _addresses_in(v)))


def _time(value: str | None) -> float | None:
    if not value:
        return None
    try:
        parsed = parsedate_tz(str(value))
        return float(mktime_tz(parsed)) if parsed else None
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
