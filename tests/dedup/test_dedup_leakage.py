"""Leakage: the API the validation gate calls, and ``fine-prep dedup --against``."""

from __future__ import annotations

import json
import random

from click.testing import CliRunner
from helpers_dedup import base_tokens, example, render, run_dedup, words

from fine_prep.cli.app import main
from fine_prep.dedup.leakage import find_leakage, find_near_duplicates, read_sets, texts_of
from fine_prep.record import write_jsonl


def _text(seed: int, lang: str = "en", k: int = 50) -> str:
    return render(base_tokens(random.Random(seed), lang, k), lang)


def test_find_near_duplicates_exact_near_and_unrelated():
    a = _text(1)
    near = a.replace(a.split(" ")[10], "changed", 1)
    zh = _text(2, "zh")
    items = [
        ("1", a),
        ("2", _text(3)),
        ("3", a.upper()),  # exact after normalisation
        ("4", near),
        ("5", zh),
        ("6", zh[:-1] + "好"),
        ("7", ""),
        ("8", ""),  # two empty texts are never reported
    ]
    got = find_near_duplicates(items)
    pairs = {(x, y): s for x, y, s in got}
    assert pairs[("1", "3")] == 1.0
    assert 0.8 <= pairs[("1", "4")] < 1.0
    assert ("5", "6") in pairs
    assert not any("2" in p or "7" in p or "8" in p for p in pairs)
    assert all(x < y for x, y in pairs)  # earlier key first
    assert got == sorted(got, key=lambda r: (int(r[0]), int(r[1])))


def test_find_near_duplicates_threshold():
    a = _text(4, k=30)
    toks = a.split(" ")
    b = " ".join(toks[:20] + words(random.Random(5), 10))
    assert find_near_duplicates([("1", a), ("2", b)], threshold=0.95) == []
    assert find_near_duplicates([("1", a), ("2", b)], threshold=0.3) != []


def test_find_leakage_only_across_sets():
    t1, t2, e1 = _text(10), _text(11), _text(12, "mixed")
    train = [("1", t1), ("2", t1), ("3", t2)]  # 1 and 2 are duplicates within train: not leakage
    other = [("1", e1), ("2", t2 + " thanks"), ("3", t1.lower())]
    got = find_leakage(train, other)
    assert [(a, b) for a, b, _ in got] == [("1", "3"), ("2", "3"), ("3", "2")]
    assert dict(((a, b), s) for a, b, s in got)[("1", "3")] == 1.0
    assert find_leakage(train, []) == [] and find_leakage([], other) == []


def test_texts_of_every_provider_shape():
    assert texts_of(
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
    ) == (
        "q",
        "a",
    )
    assert texts_of(
        {
            "contents": [
                {"role": "user", "parts": [{"text": "q"}]},
                {"role": "model", "parts": [{"text": "a"}]},
            ]
        }
    ) == ("q", "a")
    assert texts_of({"conversations": [{"from": "human", "value": "q"}, {"from": "gpt", "value": "a"}]}) == (
        "q",
        "a",
    )
    assert texts_of({"prompt": "q", "completion": "a"}) == ("q", "a")
    assert texts_of({"instruction": "q", "input": "ctx", "output": "a"}) == ("q\nctx", "a")
    assert texts_of({"something": 1}) is None
    assert texts_of([1, 2]) is None


def _eval_file(tmp_path, rows):
    path = tmp_path / "eval.jsonl"
    write_jsonl(path, rows)
    return path


def test_against_drops_and_flags(tmp_path):
    leaked = _text(20, k=60)
    rows = [
        {
            "messages": [
                {"role": "user", "content": "held-out question"},
                {"role": "assistant", "content": leaked},
            ]
        },
        {"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": ""}]},
    ]
    ev = _eval_file(tmp_path, rows)
    exs = [
        example("l1", "some other wording", leaked.replace(leaked.split(" ")[5], "edited")),
        example("l2", "q", _text(21, k=60)),
        example("l3", "q", ""),  # an empty answer never matches an empty held-out answer
    ]
    dropped = run_dedup(tmp_path, exs, against=[str(ev)], name="drop")
    assert [r["id"] for r in dropped["rejects"]] == ["l1"]
    r = dropped["rejects"][0]
    assert r["code"] == "held-out-duplicate" and r["kind"] == "skipped"
    assert r["details"]["against"] == str(ev) and r["details"]["line"] == 1
    assert r["details"]["similarity"] >= 0.8
    flagged = run_dedup(tmp_path, exs, against=[str(ev)], against_action="flag", name="flag")
    assert flagged["rejects"] == []
    f = {k["id"]: k["flags"] for k in flagged["kept"]}
    assert [x["code"] for x in f["l1"]] == ["held-out-duplicate"] and f["l2"] == [] and f["l3"] == []
    assert f["l1"][0]["check"] == "duplicate"


def test_cli_dedup_with_against(tmp_path):
    leaked = _text(30, k=60)
    ev = _eval_file(tmp_path, [{"prompt": "q", "completion": leaked}])
    src = tmp_path / "pairs.jsonl"
    same = _text(31, k=60)
    write_jsonl(
        src,
        [
            example("c1", "q1", same).to_dict(),
            example("c2", "q2", same + " ").to_dict(),
            example("c3", "q3", leaked).to_dict(),
            example("c4", "q4", _text(32, k=60)).to_dict(),
        ],
    )
    src.open("a", encoding="utf-8").write("not json\n")
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    res = CliRunner().invoke(
        main,
        [
            "dedup",
            str(src),
            "-o",
            str(out),
            "--rejects",
            str(rej),
            "--against",
            str(ev),
            "--workers",
            "1",
            "--compare",
            "assistant",
        ],
    )
    assert res.exit_code == 0, res.output
    kept = [json.loads(x)["id"] for x in out.read_text().splitlines()]
    assert kept == ["c1", "c4"]
    codes = sorted(json.loads(x)["code"] for x in rej.read_text().splitlines())
    assert codes == ["bad-record", "exact-duplicate", "held-out-duplicate"]
    assert "4 in, 2 kept" in res.output


def test_cli_dedup_bad_usage(tmp_path):
    res = CliRunner().invoke(
        main, ["dedup", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl")]
    )
    assert res.exit_code == 2
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [example("z1", "q", _text(40)).to_dict(), example("z2", "q", _text(41)).to_dict()])
    res = CliRunner().invoke(
        main, ["dedup", str(src), "-o", str(tmp_path / "o.jsonl"), "--against", str(tmp_path / "nope.jsonl")]
    )
    assert res.exit_code == 2
    assert "nope.jsonl" in res.output
    res = CliRunner().invoke(main, ["dedup", str(src), "-o", str(tmp_path / "o.jsonl"), "--threshold", "1.5"])
    assert res.exit_code == 2


def test_read_sets_rejects_a_file_with_nothing_to_compare(tmp_path):
    p = tmp_path / "empty.jsonl"
    p.write_text('{"a": 1}\nnot json\n', encoding="utf-8")
    import pytest

    from fine_prep.errors import InputError

    with pytest.raises(InputError, match="empty.jsonl"):
        read_sets([str(p)])


def test_text_sketches_min_tokens_skips_short_texts():
    from fine_prep.dedup.leakage import TextSketches

    long_a = _text(4)
    long_b = long_a.replace(long_a.split(" ")[10], "changed", 1)
    index = TextSketches(min_tokens=30)
    for t in ("Thank you!", long_a, "Thank you!", long_b, ""):
        index.add(t)
    pairs = [(i, j) for i, j, _ in index.pairs(0.8)]
    # The short copies are neither exact nor near duplicates under min_tokens; the long ones are.
    assert pairs == [(1, 3)]
    plain = TextSketches()
    for t in ("Thank you!", long_a, "Thank you!", long_b, ""):
        plain.add(t)
    assert [(i, j) for i, j, _ in plain.pairs(0.8)] == [(0, 2), (1, 3)]
