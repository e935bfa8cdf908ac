"""`oneworkforce pack`: many metrics in one workbook or folder, as an analyst opens them."""

from __future__ import annotations

import openpyxl
import pandas as pd

from tests.cli.test_cli import run
from tests.conftest import write_csv
from tests.samples import ORGANISATIONS, VALID_ROWS


def test_a_pack_as_a_workbook_and_as_a_folder(tmp_path):
    home = tmp_path / "home"
    run(home, "init")
    run(home, "load", write_csv(tmp_path / "organisations.csv", ORGANISATIONS))
    run(home, "load", write_csv(tmp_path / "staff_in_post.csv", [VALID_ROWS["staff_in_post"]]))
    run(home, "load", write_csv(tmp_path / "establishment.csv", [VALID_ROWS["establishment"]]))
    metrics = "headcount,vacancy_rate,sickness_rate,ethnic_group_representation_index"

    book = tmp_path / "pack.xlsx"
    done = run(home, "pack", "--out", book, "--metrics", metrics)
    assert "2 metrics written" in done.stdout
    assert "no data for 2: sickness_rate, ethnic_group_representation_index" in done.stdout
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == [
        "contents",
        "headcount",
        "vacancy_rate",
        "sickness_rate",
        "ethnic_group_representation_ind",
    ]
    contents = pd.read_excel(book, sheet_name="contents")
    assert contents["metric"].tolist() == metrics.split(",")
    assert contents["rows"].tolist() == [1, 1, 0, 0]
    assert contents["split_by"].tolist()[:2] == ["org, staff_group", "org, staff_group"]
    assert contents["split_by"].tolist()[3] == "census_ethnic_group"
    headcount = pd.read_excel(book, sheet_name="headcount")
    assert headcount.loc[0, "org"] == "RXA" and headcount.loc[0, "value"] == 1

    folder = tmp_path / "pack"
    run(home, "pack", "--out", folder, "--format", "csv", "--by", "org", "--metrics", metrics)
    assert (folder / "contents.csv").exists() and (folder / "vacancy_rate.csv").exists()
    assert pd.read_csv(folder / "contents.csv")["file"].tolist()[0] == "headcount.csv"

    assert "Unknown format" in run(
        home, "pack", "--out", tmp_path / "x", "--format", "pdf", check_code=1
    ).stderr.replace("\n", " ")
    assert (
        "no_such" in run(home, "pack", "--out", book, "--metrics", "no_such", check_code=1).stderr
    )
