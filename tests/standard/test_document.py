"""docs/data-standard.md is generated from the code, and must be kept current."""

from pathlib import Path

from oneworkforce.standard.document import render_markdown

DOC = Path(__file__).parents[2] / "docs" / "data-standard.md"


def test_data_standard_document_is_current():
    assert DOC.read_text() == render_markdown(), (
        "docs/data-standard.md is out of date: run "
        "`oneworkforce standard --markdown > docs/data-standard.md`"
    )


def test_every_extract_and_rule_is_documented():
    from oneworkforce.standard import EXTRACTS

    text = DOC.read_text()
    for extract in EXTRACTS.values():
        assert f"### {extract.name}" in text
        for rule in extract.row_rules:
            assert rule.rule in text
