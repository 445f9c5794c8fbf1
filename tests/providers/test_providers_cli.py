"""``fine-prep validate`` through click: output lines, capping, --json, exit codes 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fine_prep.cli.app import main
from fine_prep.record import dumps
from tests.providers.helpers_providers import DATA, DISTINCT

ROWS = [
    {"messages": [{"role": "user", "content": u}, {"role": "assistant", "content": a}]} for u, a in DISTINCT
]


def run(*args: str, input: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["validate", *args, "--no-pii"], input=input, catch_exceptions=False)


def write(path: Path, rows: list) -> str:
    path.write_text("".join((r if isinstance(r, str) else dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_pass_exits_0_with_summary(tmp_path: Path) -> None:
    path = write(tmp_path / "train.jsonl", ROWS)
    res = run(path, "--provider", "openai")
    assert res.exit_code == 0, res.output
    assert f"{path}: train, 12 examples on 12 lines" in res.output
    assert "estimated training cost $" in res.output and "x 8 epochs" in res.output
    assert res.output.rstrip().endswith("PASS (openai)")


def test_fail_exits_1_with_file_line_severity_code(tmp_path: Path) -> None:
    rows = [*ROWS, {"messages": [{"role": "user", "content": "q"}]}]
    path = write(tmp_path / "train.jsonl", rows)
    res = run(path, "--provider", "openai")
    assert res.exit_code == 1
    assert f"{path}:13: error no-assistant no assistant message" in res.output.splitlines()
    assert res.output.rstrip().endswith("FAIL (openai)")


def test_findings_are_grouped_and_capped_per_code(tmp_path: Path) -> None:
    rows = [*ROWS, *["{bad json"] * 30, *[{"messages": [{"role": "user", "content": "q"}]}] * 2]
    path = write(tmp_path / "train.jsonl", rows)
    res = run(path, "--provider", "openai")
    lines = res.output.splitlines()
    not_json = [ln for ln in lines if " error not-json " in ln]
    assert len(not_json) == 20  # [validate] max_per_code
    assert f"{path}: 30 x not-json, 10 not shown" in lines
    assert f"{path}: 2 x no-assistant" in lines
    # grouped: errors first, each code's lines together, in line order
    codes = [
        ln.split()[2] for ln in lines if ln.startswith(f"{path}:") and ln.split()[1] in ("error", "warn")
    ]
    assert codes == ["no-assistant"] * 2 + ["not-json"] * 20 + ["duplicate"]  # the two bad rows are equal
    numbers = [int(ln.split(":")[1]) for ln in not_json]
    assert numbers == sorted(numbers)


def test_json_output(tmp_path: Path) -> None:
    train = write(tmp_path / "train.jsonl", [*ROWS, ROWS[0]])
    val = write(
        tmp_path / "val.jsonl",
        [
            ROWS[1],
            {"messages": [{"role": "user", "content": "new"}, {"role": "assistant", "content": "one"}]},
        ],
    )
    res = run(train, "--provider", "openai", "--validation-file", val, "--json")
    assert res.exit_code == 1
    doc = json.loads(res.output)
    assert doc["passed"] is False
    assert [(f["file"], f["line"], f["code"]) for f in doc["findings"]] == [
        (train, 13, "duplicate"),
        (val, 1, "leakage"),
    ]
    assert [f["role"] for f in doc["summary"]["files"]] == ["train", "validation"]
    assert doc["summary"]["cost"]["epochs"] == 7
    assert doc["checks"]["residual-pii"] == "off"


def test_fail_on_and_allow_flags(tmp_path: Path) -> None:
    path = write(tmp_path / "train.jsonl", [*ROWS, ROWS[0]])
    assert run(path).exit_code == 0
    assert run(path, "--fail-on", "duplicate").exit_code == 1
    bad = write(tmp_path / "bad.jsonl", [*ROWS, {"messages": [{"role": "user", "content": "q"}]}])
    assert run(bad, "--allow", "no-assistant").exit_code == 0
    # --fail-on adds to the defaults: errors still fail
    assert run(bad, "--fail-on", "duplicate").exit_code == 1


def test_standard_input(tmp_path: Path) -> None:
    data = "".join(dumps(r) + "\n" for r in ROWS).encode()
    res = run("-", "--provider", "openai", input=data)
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: p.write_bytes(bytes(range(256)) * 10), "binary data"),
        (lambda p: p.write_bytes(b"x" * (2 << 20)), "no JSON object"),
        (lambda p: None, "no such file"),
    ],
    ids=["directory", "empty", "binary", "one-enormous-line", "missing"],
)
def test_unusable_input_exits_2_with_one_line(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "in.jsonl"
    make(path)
    res = CliRunner().invoke(main, ["validate", str(path), "--config", str(_cfg(tmp_path))])
    assert res.exit_code == 2
    assert message in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert "Traceback" not in res.output


def _cfg(tmp_path: Path) -> Path:
    cfg = tmp_path / "fine-prep.toml"
    cfg.write_text("[validate]\nmax_line_mb = 1\n", encoding="utf-8")
    return cfg


def test_bad_fixture_via_cli_names_the_line() -> None:
    path = DATA / "anthropic-bedrock" / "bad" / "role-order.jsonl"
    res = run(str(path), "--provider", "anthropic-bedrock")
    assert res.exit_code == 1
    assert f"{path}:2: error role-order messages[1]: roles must alternate" in res.output.splitlines()
    assert (
        f"{path}:0: error too-few-examples 2 examples, anthropic-bedrock needs at least 32"
        in res.output.splitlines()
    )


def test_help_has_an_example() -> None:
    res = CliRunner().invoke(main, ["validate", "--help"])
    assert res.exit_code == 0 and "fine-prep validate out/train.jsonl --provider openai" in res.output


def test_several_files_as_pre_commit_passes_them(tmp_path: Path) -> None:
    good = write(tmp_path / "a.jsonl", ROWS)
    bad = write(tmp_path / "b.jsonl", [*ROWS, "{"])
    res = run(good, bad)
    assert res.exit_code == 1
    assert res.output.count("PASS (openai)") == 1 and res.output.count("FAIL (openai)") == 1
    assert run(good, good).exit_code == 0
    assert CliRunner().invoke(main, ["validate", good, bad, "--validation-file", good]).exit_code == 2
