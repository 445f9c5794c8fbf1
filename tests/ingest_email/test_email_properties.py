"""Property tests: MIME decoding never raises; cleaning is idempotent."""

from __future__ import annotations

from collections import Counter
from email.parser import BytesParser
from email.policy import compat32

from hypothesis import given, settings
from hypothesis import strategies as st

from fine_prep.ingest.email.cleaning import clean_body
from fine_prep.ingest.email.mime import decode_bytes, decode_header, extract_body

LABELS = st.sampled_from(
    [
        None,
        "utf-8",
        "big5",
        "big5-hkscs",
        "gb2312",
        "gbk",
        "gb18030",
        "iso-8859-1",
        "us-ascii",
        "x-unknown",
        "utf-7",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), LABELS)
def test_decode_bytes_never_raises(data: bytes, label: str | None) -> None:
    assert isinstance(decode_bytes(data, label, Counter()), str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.binary(max_size=60))
def test_decode_header_never_raises(text: str, raw: bytes) -> None:
    b64 = __import__("base64").b64encode(raw).decode()
    value = f"{text} =?big5?B?{b64}?= =?gb2312?Q?{raw.hex()}?="
    assert isinstance(decode_header(value, Counter()), str)
    assert isinstance(decode_header(raw.decode("utf-8", "surrogateescape")), str)


HEADERS = st.sampled_from(
    [
        b"Content-Type: multipart/alternative; boundary=x\n",
        b"Content-Type: text/html; charset=big5\n",
        b"Content-Type: text/plain; charset=gb2312\n",
        b"Content-Transfer-Encoding: base64\n",
        b"Content-Transfer-Encoding: quoted-printable\n",
        b"Subject: =?utf-8?B?5L2g5aW9?=\n",
        b"From: =?big5?Q?=A7A?= <a@b.example>\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(HEADERS, max_size=4), st.binary(max_size=300))
def test_message_parsing_never_raises(headers: list[bytes], body: bytes) -> None:
    raw = b"".join(headers) + b"\n" + body + b"\n--x\nContent-Type: text/html\n\n<p>hi</p>\n--x--\n"
    msg = BytesParser(policy=compat32).parsebytes(raw)
    assert isinstance(extract_body(msg, Counter()).text, str)


LINES = st.sampled_from(
    [
        "Dear Mr Chan,",
        "Thank you for your order.",
        "",
        "> quoted text",
        "On Mon, 4 Mar 2024 at 10:00, Amy <amy@example.com> wrote:",
        "-----Original Message-----",
        "From: Amy <amy@example.com>",
        "Sent: Monday, 4 March 2024 10:00",
        "寄件者: 陳大文",
        "主旨: 查詢",
        "Best regards,",
        "Karen Lau",
        "Customer Care | Harbour Lane Tea Co.",
        "Tel: +852 2545 1234",
        "-- ",
        "Sent from my iPhone",
        "祝 生活愉快",
        "此致",
        "敬禮",
        "This email is confidential and intended solely for the addressee.",
        "CAUTION: This email originated from outside the organisation.",
        "我想問吓普洱茶仲有冇貨？",
        "Thanks",
        "www.example.com",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=25))
def test_cleaning_is_idempotent(lines: list[str]) -> None:
    once = clean_body("\n".join(lines))
    assert clean_body(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_cleaning_any_text_is_idempotent(text: str) -> None:
    once = clean_body(text)
    assert clean_body(once) == once


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(HEADERS, st.binary(max_size=80)), max_size=8), st.binary(max_size=300))
def test_reader_never_raises_on_arbitrary_messages(parts: list[bytes], body: bytes) -> None:
    import types

    from fine_prep.config import Config
    from fine_prep.ingest.base import IngestContext, InputFile
    from fine_prep.ingest.email.reader import EmailConfig, MailReader

    ctx = IngestContext(Config(types.MappingProxyType({"email": EmailConfig()})))
    reader = MailReader(ctx, "email")
    fidx = reader.file_index(InputFile(__import__("pathlib").Path("x.eml"), "x.eml"))
    raw = b"From: a@b.example\n" + b"".join(parts) + b"\n" + body
    for _ in reader.add_bytes(raw, fidx, "eml"):
        pass
    list(reader.finish())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"From - Mon Jan  1 00:00:00 2024\n",
                b"From: a@b.example\n",
                b"\n",
                b"From Russia\n",
                b">From x\n",
                b"body\n",
            ]
        ),
        max_size=30,
    )
)
def test_mbox_split_keeps_every_line(lines: list[bytes]) -> None:
    import io

    from fine_prep.ingest.email.mbox import split

    data = b"".join(lines)
    out = list(split(io.BytesIO(data), 1 << 20))
    starts = [n for n, _ in out]
    assert starts == sorted(set(starts))
    # Every byte is either a separator line or in exactly one message (">From" unescaped).
    kept = sum(len(raw or b"") for _, raw in out)
    assert kept <= len(data)
