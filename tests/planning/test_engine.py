"""The projection engine on cases worked out by hand, flow by flow."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from oneworkforce.planning.engine import lognormal_levels, project
from oneworkforce.planning.reference import project_loop
from tests.planning.conftest import inputs


def test_leavers_alone_shrink_the_stock_geometrically() -> None:
    # 100 people, 1 % leaving a month: 99, then 98.01, ... 100 x 0.99^12 after a year.
    result = project(inputs([100.0], leave=[0.01]), runs=1)
    assert result.heads[0, 0, 0] == pytest.approx(99.0)
    assert result.heads[0, 1, 0] == pytest.approx(98.01)
    assert result.heads[0, 11, 0] == pytest.approx(100 * 0.99**12, rel=1e-6)
    assert result.leavers[0, 0] == pytest.approx(1.0)


def test_joiners_add_each_month_and_balance_leavers_at_the_steady_state() -> None:
    # 2 joiners a month against 1 % leaving: 100 x 0.99 + 2 = 101 after one month; the
    # steady state is 2 / 0.01 = 200.
    result = project(inputs([100.0], leave=[0.01], joiners=[2.0], months=1200), runs=1)
    assert result.heads[0, 0, 0] == pytest.approx(101.0)
    assert result.heads[0, -1, 0] == pytest.approx(200.0, rel=1e-4)
    assert result.joiners[0, 0, 0] == pytest.approx(2.0)


def test_moves_carry_people_between_cells_without_losing_any() -> None:
    # 10 % of cell 0 moves to cell 1 each month; nobody leaves the system.
    moves = [[0.0, 0.1], [0.0, 0.0]]
    result = project(inputs([100.0, 50.0], moves=moves), runs=1)
    assert result.heads[0, 0].tolist() == pytest.approx([90.0, 60.0])
    assert result.heads[0, 1].tolist() == pytest.approx([81.0, 69.0])
    assert result.heads[0, :, :].sum(axis=1) == pytest.approx(np.full(12, 150.0))
    assert result.moves_out[0].tolist() == pytest.approx([10.0, 0.0])
    assert result.moves_in[0].tolist() == pytest.approx([0.0, 10.0])


def test_leavers_and_moves_never_take_more_than_everyone() -> None:
    # 80 % leaving and 40 % moving would be 120 %: both are scaled to fit (2/3 and 1/3).
    result = project(inputs([90.0, 0.0], leave=[0.8, 0.0], moves=[[0, 0.4], [0, 0]]), runs=1)
    assert result.heads[0, 0].tolist() == pytest.approx([0.0, 30.0])
    assert result.leavers[0, 0] == pytest.approx(60.0)


def test_fte_is_heads_times_participation_and_its_lever() -> None:
    base = inputs([100.0], participation=[0.8])
    lever = np.ones((12, 1))
    lever[6:] = 1.05  # 5 % more hours per person from the seventh month
    result = project(replace(base, participation_multiplier=lever), runs=1)
    assert result.fte[0, 0, 0] == pytest.approx(80.0)
    assert result.fte[0, 6, 0] == pytest.approx(84.0)


def test_leaver_lever_multiplies_the_rate() -> None:
    base = inputs([100.0], leave=[0.02])
    lever = np.full((12, 1), 0.5)  # half the leavers
    result = project(replace(base, leave_multiplier=lever), runs=1)
    assert result.heads[0, 0, 0] == pytest.approx(99.0)


def test_conversions_move_people_out_of_one_cell_into_another() -> None:
    base = inputs([100.0, 0.0])
    conversions = np.zeros((12, 2))
    conversions[:, 0], conversions[:, 1] = -1.0, 1.0
    result = project(replace(base, conversions=conversions), runs=1)
    assert result.heads[0, 11].tolist() == pytest.approx([88.0, 12.0])


def test_a_stock_never_goes_below_zero() -> None:
    base = inputs([1.0])
    conversions = np.full((12, 1), -5.0)
    result = project(replace(base, conversions=conversions), runs=1)
    assert result.heads.min() == 0.0


def test_levels_have_mean_one_and_the_coefficient_of_variation_asked_for() -> None:
    rng = np.random.default_rng(1)
    levels = lognormal_levels(rng, np.array([0.0, 0.1, 0.3]), 200_000)
    assert levels.mean(axis=0) == pytest.approx([1.0, 1.0, 1.0], abs=0.005)
    assert levels.std(axis=0) == pytest.approx([0.0, 0.1, 0.3], abs=0.005)
    assert lognormal_levels(rng, np.array([0.3]), 1).tolist() == [[1.0]]


def test_runs_spread_around_the_central_projection_and_repeat_with_the_seed() -> None:
    base = inputs([100.0], leave=[0.01], joiners=[1.0], months=60, cv=0.2)
    central = project(base, runs=1).heads[0, -1, 0]
    first = project(base, runs=2000, seed=7)
    again = project(base, runs=2000, seed=7)
    assert np.array_equal(first.heads, again.heads)
    final = first.heads[:, -1, 0]
    assert np.quantile(final, 0.1) < central < np.quantile(final, 0.9)
    assert final.mean() == pytest.approx(central, rel=0.02)


def test_the_vectorised_engine_matches_the_plain_loop() -> None:
    rng = np.random.default_rng(3)
    cells, months = 6, 24
    moves = rng.uniform(0, 0.01, (cells, cells))
    np.fill_diagonal(moves, 0)
    base = inputs(
        list(rng.uniform(10, 200, cells)),
        leave=list(rng.uniform(0.002, 0.02, cells)),
        moves=moves.tolist(),
        joiners=list(rng.uniform(0, 3, cells)),
        participation=list(rng.uniform(0.7, 1.0, cells)),
        months=months,
        cv=0.2,
    )
    base = replace(base, group=np.array([0, 0, 0, 0, 0, 0]))
    vectorised = project(base, runs=5, seed=11).fte
    looped = project_loop(base, runs=5, seed=11)
    assert vectorised == pytest.approx(looped, rel=1e-5)
