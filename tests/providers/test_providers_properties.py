"""Property tests: writers round-trip through the gate; the gate never crashes on any input."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fine_prep.errors import InputError
from fine_prep.providers.base import PROVIDERS, CannotExpress, conversation
from fine_prep.providers.validate import Report, validate_file
from fine_prep.record import Example, Message, Source, dumps
from fine_prep.schemas import schema_errors
from tests.providers.helpers_providers import ALL, gate_config

# Texts as real exports have them: English, Chinese, emoji, line breaks, U+2028, tabs,
# special-token look-alikes, and whitespace-only ones.
TEXT = st.one_of(
    st.text(min_size=0, max_size=80),
    st.sampled_from(
        ["", "  ", "\n", "<|endoftext|>", "你好，請問幾點開門？", "OK 👍", "a\u2028b", "line1\r\nline2"]
    ),
)
ROLE = st.sampled_from(["user", "assistant"])


@st.composite
def canonical(draw: st.DrawFn) -> Example:
    turns = draw(st.lists(st.tuples(ROLE, TEXT), min_size=0, max_size=6))
    msgs = [Message(r, t) for r, t in turns]
    # the canonical contract: at least one user and one assistant message
    msgs.append(Message("user", draw(TEXT)))
    msgs.append(Message("assistant", draw(TEXT)))
    if draw(st.booleans()):
        msgs.insert(0, Message("system", draw(TEXT)))
    meta = {"loss": "last"} if draw(st.booleans()) else {}
    return Example("t-" + str(draw(st.integers(0, 10**9))), msgs, Source("test", "t.jsonl"), meta=meta)


CFG = gate_config(token_count="auto")


@pytest.mark.parametrize("name", ALL)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(examples=st.lists(canonical(), min_size=1, max_size=5))
def test_writer_output_passes_its_validator(name: str, examples: list[Example]) -> None:
    provider = PROVIDERS.get(name)
    lines = []
    for ex in examples:
        try:
            conversation(ex)
        except CannotExpress:
            with pytest.raises(CannotExpress):
                provider.write(ex)
            continue
        obj = provider.write(ex)
        assert schema_errors(provider.schema, obj) == []
        lines.append(dumps(obj))
    if not lines:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "train.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        report = validate_file(str(path), name, CFG)
    errors = [(f.line, f.code, f.message) for f in report.findings if f.severity == "error"]
    assert errors == []
    warns = {f.code for f in report.findings if f.severity == "warn"}
    # exact duplicates may be drawn; nothing else may warn on a writer's output
    assert warns <= {"duplicate"}
    assert report.examples == len(lines)


KEYS = [
    "messages", "role", "content", "weight", "system", "contents", "parts", "text", "model", "user",
    "assistant", "prompt", "completion", "instruction", "output", "input", "history", "conversations",
    "from", "value", "tool_calls", "tool_call_id", "systemInstruction", "fileData", "name", "tools",
    "preferred_output", "non_preferred_output", "gpt", "human", "system_prompt", "mimeType", "fileUri",
]  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=25,
)


@pytest.mark.parametrize("name", ALL)
@settings(max_examples=100, deadline=None)
@given(obj=st.dictionaries(st.sampled_from(KEYS), JSON, max_size=4))
def test_rules_never_raise_and_agree_with_the_schema(name: str, obj: dict) -> None:
    provider = PROVIDERS.get(name)
    findings = provider.check(obj, 1)
    turns = provider.turns(obj)
    provider.count_tokens(obj)
    if hasattr(provider, "check_turns"):  # the gate's one-pass form says exactly the same
        assert provider.check_turns(obj, 1) == (findings, turns)
    shape = [f for f in findings if f.severity == "error" and f.code in provider.shape_codes]
    assert bool(schema_errors(provider.schema, obj)) == bool(shape), [f.message for f in findings]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, dict]:
    """A valid written line with one small defect: a key removed or added, a value retyped."""
    name = draw(st.sampled_from(ALL))
    ex = draw(canonical().filter(lambda e: _expressible(e)))
    obj = json.loads(dumps(PROVIDERS.get(name).write(ex)))
    paths = list(_paths(obj))
    path = draw(st.sampled_from(paths))
    parent, key = path
    action = draw(st.sampled_from(["delete", "retype", "add"]))
    if action == "delete" and isinstance(parent, dict):
        del parent[key]
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["extra", "weight", "role", "name"]))] = draw(JSON)
    else:
        parent[key] = draw(JSON)
    return name, obj


def _expressible(ex: Example) -> bool:
    try:
        conversation(ex)
    except CannotExpress:
        return False
    return True


def _paths(obj: object):  # type: ignore[no-untyped-def]
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield obj, k
            yield from _paths(v)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield obj, i
            yield from _paths(v)


@settings(max_examples=300, deadline=None)
@given(case=mutated())
def test_schema_and_rules_agree_on_near_valid_lines(case: tuple[str, dict]) -> None:
    name, obj = case
    provider = PROVIDERS.get(name)
    shape = [f for f in provider.check(obj, 1) if f.severity == "error" and f.code in provider.shape_codes]
    assert bool(schema_errors(provider.schema, obj)) == bool(shape), [f.message for f in shape]


@settings(max_examples=200, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.lists(
            st.one_of(st.binary(max_size=60), JSON.map(lambda v: json.dumps(v).encode())), max_size=6
        ).map(b"\n".join),
    ),
    name=st.sampled_from(ALL),
)
def test_gate_never_raises_on_arbitrary_bytes(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.jsonl"
        path.write_bytes(data)
        try:
            report = validate_file(str(path), name, gate_config())
        except InputError as exc:
            assert str(exc).startswith(str(path))
            assert "\n" not in str(exc)
            return
    assert isinstance(report, Report)
    assert report.examples >= 1
