"""Shared fixtures: one build of the bundled examples per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "daily_papers"


@pytest.fixture(scope="session")
def example_result():
    """BuildResult of the bundled examples (graph only, no files written)."""
    from kg.build import build

    return build([EXAMPLES], None, workers=1, progress=False)


@pytest.fixture(scope="session")
def example_graph(example_result):
    return example_result.graph
