"""Threading rules, sniffing and the MIME helpers on small hand-made inputs."""

from __future__ import annotations

import types
from pathlib import Path

from fine_prep.config import Config
from fine_prep.ingest.base import IngestConfig, IngestContext, InputFile
from fine_prep.ingest.email.mime import decode_header
from fine_prep.ingest.email.reader import EmailConfig, MailReader, repair_headers
from fine_prep.ingest.email.threading import is_reply_subject, normalise_subject


def _reader(**email) -> MailReader:
    cfg = Config(
        types.MappingProxyType(
            {"ingest": IngestConfig(staff=("@shop.example",)), "email": EmailConfig(**email)}
        )
    )
    return MailReader(IngestContext(cfg), "email")


def _add(reader: MailReader, mid: str, frm: str, to: str, subject: str, date: str, body: str = "Hi") -> None:
    raw = f"From: {frm}\nTo: {to}\nSubject: {subject}\nDate: {date}\nMessage-ID: <{mid}>\n\n{body}\n".encode()
    fidx = reader.file_index(InputFile(Path("x.eml"), "x.eml"))
    assert list(reader.add_bytes(raw, fidx, "eml")) == []


def test_subject_prefixes_are_normalised() -> None:
    for subject in (
        "Re: RE: Fwd: Order 12",
        "回覆: 回覆: order 12",
        "答复: [External Mail]Re: Order 12",
        "AW: WG: order  12",
    ):
        assert normalise_subject(subject) == "order 12"
    assert is_reply_subject("回覆: 查詢") and is_reply_subject("答复:x") and not is_reply_subject("轉寄: x")


def test_subject_fallback_needs_shared_participant_and_window() -> None:
    r = _reader(subject_window_hours=24)
    _add(r, "q@c", "c@c.example", "s@shop.example", "Tea", "Mon, 4 Mar 2024 10:00:00 +0800", "Question?")
    _add(r, "a@s", "s@shop.example", "c@c.example", "Re: Tea", "Mon, 4 Mar 2024 12:00:00 +0800", "Answer.")
    _add(r, "x@s", "s@shop.example", "other@o.example", "Re: Tea", "Mon, 4 Mar 2024 12:30:00 +0800", "Other.")
    _add(r, "late@s", "s@shop.example", "c@c.example", "Re: Tea", "Fri, 8 Mar 2024 12:00:00 +0800", "Late.")
    out = list(r.finish())
    examples = [o for o in out if hasattr(o, "messages")]
    assert len(examples) == 1 and examples[0].messages[1].content == "Answer."
    skipped = sorted(o.code for o in out if not hasattr(o, "messages"))
    assert skipped == ["staff-without-question", "staff-without-question"]


def test_references_to_a_missing_message_still_join() -> None:
    r = _reader()
    raw_q = b"From: c@c.example\nTo: s@shop.example\nSubject: A\nMessage-ID: <q@c>\nReferences: <root@gone>\n\nQ?\n"
    raw_a = b"From: s@shop.example\nTo: c@c.example\nSubject: B\nMessage-ID: <a@s>\nReferences: <root@gone>\n\nA.\n"
    fidx = r.file_index(InputFile(Path("x.eml"), "x.eml"))
    list(r.add_bytes(raw_q, fidx, "eml"))
    list(r.add_bytes(raw_a, fidx, "eml"))
    examples = [o for o in r.finish() if hasattr(o, "messages")]
    assert [m.content for m in examples[0].messages] == ["Q?", "A."]


def test_split_encoded_words_and_raw_8bit_headers() -> None:
    # One Big5 character split across two encoded-words (clients do this; RFC 2047 forbids it).
    assert decode_header("=?big5?B?pw==?= =?big5?B?QQ==?=") == "你"
    assert decode_header("=?gb2312?B?xOO6ww==?=") == "你好"
    assert decode_header(b"Caf\xc3\xa9".decode("utf-8", "surrogateescape")) == "Café"


def test_repair_headers_reattaches_unindented_continuations() -> None:
    raw = b"Subject: a\n=?utf-8?B?5L2g?=\nFrom: x@y.example\n\nbody\n"
    assert repair_headers(raw).startswith(b"Subject: a\n =?utf-8?B?5L2g?=\nFrom:")
    no_blank = b"From: x@y.example\nSubject: s\nbody without a blank line\n"
    assert repair_headers(no_blank) == no_blank


def test_outlook_item_bodies_prefer_plain_then_html() -> None:
    from collections import Counter

    from fine_prep.ingest.email.mime import body_from_parts

    counts: Counter[str] = Counter()
    assert body_from_parts("Plain.", b"<p>Html.</p>", counts).text == "Plain."
    html = body_from_parts(b"  \r\n", b"<p>Html \xe2\x80\x94 body.</p>", counts)
    assert html.html and html.text.strip() == "Html \u2014 body."
    empty = body_from_parts(None, b"  ", counts)
    assert empty.text == "" and not empty.html
