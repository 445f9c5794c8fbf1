"""Fixtures of the report tests: a run over sample_data, shared per session (it takes seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from report_helpers import run_sample


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """One run over sample_data into a temporary folder (shared by the report tests)."""
    out = tmp_path_factory.mktemp("report-run") / "out"
    yield run_sample(out)
