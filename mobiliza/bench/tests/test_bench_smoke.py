"""The benchmark keeps working: generator and runner at factor 0.01, in-process, few requests.

Speed itself is judged by ``make bench``, never here.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from mobiliza.bench.runner import CASE_NAMES, IMPORT_CASE


# Not transactional: the client transport runs in this process and connection, so the
# test transaction sees everything and rolls it back (a flush would wipe the session data).
@pytest.mark.django_db
def test_bench_runs_every_case_and_ratio(tmp_path):
    output = tmp_path / "results.json"
    stdout = io.StringIO()
    call_command(
        "bench",
        "--factors=0.01,0.02",
        "--requests=3",
        "--import-rows=200",
        "--transport=client",
        f"--output={output}",
        stdout=stdout,
    )
    results = json.loads(output.read_text())
    assert results["database"] in ("sqlite", "postgresql")
    assert isinstance(results["cpus"], int)
    assert results["commit"]
    assert [case["name"] for case in results["cases"]] == CASE_NAMES
    for case in results["cases"]:
        for key in ("factor0.01", "factor0.02"):
            figures = case[key]
            assert figures["median_ms"] > 0
            assert figures["p95_ms"] >= figures["median_ms"]
            assert isinstance(figures["queries"], int)
            if case["name"] != IMPORT_CASE:
                # Timed cold (cache emptied before each request) as well as warm.
                assert figures["cold_median_ms"] > 0
                assert figures["cold_p95_ms"] >= figures["cold_median_ms"]
                assert isinstance(figures["cold_queries"], int)
        assert case["growth"] > 0
    assert set(results["ratios"]) == {"totals_floor", "directory_peer", "import"}
    assert all(value > 0 for value in results["ratios"].values())
    assert set(results["targets"]) == {
        "growth",
        "queries",
        "totals_floor",
        "directory_peer",
        "import",
        "search_ms",
    }
    assert "directory search" in stdout.getvalue()
    assert " cold " in stdout.getvalue() and " warm " in stdout.getvalue()
