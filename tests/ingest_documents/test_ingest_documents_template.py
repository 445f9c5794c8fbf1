"""Instruction templates and the per-document mapping file."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_documents_helpers import doc_config, examples, ingest_rows, rejects

from fine_prep.cli import main
from fine_prep.errors import ConfigError
from fine_prep.ingest.base import IngestContext, InputFile
from fine_prep.ingest.documents.common import (
    BUILTIN_PLACEHOLDERS,
    Block,
    Document,
    DocumentsConfig,
    Template,
    document_examples,
)

KNOWN = frozenset(BUILTIN_PLACEHOLDERS)


def _doc(folder: Path, name: str = "returns_policy.md") -> Path:
    path = folder / name
    path.write_text(
        "# Returns Policy\n\nIntro line.\n\n## Windows\n\nSeven days.\n\n## Refunds\n\nThree working days.\n",
        encoding="utf-8",
    )
    return path


def test_default_templates(tmp_path) -> None:
    path = _doc(tmp_path)
    [ex] = examples(ingest_rows([str(path)], doc_config()))
    assert ex["messages"][0] == {"role": "user", "content": 'Write our document "Returns Policy".'}
    assert ex["messages"][1]["content"].startswith("# Returns Policy\n\nIntro line.")
    assert "ref" not in ex["source"]  # a whole document has no section reference


def test_custom_templates_use_filename_title_and_heading(tmp_path) -> None:
    path = _doc(tmp_path)
    cfg = doc_config(
        split_by="heading",
        instruction="unused",
        section_instruction="{filename} / {title} / {heading} {{literal}}",
    )
    users = [ex["messages"][0]["content"] for ex in examples(ingest_rows([str(path)], cfg))]
    assert users == [
        "returns_policy.md / Returns Policy / Returns Policy {literal}",
        "returns_policy.md / Returns Policy / Windows {literal}",
        "returns_policy.md / Returns Policy / Refunds {literal}",
    ]


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("Write {titel}", "unknown placeholder {titel}"),
        ("Write {title", "bad template"),
        ("Write {title!r}", "format spec or conversion"),
        ("Write {title:>20}", "format spec or conversion"),
        ("Write {}", "empty placeholder"),
        ("Write {0}", "unknown placeholder {0}"),
    ],
)
def test_bad_template_is_a_config_error_naming_it(template: str, words: str) -> None:
    with pytest.raises(ConfigError, match="documents") as exc:
        doc_config(instruction=template)
    assert words in str(exc.value)
    with pytest.raises(ConfigError, match="section_instruction"):
        doc_config(section_instruction=template)


def test_bad_template_in_config_file_exits_2(tmp_path) -> None:
    toml = tmp_path / "fine-prep.toml"
    toml.write_text('[documents]\ninstruction = "Explain {policy_name}"\n', encoding="utf-8")
    doc = _doc(tmp_path)
    res = CliRunner().invoke(
        main, ["ingest", str(doc), "-o", str(tmp_path / "o.jsonl"), "--config", str(toml)]
    )
    assert res.exit_code == 2
    assert "{policy_name}" in res.output


def test_split_by_option_on_the_cli(tmp_path) -> None:
    doc = _doc(tmp_path)
    out = tmp_path / "o.jsonl"
    res = CliRunner().invoke(main, ["ingest", str(doc), "--split-by", "heading", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source"]["ref"] for r in rows] == ["Returns Policy", "Windows", "Refunds"]
    assert [r["source"]["line"] for r in rows] == [3, 5, 9]
    assert {r["meta"]["group"] for r in rows} == {str(doc)}
    res = CliRunner().invoke(main, ["ingest", str(doc), "--split-by", "chapter", "-o", str(out)])
    assert res.exit_code == 2


def test_csv_mapping_gives_per_document_instructions(tmp_path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    a = _doc(docs, "returns_policy.md")
    b = _doc(docs, "shipping.md")
    c = _doc(docs, "other.md")
    mapping = tmp_path / "mapping.csv"
    mapping.write_text(
        "filename,question,instruction,system\n"
        "returns_policy.md,How do returns work?,,You are the returns desk.\n"
        'docs/shipping.md,Where do you ship?,"Customer asks: {question} (see {title})",\n',
        encoding="utf-8",
    )
    cfg = doc_config(mapping=str(mapping), instruction="{question}")
    rows = ingest_rows([str(a), str(b), str(c)], cfg)
    ex = examples(rows)
    assert ex[0]["messages"] == [
        {"role": "system", "content": "You are the returns desk."},
        {"role": "user", "content": "How do returns work?"},
        ex[0]["messages"][2],
    ]
    assert ex[1]["messages"][0] == {
        "role": "user",
        "content": "Customer asks: Where do you ship? (see Returns Policy)",
    }
    [rej] = rejects(rows)
    assert rej["code"] == "no-mapping-row" and "{question}" in rej["message"] and "other.md" in rej["message"]


def test_json_mapping_object_form_and_title_override(tmp_path) -> None:
    doc = _doc(tmp_path, "Returns_Policy.md")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"returns_policy.md": {"title": "退貨政策", "tone": "polite"}}, ensure_ascii=False),
        encoding="utf-8",
    )
    cfg = doc_config(mapping=str(mapping), instruction="[{tone}] {title}")
    [ex] = examples(ingest_rows([str(doc)], cfg))  # matched case-insensitively
    assert ex["messages"][0]["content"] == "[polite] 退貨政策"
    assert ex["meta"]["document"]["title_from"] == "mapping"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("m.csv", "file,question\nx.md,q\n", "needs a 'filename' column"),
        ("m.csv", "filename,question\nx.md,q\nx.md,r\n", "row 3 repeats the filename of row 2"),
        (
            "m.csv",
            "filename,instruction\nx.md,Say {nope}\n",
            "row 2: instruction: unknown placeholder {nope}",
        ),
        ("m.json", '[{"filename": "x.md", "q": ["a"]}]', "row 1: value of 'q' must be text"),
        ("m.json", "{not json", "not JSON"),
        ("m.csv", "", "empty"),
    ],
)
def test_bad_mapping_file_is_a_config_error(tmp_path, name: str, content: str, words: str) -> None:
    mapping = tmp_path / name
    mapping.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        doc_config(mapping=str(mapping))
    assert words in str(exc.value)


def test_missing_mapping_file_is_a_config_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        doc_config(mapping=str(tmp_path / "absent.csv"))


def test_mapping_column_makes_a_placeholder_known(tmp_path) -> None:
    mapping = tmp_path / "m.csv"
    mapping.write_text("filename,audience\nx.md,staff\n", encoding="utf-8")
    doc_config(mapping=str(mapping), instruction="For {audience}: {title}")  # no error
    with pytest.raises(ConfigError, match="unknown placeholder {audience}"):
        doc_config(instruction="For {audience}: {title}")


# ---------------------------------------------------------------------------- properties

values = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=300, deadline=None)
@given(title=values, filename=values, heading=values)
def test_rendering_never_raises_on_arbitrary_values(title: str, filename: str, heading: str) -> None:
    template = Template.parse('Write "{heading}" of {title} ({filename}) {{x}}', "t", KNOWN)
    out = template.render({"title": title, "filename": filename, "heading": heading})
    assert out == f'Write "{heading}" of {title} ({filename}) {{x}}'


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
def test_parsing_any_template_is_a_template_or_a_config_error(text: str) -> None:
    try:
        template = Template.parse(text, "t", KNOWN)
    except ConfigError:
        return
    assert set(template.names) <= KNOWN
    rendered = template.render(dict.fromkeys(KNOWN, "V"))
    assert isinstance(rendered, str)


@settings(max_examples=100, deadline=None)
@given(title=values)
def test_documents_with_arbitrary_titles_become_examples(title: str) -> None:
    cfg = _defaults()
    item = InputFile(Path("x.md"), "x.md")
    doc = Document([Block("Body text.")], title=title)
    [ex] = document_examples(doc, item, "markdown", cfg.get(DocumentsConfig), None, IngestContext(cfg))
    assert ex.messages[0].content.startswith("Write our document")
    assert ex.messages[1].content == "Body text."


@functools.cache
def _defaults():
    return doc_config()


def test_split_min_chars_keeps_short_documents_whole(tmp_path) -> None:
    path = _doc(tmp_path)  # about 90 characters
    split = examples(ingest_rows([str(path)], doc_config(split_by="heading", split_min_chars=50)))
    assert len(split) == 3
    whole = examples(ingest_rows([str(path)], doc_config(split_by="heading", split_min_chars=500)))
    assert len(whole) == 1 and whole[0]["messages"][0]["content"] == 'Write our document "Returns Policy".'
    with pytest.raises(ConfigError, match="split_min_chars"):
        doc_config(split_min_chars=-1)


def test_an_empty_instruction_is_a_reject_not_an_empty_message(tmp_path) -> None:
    path = _doc(tmp_path)
    mapping = tmp_path / "m.csv"
    mapping.write_text("filename,question\nreturns_policy.md,\n", encoding="utf-8")
    rows = ingest_rows([str(path)], doc_config(mapping=str(mapping), instruction="{question}"))
    assert [r["code"] for r in rejects(rows)] == ["empty-instruction"]
    assert not examples(rows)
