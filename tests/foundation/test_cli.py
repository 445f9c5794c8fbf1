"""The command line: exit codes, one-line errors, help with examples, run end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fine_prep.cli import main

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(main, list(args), catch_exceptions=False)


WORDS = (
    "oolong pu'er jasmine longjing tieguanyin sencha darjeeling assam chamomile rooibos gift box "
    "delivery refund order invoice wholesale sample tin pouch teapot gaiwan cup leaves harvest "
    "spring autumn roast aroma caffeine storage humidity brewing temperature steep minutes grams "
    "price discount member points voucher pickup courier Kowloon Island weekend holiday festival"
).split()


def sentence(rng, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def qa_csv(path: Path, rows: int = 14) -> Path:
    import random

    rng = random.Random(7)
    lines = ["question,answer"]
    for i in range(rows):
        lines.append(f'"Question {i}: {sentence(rng, 12)}?","Answer {i}: {sentence(rng, 20)}."')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_command_has_help_with_an_example() -> None:
    for name, cmd in main.commands.items():
        res = invoke(name, "--help")
        assert res.exit_code == 0, name
        assert cmd.help and "Example:" in cmd.help, f"{name} needs a docstring with an Example"
        assert "fine-prep " in cmd.help.split("Example:")[1], name


def test_version() -> None:
    res = invoke("--version")
    assert res.exit_code == 0 and "fine-prep" in res.output


@pytest.mark.parametrize(
    "content,expected",
    [
        (None, "no such file or folder"),
        (b"\x00\x01\x02binary", "not a format fine-prep reads (tried:"),
        (b"", "not a format fine-prep reads"),
        (b"name,reply\nx,y\n", "missing column(s) 'question', 'answer' (found: 'name', 'reply')"),
    ],
)
def test_ingest_bad_file_is_one_line_error_exit_2(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    src = tmp_path / ("data.csv" if content and b"," in content else "data.bin")
    if content is not None:
        src.write_bytes(content)
    res = runner.invoke(main, ["ingest", str(src), "-o", str(tmp_path / "out.jsonl")])
    assert res.exit_code == 2, res.output
    assert expected in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert not (tmp_path / "out.jsonl").exists()


def test_jsonl_line_that_is_not_an_object_goes_to_rejects(tmp_path: Path) -> None:
    good = {
        "id": "a-1",
        "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}],
        "source": {"adapter": "t", "path": "p"},
    }
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(good) + "\n[1, 2, 3]\n", encoding="utf-8")
    res = invoke("ingest", str(src), "-o", str(tmp_path / "out.jsonl"))
    assert res.exit_code == 0
    assert "1 examples, 1 not kept (bad-record 1)" in res.output
    rej = [json.loads(x) for x in (tmp_path / "out.rejects.jsonl").read_text().splitlines()]
    assert rej[0]["line"] == 2 and "expected a JSON object" in rej[0]["message"]


def test_run_of_many_files_turns_a_bad_file_into_a_reject(tmp_path: Path) -> None:
    qa_csv(tmp_path / "faq.csv")
    (tmp_path / "junk.bin").write_bytes(b"\x00\x01")
    (tmp_path / "README.md").write_text("# not data\n")
    res = invoke(
        "run",
        str(tmp_path / "faq.csv"),
        str(tmp_path / "junk.bin"),
        "-o",
        str(tmp_path / "out"),
        "--workers",
        "1",
    )
    assert res.exit_code == 0, res.output
    rejects = [json.loads(x) for x in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    ingest_rejects = [r for r in rejects if r["stage"] == "ingest"]
    assert [r["code"] for r in ingest_rejects] == ["unknown-format"]
    assert ingest_rejects[0]["source"]["path"].endswith("junk.bin")


def test_run_then_validate_passes(tmp_path: Path) -> None:
    qa_csv(tmp_path / "faq.csv", rows=40)
    out = tmp_path / "out"
    res = invoke("run", str(tmp_path / "faq.csv"), "-o", str(out), "--workers", "1")
    assert res.exit_code == 0, res.output
    for name in ("train.jsonl", "validation.jsonl", "rejects.jsonl", "report.json"):
        assert (out / name).exists(), name
    report = json.loads((out / "report.json").read_text())
    assert report["export"]["train"] + report["export"]["validation"] == 40
    res = invoke("validate", str(out / "train.jsonl"), "--provider", "openai")
    assert res.exit_code == 0, res.output
    assert "PASS" in res.output


def test_validate_fails_with_exit_1_and_line_numbers(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    good = {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
    lines = [json.dumps(good)] * 11 + [
        json.dumps({"messages": [{"role": "user", "content": "only a question"}]}),
        "not json",
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = invoke("validate", str(f))
    assert res.exit_code == 1
    assert f"{f}:12: error no-assistant" in res.output
    assert f"{f}:13: error not-json" in res.output
    res = invoke("validate", str(f), "--json")
    doc = json.loads(res.output)
    assert doc["passed"] is False and doc["finding_counts"]["no-assistant"] == 1


@pytest.mark.parametrize("make", ["missing", "dir", "empty"])
def test_validate_unusable_input_is_exit_2(tmp_path: Path, make: str) -> None:
    target = tmp_path / "f.jsonl"
    if make == "dir":
        target.mkdir()
    elif make == "empty":
        target.write_bytes(b"")
    res = runner.invoke(main, ["validate", str(target)])
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 1


def test_bad_config_is_exit_2_naming_the_key(tmp_path: Path) -> None:
    cfg = tmp_path / "fine-prep.toml"
    cfg.write_text("[run]\nworkerz = 1\n")
    res = runner.invoke(main, ["config", "--config", str(cfg)])
    assert res.exit_code == 2 and "[run].workerz" in res.output


def test_internal_errors_do_not_print_input_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import fine_prep.cli.cmd_export as cmd

    def boom(*a, **k):
        raise ValueError("Chan Tai Man, 9123 4567")

    monkeypatch.setattr(cmd, "export_examples", boom)
    src = tmp_path / "in.jsonl"
    src.write_text("")
    res = runner.invoke(main, ["export", str(src), "-o", str(tmp_path / "o")])
    assert res.exit_code == 3
    assert "internal error ValueError" in res.output and "Chan" not in res.output and "9123" not in res.output


def test_stage_summaries_travel_beside_the_data_to_the_report(tmp_path: Path) -> None:
    qa_csv(tmp_path / "faq.csv", rows=20)
    pairs, unique = tmp_path / "pairs.jsonl", tmp_path / "unique.jsonl"
    assert invoke("ingest", str(tmp_path / "faq.csv"), "-o", str(pairs), "-q").exit_code == 0
    assert invoke("dedup", str(pairs), "-o", str(unique), "--workers", "1", "-q").exit_code == 0
    history = json.loads((tmp_path / "unique.summary.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in history] == ["ingest", "dedup"]
    assert history[0]["out"] == 20 and history[1]["in"] == 20
    res = invoke(
        "report", str(unique), "-o", str(tmp_path / "r.html"), "--json-out", str(tmp_path / "r.json")
    )
    assert res.exit_code == 0, res.output
    assert "no dedup stage ran" not in res.output
    assert "no redact stage ran" in res.output  # and it says what was not done


def test_strict_ingest_error_writes_no_output_or_summary(tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(b"\x00\x01")
    res = runner.invoke(main, ["ingest", str(tmp_path / "x.bin"), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.bin"]


def test_zip_members_are_walked_and_unsafe_paths_rejected(tmp_path: Path) -> None:
    import zipfile

    qa_csv(tmp_path / "faq.csv", rows=12)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(tmp_path / "faq.csv", "inner/faq.csv")
        zf.writestr("../escape.csv", "question,answer\nq,a\n")
    out = tmp_path / "out"
    res = invoke("run", str(archive), "-o", str(out), "--workers", "1", "-q")
    assert res.exit_code == 0, res.output
    assert not (tmp_path.parent / "escape.csv").exists()
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    unsafe = [r for r in rejects if r["code"] == "unsafe-zip-member"]
    assert len(unsafe) == 1 and "member #2" in unsafe[0]["message"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["stages"][0]["out"] == 12
    train = (out / "train.jsonl").read_text(encoding="utf-8") + (out / "validation.jsonl").read_text(
        encoding="utf-8"
    )
    assert len(train.splitlines()) == 12
