"""Every generated file conforms to data standard v1, and faults are exactly as recorded."""

from __future__ import annotations

import json

import pytest

from oneworkforce.standard.extracts import EXTRACTS
from oneworkforce.standard.model import normalise_header
from oneworkforce.synth import faults, formats
from oneworkforce.synth.organisations import ORGANISATIONS


def test_fault_free_files_are_valid(ics, check_files):
    checked = check_files(ics.out_dir)
    assert len(checked) == len(ics.files)
    bad = {path: c.reasons for path, c in checked.items() if c.faulty}
    assert not bad
    for f in ics.files:
        extract = EXTRACTS[f.extract]
        columns = checked[f.path].columns
        assert {c.name for c in extract.required} <= set(columns), f.path
        assert checked[f.path].rows == f.rows


def test_every_partner_sends_every_extract_it_should(ics):
    by_extract: dict[str, set[str]] = {}
    for f in ics.files:
        by_extract.setdefault(f.extract, set()).add(f.org_code)
    codes = {o.code for o in ORGANISATIONS}
    for name in (
        "staff_in_post",
        "establishment",
        "leavers",
        "temporary_staffing",
        "training",
        "recruitment",
    ):
        assert by_extract[name] == codes, name
    trusts = {o.code for o in ORGANISATIONS if o.is_trust}
    assert by_extract["sickness_absence"] == trusts
    assert by_extract["sickness_absence_aggregate"] == codes - trusts
    assert by_extract["staff_survey"] == trusts
    for name in ("employee_relations", "cpd", "board_members"):  # the WRES and WDES
        assert by_extract[name] == trusts, name
    assert by_extract["organisations"] == by_extract["population"] == {None}


def test_fault_counts_match_the_manifest(faulty_ics, check_files):
    checked = check_files(faulty_ics.out_dir)
    for f in faulty_ics.files:
        assert checked[f.path].faulty == sum(f.faults.values()), (f.path, checked[f.path].reasons)
    person_level = [f for f in faulty_ics.files if EXTRACTS[f.extract].person_level]
    rows = sum(f.rows for f in person_level)
    assert 0.015 < faulty_ics.total_faults / rows < 0.025
    assert set(faulty_ics.faults_by_kind) == set(faults.KINDS)
    assert all(not f.faults for f in faulty_ics.files if not EXTRACTS[f.extract].person_level)


def test_zero_rate_means_no_faults(ics):
    manifest = json.loads(ics.manifest_path.read_text())
    assert ics.total_faults == 0 and manifest["faults"]["total"] == 0
    assert all(not f["faults"] for f in manifest["files"])


def test_partner_styles(ics):
    """ESR headers and wording, semicolons, Windows-1252 and a BOM, all readable."""
    out = ics.out_dir
    esr = (out / "staff_in_post" / "SYNA2.csv").read_text(encoding="utf-8")
    head, first = esr.splitlines()[:2]
    assert head.startswith("Employee Number,Assignment Number,Organisation Code,Effective Date")
    assert "Pay Band" in head and "Contracted WTE" in head and "Ethnic Origin" in head
    assert "Nursing and Midwifery Registered" in esr and "Band 5" in esr
    assert "A White - British" in esr and ",Female," in esr
    assert "/" in first.split(",")[3]  # DD/MM/YYYY
    semicolon = (out / "leavers" / "SYNC1.csv").read_text(encoding="utf-8").splitlines()[0]
    assert semicolon.startswith("person_id;assignment_id;org_code")
    raw = (out / "staff_in_post" / "SYNS2.csv").read_bytes()
    assert b"\r\n" in raw and "–".encode("cp1252") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert (out / "staff_in_post" / "SYNP2.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    manifest = json.loads(ics.manifest_path.read_text())
    assert set(manifest["variations"]) == set(formats.STYLES)


def test_style_headers_and_wording_map_back_to_the_standard():
    for extract in EXTRACTS.values():
        lookup = extract.header_lookup()
        for style in (*formats.STYLES.values(), formats.STANDARD):
            for col in extract.columns:
                assert (
                    lookup[normalise_header(formats.header(extract, col.name, style))] == col.name
                )
                code_list = getattr(col.type, "code_list", None)
                if code_list is None:
                    continue
                table = code_list.lookup()
                for code in code_list.codes:
                    text = formats.wording(code_list, code, style)
                    assert table[" ".join(text.lower().split())] == code, (code_list.name, text)


def test_bad_codes_are_really_bad():
    from oneworkforce.standard import codes

    for name, values in faults.BAD_CODES.items():
        table = codes.ALL_CODE_LISTS[name].lookup()
        for value in values:
            assert " ".join(value.lower().split()) not in table, (name, value)


def test_organisations_file(ics, read):
    table = read(ics.out_dir / "organisations.csv")
    assert table.column("org_code").to_pylist() == [o.code for o in ORGANISATIONS]
    assert set(table.column("ics_code").to_pylist()) == {"QZZ"}
    assert len(set(table.column("place").to_pylist())) == 4
