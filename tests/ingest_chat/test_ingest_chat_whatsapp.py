"""The WhatsApp line parser: header styles, placeholders, and properties on arbitrary text."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fine_prep.config import load_config
from fine_prep.errors import InputError
from fine_prep.ingest.base import IngestContext, InputFile
from fine_prep.ingest.chat.common import DELETED, INVISIBLE, MEDIA, SYSTEM, TEXT, StaffMatcher, safe_label
from fine_prep.ingest.chat.whatsapp import (
    BadLine,
    RawMessage,
    WhatsAppAdapter,
    _Clock,
    classify,
    parse_header,
    parse_lines,
)
from fine_prep.ingest.sources import Sources
from fine_prep.record import Example, Reject

NNBSP = "\u202f"
LRM = "\u200e"


@pytest.mark.parametrize(
    ("line", "variant", "order", "when", "speaker"),
    [
        ("05/01/2024, 15:45 - Amy: hi", "android", "day-first", datetime(2024, 1, 5, 15, 45), "Amy"),
        ("1/5/24, 3:45 PM - Amy: hi", "android", "month-first", datetime(2024, 1, 5, 15, 45), "Amy"),
        (f"1/5/24, 3:45{NNBSP}pm - Amy: hi", "android", "month-first", datetime(2024, 1, 5, 15, 45), "Amy"),
        ("05/01/2024, 12:10 a. m. - Amy: hi", "android", "day-first", datetime(2024, 1, 5, 0, 10), "Amy"),
        ("[05/01/2024, 3:45:12 PM] Amy: hi", "ios", "day-first", datetime(2024, 1, 5, 15, 45, 12), "Amy"),
        ("[05/01/24 15:45] Amy: hi", "ios", "day-first", datetime(2024, 1, 5, 15, 45), "Amy"),
        (
            "[2024/1/5 下午3:45:12] 陳小姐: 你好",
            "ios",
            "day-first",
            datetime(2024, 1, 5, 15, 45, 12),
            "陳小姐",
        ),
        ("[2024/1/5 上午12:05:00] 陳小姐: 你好", "ios", "day-first", datetime(2024, 1, 5, 0, 5), "陳小姐"),
        ("2024/1/5 下午3:45 - 陳小姐: 你好", "android", "day-first", datetime(2024, 1, 5, 15, 45), "陳小姐"),
        (
            "2024年1月5日 下午3:45 - 陳小姐: 你好",
            "android",
            "day-first",
            datetime(2024, 1, 5, 15, 45),
            "陳小姐",
        ),
        ("2024-01-05, 15:45 - Amy: hi", "android", "day-first", datetime(2024, 1, 5, 15, 45), "Amy"),
        ("05.01.24, 15:45 - Amy: hi", "android", "day-first", datetime(2024, 1, 5, 15, 45), "Amy"),
        ("15/12/2025, 10:34:00 AM Amy: plain", "plain", "day-first", datetime(2025, 12, 15, 10, 34), "Amy"),
        (
            f"{LRM}[05/01/2024, 3:45:12 PM] Amy: hi",
            "ios",
            "day-first",
            datetime(2024, 1, 5, 15, 45, 12),
            "Amy",
        ),
        (
            "[05/01/2024, 3:45:12 PM] \u202a+852 9123 4567\u202c: hi",
            "ios",
            "day-first",
            datetime(2024, 1, 5, 15, 45, 12),
            "+852 9123 4567",
        ),
    ],
)
def test_header_styles(line: str, variant: str, order: str, when: datetime, speaker: str) -> None:
    parsed = parse_header(line)
    assert parsed is not None
    header, _ = parsed
    assert header.variant == variant
    assert _Clock({variant: order}).when(header) == when
    (msg,) = list(parse_lines([line]))
    assert isinstance(msg, RawMessage)
    assert msg.speaker == speaker


@pytest.mark.parametrize(
    "line",
    [
        "Hello there",
        "5/1/2024 3:45 works for me",  # a date in ordinary text is not a header
        "[not a date] Amy: hi",
        "",
        "2024",
    ],
)
def test_not_headers(line: str) -> None:
    assert parse_header(line) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<Media omitted>", MEDIA),
        (f"{LRM}<Media omitted>", MEDIA),
        (f"{LRM}image omitted", MEDIA),
        (f"{LRM}圖片已略去", MEDIA),
        ("sticker omitted", MEDIA),
        (f"{LRM}<attached: 00000012-PHOTO-2024-01-05-15-55-00.jpg>", MEDIA),
        ("IMG-20240105-WA0003.jpg (file attached)", MEDIA),
        ("Missed voice call", MEDIA),
        ("This message was deleted", DELETED),
        (f"{LRM}You deleted this message.", DELETED),
        ("此訊息已被刪除", DELETED),
        (
            f"{LRM}Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
            SYSTEM,
        ),
        (f"{LRM}Amy added Ben", SYSTEM),
        ("Hello <This message was edited>", TEXT),
        ("你好", TEXT),
    ],
)
def test_classify(text: str, kind: str) -> None:
    msg = RawMessage(1, 1, parse_header("05/01/2024, 15:45 - A: x")[0], "Amy", [text])  # type: ignore[index]
    got, clean = classify(msg)
    assert got == kind
    if kind == TEXT:
        assert clean and "edited" not in clean and LRM not in clean
    else:
        assert clean == ""


def test_system_lines_without_speaker() -> None:
    lines = [
        "05/01/2024, 15:45 - Messages and calls are end-to-end encrypted. Tap to learn more.",
        "05/01/2024, 15:46 - +852 9123 4567 joined using this group's invite link",
        '05/01/2024, 15:47 - Amy changed the subject from "Tea: orders" to "Tea"',
        "05/01/2024, 15:48 - +852 9123 4567 changed to +852 9876 5432",
    ]
    for rec in parse_lines(lines):
        assert isinstance(rec, RawMessage)
        assert classify(rec)[0] == SYSTEM


def test_multi_line_and_leading_text() -> None:
    recs = list(parse_lines(["junk before", "", "05/01/2024, 15:45 - Amy: a", "b", "", "c"]))
    assert isinstance(recs[0], BadLine) and recs[0].line == 1
    msg = recs[1]
    assert isinstance(msg, RawMessage) and (msg.line, msg.end_line) == (3, 6)
    assert classify(msg) == (TEXT, "a\nb\n\nc")


def test_staff_matcher_names_and_phones() -> None:
    m = StaffMatcher(["Harbour Lane Tea", "+852 9123 4567", "staff@shop.example", "@shop.example"])
    assert m.matches("harbour  lane TEA")
    assert m.matches("\u202a+852 9123 4567\u202c")
    assert m.matches("91234567")
    assert not m.matches("Winnie Tsang")
    assert not m.matches("+852 9123 4568")
    assert not StaffMatcher(["staff@shop.example", "@shop.example"]).configured


def test_safe_label_masks_the_contact() -> None:
    assert safe_label("exports/WhatsApp Chat with Jane Doe.txt") == "exports/WhatsApp Chat with ….txt"
    assert safe_label("WhatsApp Chat - Jane Doe.zip!/_chat.txt") == "WhatsApp Chat - ….zip!/_chat.txt"


# ---------------------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(
    list("0123456789/.-,:[] APMapm\n\r\t上午下午年月日:")
    + ["\u200e", "\u202f", "\u00a0", "é", "茶", "<Media omitted>", " - ", ": ", "05/01/2024, 15:45 - A: "]
)
_TEXT = st.lists(_ALPHABET, max_size=60).map("".join) | st.text(max_size=80)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_header_parser_never_raises(line: str) -> None:
    parsed = parse_header(line)
    if parsed is not None:
        header, _ = parsed
        _Clock({}).when(header)  # may be None (impossible date), never raises


@settings(max_examples=300, deadline=None)
@given(_TEXT.map(lambda t: t.replace("\n", " ").replace("\r", " ")))
def test_line_and_block_parsers_agree(line: str) -> None:
    """The one-line parser (sniffing) and the block parser (reading) see the same headers."""
    parsed = parse_header(line)
    recs = [r for r in parse_lines([line]) if isinstance(r, RawMessage)]
    if parsed is None:
        assert not recs
    else:
        assert len(recs) == 1
        assert recs[0].header == parsed[0]


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT.map(lambda t: t.replace("\n", " ").replace("\r", " ")), max_size=30))
def test_every_line_is_accounted_for(lines: list[str]) -> None:
    seen: set[int] = set()
    first_message = len(lines) + 1
    for rec in parse_lines(lines):
        if isinstance(rec, BadLine):
            span = {rec.line}
        else:
            first_message = min(first_message, rec.line)
            span = set(range(rec.line, rec.end_line + 1))
            assert len(rec.lines) == len(span)
            classify(rec)
        assert not (span & seen), "a line in two records"
        seen |= span
    for n, line in enumerate(lines, 1):
        if n not in seen:
            # only blank lines before the first message may be left out
            assert not INVISIBLE.sub("", line).strip()
            assert n < first_message


# ---------------------------------------------------------------------------- files


def _ctx(**ingest: object) -> IngestContext:
    return IngestContext(load_config(None, {"ingest": ingest}), strict=False)


def test_zip_without_chat_is_not_whatsapp(tmp_path: Path) -> None:
    z = tmp_path / "photos.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.jpg", b"x")
    assert WhatsAppAdapter().sniff(InputFile(z, "photos.zip", z.read_bytes()[:8192])) == 0.0


def test_forced_on_other_text_is_a_file_error(tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text("Just some notes\nabout tea\n", encoding="utf-8")
    cfg = load_config(None, {"ingest": {"adapter": "whatsapp"}})
    with Sources([str(f)], cfg) as src, pytest.raises(InputError, match="no WhatsApp message lines"):
        list(src.read())
    with Sources([str(f)], cfg) as src:
        (rej,) = list(src.read(strict=False))
        assert isinstance(rej, Reject) and rej.code == "unknown-format"


def test_corrupt_zip_is_rejected_in_run_mode(tmp_path: Path) -> None:
    z = tmp_path / "WhatsApp Chat - X.zip"
    z.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    good = tmp_path / "chat.txt"
    good.write_text("05/01/2024, 15:45 - A: hi\n05/01/2024, 15:46 - B: hello\n", encoding="utf-8")
    with Sources([str(tmp_path)], load_config(None, {"ingest": {"staff": ["B"]}})) as src:
        out = list(src.read(strict=False))
    assert any(isinstance(r, Reject) and r.code == "corrupt-zip" for r in out)
    assert sum(isinstance(r, Example) for r in out) == 1


def test_inferred_staff_note_has_no_names(tmp_path: Path) -> None:
    f = tmp_path / "WhatsApp Chat with Jane Doe.txt"
    f.write_text(
        "05/01/2024, 15:45 - Jane Doe: hi\n05/01/2024, 15:46 - Shop Owner: hello\n"
        "05/01/2024, 15:47 - Shop Owner: how can I help?\n",
        encoding="utf-8",
    )
    ctx = _ctx()
    item = InputFile(f, str(f), f.read_bytes()[:8192])
    out = list(WhatsAppAdapter().read([item], ctx))
    assert [m.role for m in out[0].messages] == ["user", "assistant"]  # type: ignore[union-attr]
    text = " ".join(ctx.notes)
    assert "speaker 2 of 2" in text
    assert "Jane" not in text and "Shop Owner" not in text


def test_sample_data_pairs(sample_data: Path) -> None:
    path = sample_data / "chat" / "whatsapp_harbourlane.txt"
    cfg = load_config(None, {"ingest": {"staff": ["Harbour Lane Tea"]}})
    with Sources([str(path)], cfg) as src:
        out = list(src.read())
    examples = [r for r in out if isinstance(r, Example)]
    assert len(examples) == 9
    texts = " ".join(m.content for e in examples for m in e.messages)
    assert "Media omitted" not in texts and "This message was deleted" not in texts
    assert "end-to-end encrypted" not in texts and "\u200e" not in texts
    assert all(e.source.ref and e.source.ref.startswith("line") for e in examples)
    assert len({e.meta["group"] for e in examples}) >= 3  # days apart: several conversations


@pytest.mark.parametrize(
    "name",
    [
        "test_bracketed_mmddyy_24hrs.txt",
        "test_ddmmyy_24hrs.txt",
        "test_mmddyy_24hrs.txt",
        "test_mmddyyyy_12hrs.txt",
        "test_yyyymmdd_24hrs.txt",
    ],
)
def test_chat_miner_files_match_their_target(corpora: Path, name: str) -> None:
    """The five date/time styles of joweich/chat-miner parse to the upstream expected messages."""
    import json

    folder = corpora / "chat-whatsapp" / "joweich-chat-miner"
    target = json.loads((folder / "target.json").read_text(encoding="utf-8"))
    path = folder / name
    item = InputFile(path, name, path.read_bytes()[:8192])
    ctx = _ctx()
    adapter = WhatsAppAdapter()
    got = [
        {
            "timestamp": m.time.isoformat() if m.time else None,
            "author": m.speaker,
            "message": m.text.replace("\n", " "),  # upstream joins continuation lines with a space
        }
        for m in adapter.messages(item, ctx, adapter.scan(item, ctx))
        if not isinstance(m, Reject) and m.kind == TEXT
    ]
    assert sorted(got, key=lambda r: r["timestamp"]) == sorted(target, key=lambda r: r["timestamp"])
