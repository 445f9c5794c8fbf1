"""Session-wide fixtures for the PII tests: the real engine and stage, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "pii"
BUSINESS_KEEP = ("Harbour Lane Tea Co.",)


@pytest.fixture(scope="session")
def pii_engine():
    """The real engine (spaCy model + Presidio) with the business name kept, built once."""
    from fine_prep.pii.engine import PiiEngine

    return PiiEngine(keep=BUSINESS_KEEP)


@pytest.fixture(scope="session")
def redact_stage():
    """The redact stage with default settings (placeholder mode), built once."""
    from fine_prep.pii.stage import RedactConfig, RedactStage

    return RedactStage(RedactConfig(keep=BUSINESS_KEEP))


@pytest.fixture(scope="session")
def eval_records():
    from fine_prep.pii.evaluate import load_set

    return load_set(DATA / "eval_set.jsonl")


@pytest.fixture(scope="session")
def holdout_records():
    from fine_prep.pii.evaluate import load_set

    return load_set(DATA / "eval_holdout.jsonl")
