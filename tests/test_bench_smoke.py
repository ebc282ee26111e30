"""The benchmarks keep working: a tiny run of each part on each configured database (no figure is judged)."""

from __future__ import annotations

import json

import pytest

from bench.__main__ import main as bench
from bench.databases import kinds


@pytest.fixture
def results(tmp_path, monkeypatch):
    """Results go to a temporary folder, not to bench/results/."""
    monkeypatch.setattr("bench.report.HERE", tmp_path)
    return tmp_path / "results"


@pytest.mark.parametrize("kind", kinds())
def test_each_part_of_the_core_benchmark_runs_and_writes_its_figures(results, kind, capsys):
    code = bench(["--databases", kind, "--commands", "6", "--cases", "4", "--writers", "1,2",
                  "--events", "40", "--turns", "1", "--asof-events", "30"])
    out = capsys.readouterr().out
    assert code == 0, out
    write = json.loads((results / f"write-{kind}.json").read_text())
    assert set(write["figures"]) == {"1 writer", "2 writers"}
    assert all(f[way]["count"] > 0 for f in write["figures"].values() for way in ("command", "plain", "raw"))
    [size] = json.loads((results / f"rebuild-{kind}.json").read_text())["sizes"]
    assert size["events"] >= 40 and size["rebuild"]["peak_mb"] > 0 and size["verify"]["records_per_s"] > 0
    asof = json.loads((results / f"asof-{kind}.json").read_text())
    assert asof["events"] == 30 and asof["p95_ms"] > 0
    assert "ratio to plain" in out and "select+decode" in out and "as of a day" in out
