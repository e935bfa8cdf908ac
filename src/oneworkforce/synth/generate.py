"""Generate the synthetic ICS: simulate, build every extract, inject faults, write files.

Each file gets its own random generator derived from the seed and the file's name, so the
output is identical for a seed however the work is scheduled (files are written on a small
thread pool; numpy and pyarrow release the GIL for the heavy parts).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from oneworkforce import __version__
from oneworkforce.errors import OneWorkforceError
from oneworkforce.standard.extracts import EXTRACTS
from oneworkforce.synth import aggregates, equality, faults, formats, staff, writer
from oneworkforce.synth import dates as D
from oneworkforce.synth.ids import make_identifiers
from oneworkforce.synth.organisations import (
    ICS_CODE,
    ICS_NAME,
    ORGANISATIONS,
    PLACES,
    organisations_table,
)
from oneworkforce.synth.pay import pay
from oneworkforce.synth.people import simulate
from oneworkforce.synth.population import population
from oneworkforce.synth.recruitment import recruitment
from oneworkforce.synth.survey import staff_survey
from oneworkforce.synth.tables import World
from oneworkforce.synth.training import renewal_periods, training

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SynthFile:
    """One file written: its path relative to the output folder."""

    path: str
    extract: str
    org_code: str | None
    rows: int
    faults: dict[str, int] = field(default_factory=dict)


@dataclass
class SynthResult:
    """What ``generate_ics`` wrote; the same facts are in ``manifest.json``."""

    out_dir: Path
    files: list[SynthFile]
    rows_by_extract: dict[str, int]
    faults_by_extract: dict[str, int]
    faults_by_kind: dict[str, int]
    parameters: dict
    manifest_path: Path

    @property
    def total_rows(self) -> int:
        return sum(self.rows_by_extract.values())

    @property
    def total_faults(self) -> int:
        return sum(self.faults_by_kind.values())


def rng_for(seed: int, *names: str) -> np.random.Generator:
    """A generator for one purpose, independent of the order work is done in."""
    return np.random.default_rng([seed, *(zlib.crc32(n.encode()) for n in names)])


def _check(staff: int, months: int, seed: int, end_month: str, fault_rate: float, fmt: str):
    if staff < 100:
        raise OneWorkforceError("--staff must be at least 100.")
    if not 1 <= months <= 240:
        raise OneWorkforceError("--months must be between 1 and 240.")
    if seed < 0:
        raise OneWorkforceError("--seed must be 0 or more.")
    if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", end_month):
        raise OneWorkforceError(f"End month '{end_month}' is not a month (use YYYY-MM).")
    if not 0 <= fault_rate <= 0.5:
        raise OneWorkforceError("--faults must be a rate between 0 and 0.5 (e.g. 0.01).")
    if fmt not in writer.FORMATS:
        raise OneWorkforceError(f"--format must be one of {', '.join(writer.FORMATS)}.")


def _jobs(world: World, seed: int) -> list[tuple[str, int | None, Callable[[], pa.Table | None]]]:
    """(extract, organisation index, builder) for every file."""
    sim = world.sim
    cube = aggregates.fte_cube(world)
    est = aggregates.establishment(world, cube, rng_for(seed, "establishment"))
    first_year = int(D.year_of_month(sim.first_month))
    last_year = int(D.year_of_month(sim.first_month + sim.months - 1))
    jobs: list = [
        ("organisations", None, organisations_table),
        ("population", None, lambda: population(first_year, last_year, rng_for(seed, "pop"))),
    ]
    for o, org in enumerate(ORGANISATIONS):

        def r(name: str, _code: str = org.code) -> np.random.Generator:
            return rng_for(seed, name, _code)

        jobs += [
            ("staff_in_post", o, lambda o=o: staff.staff_in_post(world, o)),
            ("establishment", o, lambda o=o: aggregates.establishment_table(world, est, o)),
            ("leavers", o, lambda o=o: staff.leavers(world, o)),
            (
                "temporary_staffing",
                o,
                lambda o=o, r=r: aggregates.temporary_staffing(world, cube, est, o, r("temp")),
            ),
            ("pay_bill", o, lambda o=o, r=r: aggregates.pay_bill(world, cube, o, r("pay_bill"))),
            ("training", o, lambda o=o, r=r: training(world, o, r("training"))),
            ("training_renewal", o, lambda o=o: renewal_periods(o)),
            ("recruitment", o, lambda o=o, r=r: recruitment(world, o, r("recruitment"))),
        ]
        if org.sends_episodes:
            jobs.append(("sickness_absence", o, lambda o=o: staff.sickness_absence(world, o)))
        else:
            jobs.append(
                (
                    "sickness_absence_aggregate",
                    o,
                    lambda o=o, r=r: aggregates.sickness_aggregate(world, cube, o, r("sick")),
                )
            )
        if org.reports_pay_gap:
            jobs.append(("pay", o, lambda o=o, r=r: pay(world, o, r("pay"))))
        if org.is_trust:  # the WRES and WDES: NHS trusts
            jobs += [
                (name, o, lambda o=o, r=r, f=f, name=name: f(world, o, r(name)))
                for name, f in (
                    ("employee_relations", equality.employee_relations),
                    ("cpd", equality.cpd),
                    ("board_members", equality.board_members),
                )
            ]
        if org.runs_staff_survey:
            jobs.append(
                (
                    "staff_survey",
                    o,
                    lambda o=o, r=r, s=org.sector: staff_survey(world, o, r("survey"), s),
                )
            )
    return jobs


def _produce(out_dir: Path, job, seed: int, fault_rate: float, fmt: str) -> SynthFile | None:
    """Build, render, fault and write one file; None when the partner has no such rows."""
    name, o, build = job
    built = build()
    chunks = [built] if built is None or isinstance(built, pa.Table) else built
    extract = EXTRACTS[name]
    code = ORGANISATIONS[o].code if o is not None else None
    style = formats.style_for(code)
    rng = rng_for(seed, "faults", name, code or "")
    target = out_dir / name if code is None else out_dir / name / code
    out = writer.FileWriter(target, extract, style, fmt)
    counts: dict[str, int] = {}
    try:
        for table in chunks:
            if table is None or table.num_rows == 0:
                continue
            text = formats.render(table, extract, style)
            if extract.person_level and fault_rate > 0:
                text, found = faults.inject(text, table, extract, style, fault_rate, rng)
                for kind, n in found.items():
                    counts[kind] = counts.get(kind, 0) + n
            out.write(text)
    finally:
        path = out.close()
    if out.rows == 0:
        return None
    return SynthFile(
        path.relative_to(out_dir).as_posix(), name, code, out.rows, dict(sorted(counts.items()))
    )


def _clear_previous(out_dir: Path) -> None:
    """Remove files listed by a previous run's manifest, so no stale file is left behind."""
    manifest = out_dir / "manifest.json"
    if not manifest.exists():
        return
    try:
        old = json.loads(manifest.read_text())
        for f in old.get("files", []):
            target = (out_dir / f["path"]).resolve()
            if out_dir.resolve() in target.parents and target.is_file():
                target.unlink()
    except (ValueError, KeyError, TypeError):
        pass


def generate_ics(
    out_dir: Path,
    *,
    staff: int = 40_000,
    months: int = 60,
    seed: int = 0,
    end_month: str = "2026-03",
    fault_rate: float = 0.0,
    file_format: str = "csv",
    progress: Progress | None = None,
) -> SynthResult:
    """Write a synthetic ICS to ``out_dir`` and return what was written (also manifest.json)."""
    _check(staff, months, seed, end_month, fault_rate, file_format)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear_previous(out_dir)
    sim = simulate(staff, months, end_month, rng_for(seed, "simulation"), progress)
    care = np.array([o.sector in ("social_care", "local_authority", "vcse") for o in ORGANISATIONS])
    ids = make_identifiers(rng_for(seed, "ids"), sim.people, sim.posts, len(ORGANISATIONS), care)
    world = World(sim, ids)
    jobs = _jobs(world, seed)
    files: list[SynthFile] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(_produce, out_dir, job, seed, fault_rate, file_format) for job in jobs
        ]
        for i, future in enumerate(futures):
            result = future.result()
            if result is not None:
                files.append(result)
            if progress:
                progress("write", i + 1, len(futures))
    files.sort(key=lambda f: f.path)
    parameters = {
        "staff": staff,
        "months": months,
        "seed": seed,
        "end_month": end_month,
        "fault_rate": fault_rate,
        "file_format": file_format,
    }
    result = _result(out_dir, files, parameters)
    _write_manifest(result, sim)
    return result


def _result(out_dir: Path, files: list[SynthFile], parameters: dict) -> SynthResult:
    rows: dict[str, int] = {}
    by_extract: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    for f in files:
        rows[f.extract] = rows.get(f.extract, 0) + f.rows
        for kind, n in f.faults.items():
            by_extract[f.extract] = by_extract.get(f.extract, 0) + n
            by_kind[kind] = by_kind.get(kind, 0) + n
    return SynthResult(
        out_dir,
        files,
        rows,
        by_extract,
        dict(sorted(by_kind.items())),
        parameters,
        out_dir / "manifest.json",
    )


def _write_manifest(result: SynthResult, sim) -> None:
    manifest = {
        "generator": "oneworkforce.synth",
        "version": __version__,
        "parameters": result.parameters,
        "window": {
            "first_month": str(np.datetime64(sim.first_month, "M")),
            "last_month": str(np.datetime64(sim.first_month + sim.months - 1, "M")),
        },
        "ics": {"code": ICS_CODE, "name": ICS_NAME, "places": list(PLACES)},
        "standard_versions": {name: e.version for name, e in EXTRACTS.items()},
        "organisations": [
            {
                "org_code": o.code,
                "name": o.name,
                "sector": o.sector,
                "place": o.place,
                "style": formats.style_for(o.code).name,
            }
            for o in ORGANISATIONS
        ],
        "variations": {code: s.describe() for code, s in formats.STYLES.items()},
        "rows_by_extract": dict(sorted(result.rows_by_extract.items())),
        "faults": {
            "total": result.total_faults,
            "by_extract": dict(sorted(result.faults_by_extract.items())),
            "by_kind": result.faults_by_kind,
        },
        "files": [
            {
                "path": f.path,
                "extract": f.extract,
                "org_code": f.org_code,
                "rows": f.rows,
                "faults": dict(sorted(f.faults.items())),
            }
            for f in result.files
        ],
    }
    result.manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
