"""Small parts of the chat adapters: date order, Slack mrkdwn, Telegram text, table sniffing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from fine_prep.ingest.base import ADAPTERS, InputFile
from fine_prep.ingest.chat.chat_table import parse_time
from fine_prep.ingest.chat.slack import _text
from fine_prep.ingest.chat.telegram import flatten
from fine_prep.ingest.chat.whatsapp import DateOrderVote, decide_order


def _vote(*dates: str) -> DateOrderVote:
    v = DateOrderVote()
    for d in dates:
        v.add(d)
    return v


@pytest.mark.parametrize(
    ("dates", "forced", "order", "why"),
    [
        (("05/01/24", "13/01/24"), "auto", "day-first", "first field above 12"),
        (("01/05/24", "01/13/24"), "auto", "month-first", "second field above 12"),
        (("01/02/24", "01/03/24", "02/01/24"), "auto", "month-first", "run forward"),
        (("02/01/24", "03/01/24", "01/02/24"), "auto", "day-first", "run forward"),
        (("03/04/24",), "auto", "day-first", "convention assumed"),
        (("13/01/24", "13/01/24", "01/13/24"), "auto", "day-first", "mixes both orders"),
        (("13/01/24",), "month-first", "month-first", "[chat].date_order"),
        (("2024/01/13",), "auto", "ymd", ""),
        (("2024年1月13日",), "auto", "ymd", ""),
    ],
)
def test_date_order(dates: tuple[str, ...], forced: str, order: str, why: str) -> None:
    got, reason = decide_order(_vote(*dates), forced)
    assert got == order
    assert why in reason


def test_slack_mrkdwn() -> None:
    users = {"U1": ("Ivy Ho", "ivy")}
    text = "Hi <@U1> and <@U9>, see <https://x.example/a|the page> in <#C1|orders> &amp; <!here> &lt;ok&gt;"
    assert _text(text, users) == "Hi @Ivy Ho and @user, see the page in #orders & @here <ok>"
    assert _text(None, users) == ""


def test_telegram_text_parts() -> None:
    assert flatten("plain") == "plain"
    assert flatten(["Check ", {"type": "bold", "text": "this"}, " out", {"type": "x"}]) == "Check this out"
    assert flatten(None) == ""


@pytest.mark.parametrize(
    ("value", "day_first", "want"),
    [
        ("2024-01-05 10:00", True, datetime(2024, 1, 5, 10, 0)),
        ("2024-01-05T10:00:00Z", True, datetime(2024, 1, 5, 10, 0)),
        ("05/01/2024 23:30", True, datetime(2024, 1, 5, 23, 30)),
        ("05/01/2024 11:30 pm", False, datetime(2024, 5, 1, 23, 30)),
        ("31/02/2024 10:00", True, None),
        ("yesterday", True, None),
    ],
)
def test_table_times(value: str, day_first: bool, want: datetime | None) -> None:
    assert parse_time(value, day_first) == want


@pytest.mark.parametrize(
    ("header", "adapter"),
    [
        ("question,answer,system", "qa-table"),
        ("conversation,time,speaker,text", "chat-table"),
        ("chat_id,timestamp,sender,message", "chat-table"),
        ("Thread,Date,Author,Body,Role", "chat-table"),
        ("speaker,text,question,answer", "qa-table"),  # a Q/A table is never a chat table
    ],
)
def test_table_sniffing(tmp_path: Path, header: str, adapter: str) -> None:
    f = tmp_path / "t.csv"
    f.write_text(header + "\nx,y,z,w,v\n", encoding="utf-8")
    item = InputFile(f, "t.csv", f.read_bytes())
    scores = {name: a.sniff(item) for name, a in ADAPTERS.items()}
    assert max(scores, key=lambda n: scores[n]) == adapter


def _read(paths: list[str], **ingest: object) -> list:
    from fine_prep.config import load_config
    from fine_prep.ingest.sources import Sources

    with Sources(paths, load_config(None, {"ingest": ingest})) as src:
        return list(src.read(strict=False))


def test_multi_turn_with_max_turns() -> None:
    from fine_prep.record import Example

    case = Path(__file__).resolve().parent.parent / "data" / "chat" / "whatsapp" / "ios_zip_multi_turn"
    zip_path = str(next(case.glob("*.zip")))
    whole = [r for r in _read([zip_path], staff=["Tea & Co"], multi_turn=True) if isinstance(r, Example)]
    cut = [
        r
        for r in _read([zip_path], staff=["Tea & Co"], multi_turn=True, max_turns=2)
        if isinstance(r, Example)
    ]
    assert [len(e.messages) for e in whole] == [4]
    assert [len(e.messages) for e in cut] == [2, 2]
    assert len({e.meta["group"] for e in cut}) == 1  # one conversation: one group for the split


def test_telegram_full_account_export(tmp_path: Path) -> None:
    import json

    from fine_prep.record import Example

    def chat(cid: int, who: str) -> dict:
        return {
            "id": cid,
            "name": "someone",
            "type": "personal_chat",
            "messages": [
                {"id": 1, "type": "message", "date_unixtime": "1704448800", "from": who, "text": "Hi, open?"},
                {"id": 2, "type": "message", "date_unixtime": "1704448900", "from": "Shop", "text": "Yes"},
            ],
        }

    data = {
        "about": "Here is the data you requested.",
        "personal_information": {"first_name": "X"},
        "chats": {"about": "", "list": [chat(11, "A"), chat(12, "B")]},
        "left_chats": {"about": "", "list": [chat(13, "C")]},
    }
    f = tmp_path / "result.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    out = [r for r in _read([str(f)], staff=["Shop"]) if isinstance(r, Example)]
    assert sorted(e.source.ref for e in out) == [
        "chat 11: messages 1..2",
        "chat 12: messages 1..2",
        "chat 13: messages 1..2",
    ]
    assert all(e.source.adapter == "telegram" for e in out)


def test_slack_zip_with_a_top_folder_reads_like_the_folder(tmp_path: Path) -> None:
    import zipfile

    from fine_prep.record import Example

    folder = Path(__file__).resolve().parent.parent / "data" / "chat" / "slack" / "export_folder" / "export"
    z = tmp_path / "slack-export.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in sorted(folder.rglob("*.json")):
            zf.write(f, "My Workspace Slack export/" + f.relative_to(folder).as_posix())
    from_zip = [r for r in _read([str(z)], staff=["lantau"]) if isinstance(r, Example)]
    from_dir = [r for r in _read([str(folder)], staff=["lantau"]) if isinstance(r, Example)]
    assert [e.messages for e in from_zip] == [e.messages for e in from_dir]
    assert len(from_zip) == 3 and all(e.source.adapter == "slack" for e in from_zip)
