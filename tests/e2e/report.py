"""What the browser tests' axe runs found, reported at the end of the run (also when pytest-xdist spreads them).

The root conftest.py loads this module as a pytest plugin: under pytest-xdist the controller collects no test,
so the browser tests' own conftest is never read there, and the report must come from a module it does read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Everything axe found during the session, blocking or not: written to test-artifacts/e2e/axe-report.json.
AXE_FINDINGS: list[dict] = []
AUDITED: list[dict] = []  # every page state axe ran on
MISSING_TRANSLATIONS: set = set()  # (lang, message) shown untranslated: the app's strict i18n mode collects them


def artifacts_dir(config) -> Path:
    path = config.rootpath / "test-artifacts" / "e2e"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pytest_sessionfinish(session):
    """On a pytest-xdist worker, hand what axe found to the controller, which reports for every worker."""
    if hasattr(session.config, "workeroutput") and AUDITED:
        session.config.workeroutput["exitfi_axe"] = json.dumps(
            {"pages": AUDITED, "violations": AXE_FINDINGS, "missing": sorted(MISSING_TRANSLATIONS)})


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: absent when the suite runs in one process
def pytest_testnodedown(node, error):
    found = json.loads(getattr(node, "workeroutput", {}).get("exitfi_axe", "null") or "null")
    if found:
        AUDITED.extend(found["pages"])
        AXE_FINDINGS.extend(found["violations"])
        MISSING_TRANSLATIONS.update(map(tuple, found["missing"]))


def pytest_terminal_summary(terminalreporter, config):
    """List every axe violation found (blocking or not), and the messages the visited pages showed untranslated."""
    if not AUDITED:
        return
    path = artifacts_dir(config) / "axe-report.json"
    path.write_text(json.dumps({"tags": AXE_TAGS, "pages": AUDITED, "violations": AXE_FINDINGS},
                               indent=2, ensure_ascii=False), encoding="utf-8")
    terminalreporter.section("e2e: axe-core " + " ".join(AXE_TAGS))
    terminalreporter.write_line(f"{len(AUDITED)} page states audited, {len(AXE_FINDINGS)} violation(s) found")
    seen = set()
    for f in AXE_FINDINGS:
        key = (f["id"], f["impact"], f["page"], tuple(f["targets"]))
        if key not in seen:
            seen.add(key)
            terminalreporter.write_line(f"  {f['impact']:<8} {f['id']} on {f['page']} [{f['lang']}]: "
                                        f"{', '.join(f['targets'])}")
    terminalreporter.write_line(f"details: {path}")
    if MISSING_TRANSLATIONS:
        terminalreporter.write_line(f"{len(MISSING_TRANSLATIONS)} message(s) shown without a translation:")
        for lang, message in sorted(MISSING_TRANSLATIONS):
            terminalreporter.write_line(f"  [{lang}] {message}")
