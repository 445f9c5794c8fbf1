"""Configuration: precedence, validation naming the key, the example file kept in sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from fine_prep.config import DatasetConfig, RunConfig, example_toml, load_config
from fine_prep.errors import ConfigError
from fine_prep.ingest.base import IngestConfig

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "fine-prep.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_defaults_then_file_then_flags(tmp_path: Path) -> None:
    assert load_config().get(RunConfig).workers == 0
    p = write(tmp_path, '[run]\nworkers = 3\nseed = 7\n[dataset]\nlanguages = ["en", "zh-Hant"]\n')
    cfg = load_config(p)
    assert cfg.get(RunConfig).workers == 3 and cfg.get(RunConfig).seed == 7
    assert cfg.get(DatasetConfig).languages == ("en", "zh-Hant")
    # a flag the user typed wins; a flag left unset (None) does not erase the file's value
    cfg = load_config(p, {"run": {"workers": 1, "seed": None}})
    assert cfg.get(RunConfig).workers == 1 and cfg.get(RunConfig).seed == 7


@pytest.mark.parametrize(
    "text,message",
    [
        ("[run]\nworkerz = 2\n", r"unknown key \[run\].workerz"),
        ("[nope]\nx = 1\n", r"unknown section \[nope\]"),
        ('[run]\nworkers = "two"\n', r"\[run\].workers: expected a whole number, got a string"),
        ("[run]\nval_fraction = true\n", r"\[run\].val_fraction: expected a number"),
        ("[ingest]\nstaff = 5\n", r"\[ingest\].staff: expected a list"),
        ("[run\nworkers = 2\n", r"not valid TOML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, text))


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "missing.toml")


def test_a_single_string_is_accepted_for_a_list() -> None:
    cfg = load_config(None, {"ingest": {"staff": "@harbourlanetea.example"}})
    assert cfg.get(IngestConfig).staff == ("@harbourlanetea.example",)


def test_example_file_is_complete_and_in_sync() -> None:
    text = example_toml()
    checked_in = (ROOT / "fine-prep.example.toml").read_text(encoding="utf-8")
    assert checked_in == text, "regenerate with: fine-prep config --example > fine-prep.example.toml"
    # and it loads as a valid config that equals the defaults
    cfg = load_config(ROOT / "fine-prep.example.toml")
    assert cfg.to_dict() == load_config().to_dict()


def test_resolved_config_is_plain_data() -> None:
    import json

    data = load_config().to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["run"]["provider"] == "openai"


def test_secret_settings_are_hidden_where_printed_or_recorded(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from fine_prep.cli import main
    from fine_prep.config import SECRET

    p = write(tmp_path, '[redact]\nmode = "hash"\nsalt = "s3cr3t-pepper"\n')
    cfg = load_config(p)
    assert cfg.to_dict()["redact"]["salt"] == "s3cr3t-pepper"  # workers still get it
    assert cfg.to_dict(hide_secrets=True)["redact"]["salt"] == SECRET
    res = CliRunner().invoke(main, ["config", "--config", str(p)])
    assert res.exit_code == 0 and "s3cr3t-pepper" not in res.output and SECRET in res.output
