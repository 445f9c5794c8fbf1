"""End-to-end email ingest on built mailboxes, the sample mailbox and the CJK corpora."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from fine_prep.config import Config
from fine_prep.errors import InputError
from fine_prep.ingest.base import IngestConfig
from fine_prep.ingest.email.mime import decode_bytes
from fine_prep.ingest.email.reader import EmailConfig
from fine_prep.ingest.sources import Sources
from fine_prep.record import Example, Reject

STAFF = "@shop.example"


def _config(**ingest) -> Config:
    email = ingest.pop("email", {})
    return Config(types.MappingProxyType({"ingest": IngestConfig(**ingest), "email": EmailConfig(**email)}))


def _run(paths, config, strict=False):
    with Sources([str(p) for p in paths], config) as src:
        out = list(src.read(strict=strict))
        return (
            [o for o in out if isinstance(o, Example)],
            [o for o in out if isinstance(o, Reject)],
            src.summary,
        )


def _msg(
    mid, frm, to, subject, body, *, irt=None, date="Mon, 4 Mar 2024 10:00:00 +0800", extra="", ctype=None
):
    head = f"From: {frm}\nTo: {to}\nSubject: {subject}\nDate: {date}\nMessage-ID: <{mid}>\n"
    if irt:
        head += f"In-Reply-To: <{irt}>\nReferences: <{irt}>\n"
    head += extra
    if isinstance(body, str):
        body = body.encode("utf-8")
    head += (ctype or "Content-Type: text/plain; charset=utf-8") + "\n"
    return head.encode("utf-8") + b"\n" + body + b"\n"


def _mbox(path: Path, messages: list[bytes]) -> Path:
    path.write_bytes(b"".join(b"From - Mon Mar  4 10:00:00 2024\n" + m + b"\n" for m in messages))
    return path


@pytest.fixture
def mailbox(tmp_path: Path) -> Path:
    big5 = "你好，請問普洱茶仲有冇貨？\n\n陳先生".encode("big5hkscs")
    msgs = [
        _msg(
            "q1@c.example",
            "Chan <chan@c.example>",
            "shop@shop.example",
            "Pu'er",
            b"",
            ctype="Content-Type: text/plain; charset=big5",
        ).replace(b"\n\n\n", b"\n\n" + big5 + b"\n"),
        _msg(
            "a1@shop.example",
            "Karen <karen@shop.example>",
            "chan@c.example",
            "Re: Pu'er",
            "陳先生您好：\n\n有貨，每餅HK$280。\n\n祝 生活愉快\n\n港灣茶莊 客戶服務部\n電話：2545 1234\n\n"
            "On Mon, 4 Mar 2024 at 10:00, Chan <chan@c.example> wrote:\n> 你好",
            irt="q1@c.example",
            date="Mon, 4 Mar 2024 11:00:00 +0800",
        ),
        _msg(
            "ooo@c.example",
            "Chan <chan@c.example>",
            "karen@shop.example",
            "Automatic reply: Re: Pu'er",
            "I am away.",
            extra="Auto-Submitted: auto-replied\n",
            date="Mon, 4 Mar 2024 11:01:00 +0800",
        ),
        _msg(
            "q2@d.example",
            "Wong <wong@d.example>",
            "shop@shop.example",
            "Gift boxes",
            "Dear team,\n\nDo you print logos?\n\nRegards,\nWong Mei Ling\nTel: +852 2345 6789",
            date="Tue, 5 Mar 2024 09:00:00 +0800",
        ),
        # a reply without In-Reply-To/References: threaded by subject + participants + time
        _msg(
            "a2@shop.example",
            "Ming <ming@shop.example>",
            "wong@d.example",
            "RE: Gift boxes",
            "<p>Dear Ms Wong,</p><p>Yes, at no extra charge.</p><p>Best regards,<br>Ming<br>Tel: 2545 1234</p>"
            "<div class='gmail_quote'>Dear team, Do you print logos?</div>",
            date="Tue, 5 Mar 2024 10:00:00 +0800",
            ctype="Content-Type: text/html; charset=utf-8",
        ),
        _msg(
            "q3@e.example",
            "Lee <lee@e.example>",
            "shop@shop.example",
            "Delivery",
            "有冇得送去觀塘？".encode(),
            date="Wed, 6 Mar 2024 09:00:00 +0800",
            ctype="Content-Type: text/plain; charset=gb2312",
        ),
        b"From: MAILER-DAEMON@mx.shop.example\nTo: karen@shop.example\nSubject: Undelivered Mail Returned to Sender\n"
        b"Message-ID: <b1@mx>\nContent-Type: multipart/report; report-type=delivery-status; boundary=zz\n\n--zz\n"
        b"Content-Type: text/plain\n\nFailed.\n--zz--\n",
    ]
    return _mbox(tmp_path / "support.mbox", msgs)


def test_mbox_and_eml_thread_across_files(mailbox: Path, tmp_path: Path) -> None:
    eml = tmp_path / "reply.eml"
    eml.write_bytes(
        _msg(
            "a3@shop.example",
            "Karen <karen@shop.example>",
            "lee@e.example",
            "Re: Delivery",
            "Lee小姐您好：\n\n可以，運費全免。\n\nBest regards,\nKaren Lau\nCustomer Care | Shop\nTel: 2545 1234\n\n"
            "-----Original Message-----\nFrom: Lee\nSent: Wednesday\n有冇得送去觀塘？",
            irt="q3@e.example",
            date="Wed, 6 Mar 2024 10:00:00 +0800",
        )
    )
    examples, rejects, summary = _run([mailbox, eml], _config(staff=(STAFF,)))
    by_user = {e.messages[0].content: e for e in examples}
    assert len(examples) == 3, [r.to_dict() for r in rejects]
    first = by_user["你好，請問普洱茶仲有冇貨？\n\n陳先生"]
    assert first.messages[1].content == "陳先生您好：\n\n有貨，每餅HK$280。\n\n祝 生活愉快"
    assert first.source.ref == "<q1@c.example> <a1@shop.example>"
    assert first.source.adapter == "mbox" and first.id.startswith("em-")
    gift = by_user["Dear team,\n\nDo you print logos?\n\nRegards,"]
    assert gift.messages[1].content == "Dear Ms Wong,\n\nYes, at no extra charge.\n\nBest regards,"
    lee = by_user["有冇得送去觀塘？"]
    assert lee.messages[1].content == "Lee小姐您好：\n\n可以，運費全免。\n\nBest regards,"
    assert lee.meta["group"] != gift.meta["group"]
    codes = sorted(r.code for r in rejects)
    assert codes == ["auto-reply", "bounce"]
    assert all(r.kind == "skipped" for r in rejects)
    assert summary.counts["charset-mislabelled"] >= 1  # UTF-8 bytes labelled gb2312
    assert any(n.startswith("email charsets: 1 part(s)") for n in summary.notes)
    assert summary.counts["email-subject-threaded"] == 1
    assert summary.files == {"email": 2}
    for r in rejects:  # no personal data in reasons
        assert "@" not in r.message


def test_multi_turn_and_inferred_staff(mailbox: Path) -> None:
    examples, _, summary = _run([mailbox], _config(multi_turn=True))
    assert examples and all(len(e.messages) >= 2 for e in examples)
    note = " ".join(summary.notes)
    assert "@shop.example" in note and "karen" not in note and "shop@" not in note


def test_forced_adapter_and_bad_files(mailbox: Path, tmp_path: Path) -> None:
    eml = tmp_path / "one.eml"
    eml.write_bytes(_msg("x@c.example", "a@c.example", "b@shop.example", "Hi", "Hello"))
    with pytest.raises(InputError, match="not an mbox"):
        _run([eml], _config(adapter="mbox"), strict=True)
    examples, rejects, _ = _run([mailbox], _config(adapter="mbox", staff=(STAFF,)))
    assert len(examples) == 2 and {e.source.adapter for e in examples} == {"mbox"}
    pst = tmp_path / "fake.pst"
    pst.write_bytes(b"not a pst at all")
    with pytest.raises(InputError, match="pst"):
        _run([pst], _config(adapter="pst"), strict=True)


def test_truncated_and_oversized_messages_become_rejects(tmp_path: Path) -> None:
    big = _msg("big@c.example", "a@c.example", "b@shop.example", "Big", "x" * (2 << 20))
    ok = _msg("ok@c.example", "a@c.example", "b@shop.example", "Q", "A question?")
    box = _mbox(tmp_path / "t.mbox", [big, ok])
    with box.open("ab") as fh:
        fh.write(b"From - Mon Mar  4 10:00:00 2024\nFrom: a@c.example\nSubject: cut")
    _, rejects, _ = _run([box], _config(staff=(STAFF,), email={"max_message_mb": 1}))
    codes = {r.code: r for r in rejects}
    assert codes["message-too-large"].line == 1
    assert "no-body" in codes and "no-staff-reply" in codes


def test_sample_mailbox(sample_data: Path) -> None:
    box = sample_data / "mail" / "support.mbox"
    assert box.exists(), "sample_data/mail/support.mbox is missing"  # a skip would hide it
    examples, rejects, _ = _run([box], _config(staff=("@harbourlanetea.example",)))
    assert len(examples) == 36
    assert sorted(r.code for r in rejects) == ["auto-reply", "bounce"]
    bad = (
        "wrote:",
        "寫道",
        "Original Message",
        "原始郵件",
        "寄件者",
        "From:",
        "Tel:",
        "電話：",
        "confidential",
        "機密",
    )
    for e in examples:
        for m in e.messages:
            for marker in bad:
                assert marker not in m.content, (e.source.ref, marker)
            assert not any(line.startswith(">") for line in m.content.splitlines())
    text = json.dumps([e.to_dict() for e in examples], ensure_ascii=False)
    assert "Best regards," in text and "祝 生活愉快" in text and "Dear Mr Chan," in text


@pytest.mark.parametrize(
    "name,label",
    [("big5", "big5"), ("big5hkscs", "big5-hkscs"), ("gb2312", "gb2312"), ("gb18030", "gb18030")],
)
def test_cjk_corpus_decodes_without_mojibake(corpora: Path, name: str, label: str) -> None:
    folder = corpora / "text-cjk-encodings" / "cpython-cjkencodings"
    raw = (folder / f"{name}.txt").read_bytes()
    expected = (folder / f"{name}-utf8.txt").read_bytes().decode("utf-8")
    assert decode_bytes(raw, label) == expected
    # A wrong label (the common "big5 labelled as gb2312" case) still decodes cleanly.
    assert decode_bytes(raw, "us-ascii") == expected or "\ufffd" not in decode_bytes(raw, "us-ascii")


def test_inferred_owner_without_an_address_is_not_named_in_the_note() -> None:
    from collections import Counter

    from fine_prep.ingest.email.roles import infer_owner

    inferred = infer_owner(Counter({"jane doe": 5, "c@x.example": 2}), 5)
    assert inferred is not None
    matcher, note = inferred
    assert "jane" not in note.lower() and "without an address" in note
    assert matcher("jane doe") and not matcher("c@x.example")
    matcher, note = infer_owner(Counter({"amy@gmail.com": 3}), 3) or (None, "")
    assert "@gmail.com" in note and "amy" not in note
    assert matcher("amy@gmail.com") and not matcher("bob@gmail.com")
