"""Check reports: a table for people, JSON for scripts, JUnit XML and GitHub annotations for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections import defaultdict

from rich.console import Group
from rich.table import Table
from rich.text import Text

from textdiff.check import STORE_WIDE, Finding, Report

CHECK_FORMATS = ("text", "json", "junit", "github")


def _by_article(report: Report) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        grouped[finding.article_id].append(finding)
    return grouped


def summary(report: Report) -> str:
    """One line: how many articles were checked and how many problems were found."""
    problems = report.problems
    articles = len(report.articles)
    if not problems:
        return f"{articles} articles checked: all good"
    affected = len({finding.article_id for finding in problems})
    return f"{articles} articles checked: {len(problems)} problems in {affected} of them"


def render_check_table(report: Report) -> Group:
    """Problems first, one row each; then the summary."""
    table = Table("article", "check", "problem", "commit", box=None, pad_edge=False)
    for finding in report.problems:
        table.add_row(finding.article_id, finding.check, finding.message, finding.commit[:12])
    parts: list[Table | Text] = [table] if table.row_count else []
    style = "bold red" if report.problems else "bold green"
    parts.append(Text(summary(report), style=style))
    return Group(*parts)


def render_check_json(report: Report) -> str:
    """``{"ok", "articles", "problems", "findings": [...]}`` (schema in the README)."""
    document = {
        "ok": not report.problems,
        "articles": len(report.articles),
        "problems": len(report.problems),
        "findings": [finding._asdict() for finding in report.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_check_junit(report: Report) -> str:
    """JUnit XML: one test case per article (and one for the store), failures with reasons."""
    grouped = _by_article(report)
    suites = ElementTree.Element("testsuites", name="textdiff check")
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="textdiff check",
        tests=str(len(grouped)),
        failures=str(len({f.article_id for f in report.problems})),
        errors="0",
    )
    for article_id, findings in grouped.items():
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname="textdiff.store" if article_id == STORE_WIDE else "textdiff.article",
            name=article_id,
        )
        problems = [finding for finding in findings if not finding.ok]
        if problems:
            failure = ElementTree.SubElement(
                case, "failure", message=problems[0].message, type=problems[0].check
            )
            failure.text = "\n".join(f"{p.check}: {p.message}" for p in problems)
    ElementTree.indent(suites)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _escape_annotation(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_check_github(report: Report, path_of: dict[str, str]) -> str:
    """GitHub Actions workflow commands: one ``::error`` annotation per problem."""
    lines = []
    for finding in report.problems:
        where = path_of.get(finding.article_id, "")
        location = f"file={_escape_annotation(where, property_value=True)}," if where else ""
        title = _escape_annotation(f"textdiff check: {finding.check}", property_value=True)
        lines.append(
            f"::error {location}title={title}::"
            f"{_escape_annotation(finding.article_id + ': ' + finding.message)}"
        )
    lines.append(("::notice::" if not report.problems else "::error::") + summary(report))
    return "\n".join(lines) + "\n"
