"""Each rule of each provider: a failing fixture and the line the gate names; good fixtures pass."""

from __future__ import annotations

import json

import pytest

from fine_prep.providers.base import PROVIDERS
from fine_prep.providers.validate import validate_file
from fine_prep.schemas import schema_errors
from tests.providers.helpers_providers import ALL, DATA, gate_config

CASES = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


def test_every_provider_of_design_is_registered() -> None:
    from fine_prep.config import load_builtins

    load_builtins()
    assert set(ALL) <= set(PROVIDERS.names())


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_fixture_names_its_line(case: dict) -> None:
    report = validate_file(str(DATA / case["file"]), case["provider"], gate_config())
    hits = [f for f in report.findings if f.code == case["code"]]
    assert hits, f"no {case['code']} in {[(f.line, f.code) for f in report.findings]}"
    assert {f.line for f in hits} == {case["line"]}
    assert {f.severity for f in hits} == {case["severity"]}
    # nothing is reported on the good lines around it
    assert {f.line for f in report.findings} <= {case["line"], 0}
    assert report.failed == (case["severity"] == "error")


def test_every_rule_code_has_a_fixture() -> None:
    covered = {(c["provider"], c["code"]) for c in CASES}
    per_provider = {p: {code for q, code in covered if q == p} for p in ALL}
    assert all(per_provider[p] for p in ALL), per_provider
    # the shape codes each schema mirrors are all exercised somewhere
    all_codes = {code for _, code in covered}
    for p in ALL:
        assert PROVIDERS.get(p).shape_codes <= all_codes | {"unknown-format"}


GOOD = sorted(DATA.glob("*/good/*.jsonl"))


@pytest.mark.parametrize("path", GOOD, ids=[f"{p.parent.parent.name}/{p.name}" for p in GOOD])
def test_good_fixture_passes(path) -> None:  # type: ignore[no-untyped-def]
    provider = path.parent.parent.name
    report = validate_file(str(path), provider, gate_config())
    errors = [(f.line, f.code, f.message) for f in report.findings if f.severity == "error"]
    assert errors == []
    assert not report.failed
    assert report.examples >= 1
    # and the JSON Schema agrees with every line
    for line in path.read_text(encoding="utf-8").splitlines():
        assert schema_errors(PROVIDERS.get(provider).schema, json.loads(line)) == []


def test_not_utf8_gives_the_byte_offset() -> None:
    path = DATA / "openai" / "bad" / "not-utf8.jsonl"
    raw = path.read_bytes()
    report = validate_file(str(path), "openai", gate_config())
    (f,) = [f for f in report.findings if f.code == "not-utf8"]
    offset = raw.index(b"\xe9")
    assert f.message == f"bad byte at file offset {offset}"


def test_bad_fixtures_fail_the_schema_when_a_shape_code_is_reported() -> None:
    """The schema and the hand-written rules agree on every fixture line."""
    for case in CASES:
        provider = PROVIDERS.get(case["provider"])
        text = (DATA / case["file"]).read_bytes()
        for number, raw in enumerate(text.splitlines(), start=1):
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue
            if not isinstance(obj, dict):
                continue
            shape = [
                f
                for f in provider.check(obj, number)
                if f.severity == "error" and f.code in provider.shape_codes
            ]
            assert bool(schema_errors(provider.schema, obj)) == bool(shape), (case["file"], number, shape)
