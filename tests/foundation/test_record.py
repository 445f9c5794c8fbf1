"""The canonical record: round trip, schema agreement, line numbers, atomic writes, ids."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fine_prep.errors import InputError
from fine_prep.record import (
    Example,
    Flag,
    Message,
    RecordError,
    Reject,
    Source,
    UniqueIds,
    atomic_output,
    check_shape,
    make_id,
    read_examples,
    write_jsonl,
)
from fine_prep.schemas import schema_errors

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)


@st.composite
def examples(draw: st.DrawFn) -> Example:
    n_rounds = draw(st.integers(1, 3))
    msgs = []
    if draw(st.booleans()):
        msgs.append(Message("system", draw(text)))
    for _ in range(n_rounds):
        msgs.append(Message("user", draw(text)))
        msgs.append(Message("assistant", draw(text)))
    flags = [
        Flag(draw(st.sampled_from(["language", "style", "pii"])), "some-code", "warn", draw(text))
        for _ in range(draw(st.integers(0, 2)))
    ]
    meta = draw(st.dictionaries(st.text(min_size=1, max_size=5), st.integers() | text, max_size=3))
    src = Source(draw(st.sampled_from(["mbox", "whatsapp"])), draw(text), draw(st.none() | text))
    return Example(make_id("t", draw(text)), msgs, src, meta, flags)


@settings(max_examples=150, deadline=None)
@given(st.lists(examples(), min_size=1, max_size=5))
def test_jsonl_round_trip_is_identity(tmp_path_factory: pytest.TempPathFactory, exs: list[Example]) -> None:
    path = tmp_path_factory.mktemp("rt") / "x.jsonl"
    write_jsonl(path, exs)
    back = list(read_examples(path))
    assert back == exs
    # and every written line matches the JSON Schema the docs publish
    for line in path.read_text(encoding="utf-8").splitlines():
        assert schema_errors("canonical", json.loads(line)) == []


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | text,
        lambda c: st.lists(c, max_size=3) | st.dictionaries(text, c, max_size=3),
        max_leaves=10,
    )
)
def test_fast_shape_check_agrees_with_schema(obj: object) -> None:
    try:
        check_shape(obj)
        fast_ok = True
    except RecordError:
        fast_ok = False
    if fast_ok:
        assert schema_errors("canonical", obj) == []


@pytest.mark.parametrize(
    "line,expected",
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"id": "a", "messages": []}', "'messages' must be a non-empty list"),
        (
            '{"id": "a", "messages": [{"role": "user", "content": "q"}], "source": {"adapter": "x", "path": "p"}}',
            "at least one user and one assistant",
        ),
        ('{"id": "a", "messages": [{"role": "bot", "content": "q"}]}', "role must be one of"),
        ("{not json", "not JSON"),
    ],
)
def test_bad_lines_become_rejects_with_line_numbers(tmp_path, line: str, expected: str) -> None:
    good = json.dumps(
        Example("g-1", [Message("user", "q"), Message("assistant", "a")], Source("t", "p")).to_dict()
    )
    path = tmp_path / "in.jsonl"
    path.write_text(f"{good}\n\n{line}\n{good}\n", encoding="utf-8")
    out = list(read_examples(path))
    assert [type(o) for o in out] == [Example, Reject, Example]
    rej = out[1]
    assert rej.line == 3 and rej.code == "bad-record"
    assert expected in rej.message and rej.message.startswith(f"{path}:3: ")


def test_bad_utf8_names_line_and_byte_offset(tmp_path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": "\xff"}\n')
    rej = list(read_examples(path))[1]
    assert isinstance(rej, Reject) and rej.line == 2
    assert "not UTF-8: bad byte at offset 16" in rej.message


def test_reject_messages_never_quote_content(tmp_path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "x", "messages": "Chan Tai Man 9123 4567"}\n', encoding="utf-8")
    rej = list(read_examples(path))[0]
    assert "Chan" not in rej.message and "9123" not in rej.message


def test_missing_file_and_directory_are_input_errors(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_examples(tmp_path / "nope.jsonl"))
    with pytest.raises(InputError, match="is a directory"):
        list(read_examples(tmp_path))


def test_ids_are_stable_and_made_unique() -> None:
    assert make_id("em", "a", "b") == make_id("em", "a", "b") == "em-" + make_id("x", "a", "b")[2:]
    assert make_id("em", "a", "b") != make_id("em", "ab", "")
    u = UniqueIds()
    assert [u("a"), u("a"), u("b"), u("a")] == ["a", "a-2", "b", "a-3"]


def test_atomic_output_leaves_nothing_on_error(tmp_path) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError):
        with atomic_output(target) as fh:
            fh.write("partial\n")
            raise RuntimeError("boom")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_killed_writer_leaves_no_complete_looking_output(tmp_path) -> None:
    target = tmp_path / "out.jsonl"
    script = textwrap.dedent(
        f"""
        import sys, time
        from fine_prep.record import atomic_output
        with atomic_output({str(target)!r}) as fh:
            for i in range(10**9):
                fh.write('{{"n": %d}}\\n' % i)
                if i == 1000:
                    fh.flush(); print("writing", flush=True)
                if i > 1000:
                    time.sleep(0.001)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not target.exists()
    leftovers = [p.name for p in tmp_path.iterdir()]
    assert leftovers and all(name.startswith(".out.jsonl.tmp-") for name in leftovers)


def test_atomic_output_to_missing_folder_is_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        with atomic_output(tmp_path / "no" / "x.jsonl"):
            pass


def test_atomic_output_has_ordinary_file_mode(tmp_path) -> None:
    old = os.umask(0o022)
    try:
        with atomic_output(tmp_path / "x.jsonl") as fh:
            fh.write("{}\n")
    finally:
        os.umask(old)
    assert (tmp_path / "x.jsonl").stat().st_mode & 0o777 == 0o644
