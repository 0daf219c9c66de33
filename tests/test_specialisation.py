"""Specialisation measures: small matrices with answers worked out by hand in the comments."""

from __future__ import annotations

import numpy as np
import pytest

from chainatlas.analytics.specialisation import (
    hhi,
    hoover,
    krugman,
    location_quotient,
    lq_interval,
    most_similar_pairs,
    quadrants,
    similarity,
    small_count_flags,
    strength_classes,
)

# Regions A, B total 10, C totals 20; activity totals 8, 8, 24; the whole 40.
# Region shares: A (.6, .2, .2), B (.2, .6, .2), C (0, 0, 1); activity shares of the whole (.2, .2, .6).
X = np.array([[6.0, 2.0, 2.0], [2.0, 6.0, 2.0], [0.0, 0.0, 20.0]])
BENCHMARK = np.array([1.0, 1.0, 2.0])  # shares (.25, .25, .5)


def test_location_quotient_own_total_and_benchmark() -> None:
    # Own total: .6/.2 = 3, .2/.2 = 1, .2/.6 = 1/3 ...; benchmark: .6/.25 = 2.4, .2/.25 = .8, .2/.5 = .4 ...
    np.testing.assert_allclose(location_quotient(X), [[3, 1, 1 / 3], [1, 3, 1 / 3], [0, 0, 5 / 3]])
    np.testing.assert_allclose(location_quotient(X, BENCHMARK), [[2.4, 0.8, 0.4], [0.8, 2.4, 0.4], [0, 0, 2]])
    with pytest.raises(ValueError, match=r"expected \(3,\)"):
        location_quotient(X, np.ones(2))


def test_krugman_against_the_rest_and_against_a_benchmark() -> None:
    # A vs B+C = (2, 6, 22)/30: |.6 − 1/15| + |.2 − .2| + |.2 − 11/15| = 8/15 + 0 + 8/15 = 16/15; B likewise.
    # C vs A+B = (8, 8, 4)/20 = (.4, .4, .2): .4 + .4 + .8 = 1.6.
    np.testing.assert_allclose(krugman(X), [16 / 15, 16 / 15, 1.6])
    # Against (.25, .25, .5): A .35 + .05 + .3 = .7; C .25 + .25 + .5 = 1.
    np.testing.assert_allclose(krugman(X, BENCHMARK), [0.7, 0.7, 1.0])


def test_hoover_per_activity() -> None:
    # Regions' shares of the whole (.25, .25, .5). Activity 1 spread (.75, .25, 0): ½(.5 + 0 + .5) = .5;
    # activity 3 spread (1/12, 1/12, 5/6): ½(1/6 + 1/6 + 1/3) = 1/3.
    np.testing.assert_allclose(hoover(X), [0.5, 0.5, 1 / 3])


def test_hhi_of_portfolios_and_of_spread() -> None:
    # A: .36 + .04 + .04 = .44; C: 1. Activity 1: .75² + .25² = .625; activity 3: 2/144 + 25/36 = 17/24.
    np.testing.assert_allclose(hhi(X), [0.44, 0.44, 1.0])
    np.testing.assert_allclose(hhi(X, axis=0), [0.625, 0.625, 17 / 24])
    with pytest.raises(ValueError, match="axis"):
        hhi(X, axis=2)


def test_similarity_and_most_similar_pairs() -> None:
    # A·B = .12 + .12 + .04 = .28 over |A|² = .44 → 7/11; A·C = .2 / √.44.
    sim = similarity(X)
    ac = 0.2 / np.sqrt(0.44)
    np.testing.assert_allclose(sim, [[1, 7 / 11, ac], [7 / 11, 1, ac], [ac, ac, 1]])
    pairs = most_similar_pairs(sim, ["A", "B", "C"], top=2)
    assert [(a, b) for a, b, _ in pairs] == [("A", "B"), ("A", "C")]  # A–C and B–C tie: list order decides
    assert pairs[0][2] == pytest.approx(7 / 11)


def test_empty_region_has_no_portfolio() -> None:
    x = np.vstack([X, np.zeros(3)])
    assert np.isnan(krugman(x)[3]) and np.isnan(hhi(x)[3])
    assert np.isnan(similarity(x)[3]).all()
    assert all("D" not in pair[:2] for pair in most_similar_pairs(similarity(x), ["A", "B", "C", "D"]))
    np.testing.assert_allclose(krugman(x)[:3], krugman(X))  # an empty region adds nothing to "the rest"


def test_strength_classes_each_neighbour_fails_one_rule() -> None:
    # Cells with size > 0 (all but [2, 2]): LQ sorted .4 .5 .6 .7 .8 1.2 1.6 3.0; 'linear' P75 at index
    # .75·7 = 5.25 → 1.2 + .25·(1.6 − 1.2) = 1.3 (the 'lower' method would give 1.2 and pass [0, 1]).
    # Sizes sorted 1 10 10 10 10 10 10 10: P25 at index 1.75 → 10.
    lq = np.array([[1.6, 1.2, 3.0], [0.5, 0.6, 0.7], [0.8, 0.4, 9.0]])
    size = np.array([[10.0, 10.0, 1.0], [10.0, 10.0, 10.0], [10.0, 10.0, 0.0]])
    # [0,0] strong; [0,1] LQ 1.2 ≥ 1 but < P75; [0,2] LQ high but size 1 < P25; [2,2] size 0, never strong.
    expected = np.zeros((3, 3), dtype=bool)
    expected[0, 0] = True
    assert (strength_classes(lq, size) == expected).all()


def test_strength_classes_needs_lq_of_at_least_one() -> None:
    # LQ sorted .1 .2 .3 .4 .5 .6 .9 .95 1.5: P75 at index 6 → .9; .9 and .95 pass it but are below 1.
    lq = np.array([[0.9, 0.95, 0.1], [0.2, 0.3, 0.4], [0.5, 0.6, 1.5]])
    strong = strength_classes(lq, np.full((3, 3), 10.0))
    assert strong.sum() == 1 and strong[2, 2]
    assert not strength_classes(lq, np.zeros((3, 3))).any()


def test_quadrants_hit_all_four_classes_and_ties() -> None:
    # Benchmark grows ×1.5, ×0.5, ×1 by activity; its shares now are .375, .125, .5.
    b_before, b_now = np.array([32.0, 32.0, 64.0]), np.array([48.0, 16.0, 64.0])
    before = np.array([[4.0, 4.0, 8.0], [4.0, 0.0, 8.0], [8.0, 8.0, 8.0], [1.0, 0.0, 0.0]])
    now = np.array([[6.0, 2.0, 8.0], [8.0, 4.0, 4.0], [4.0, 4.0, 24.0], [2.0, 0.0, 30.0]])
    # R1: LQ exactly 1 (specialised) and growth equal to the benchmark's (not faster) → threat ×3.
    # R2: LQ 8/6, 4/2, 4/8; growth ×2 > ×1.5, entry from 0, ×.5 < ×1 → strength, strength, weakness.
    # R3: LQ 4/12, 4/4, 24/16; growth ×.5 < ×1.5, ×.5 = ×.5, ×3 > ×1 → weakness, threat, strength.
    # R4: LQ 2/12 with ×2 > ×1.5 → opportunity; 0 both years → ""; entry to LQ 30/16 → strength.
    assert quadrants(now, before, b_now, b_before).tolist() == [
        ["threat", "threat", "threat"],
        ["strength", "strength", "weakness"],
        ["weakness", "threat", "strength"],
        ["opportunity", "", "strength"],
    ]
    with pytest.raises(ValueError, match="shape"):
        quadrants(now, before[:2], b_now, b_before)


# Exact Garwood (1936) 95% Poisson limits, from chi-square quantiles: O → (χ²(.025; 2O)/2, χ²(.975; 2O+2)/2).
GARWOOD = {1: (0.025318, 5.571643), 10: (4.795389, 18.390356), 100: (81.363991, 121.626794)}


def test_lq_interval_gives_the_exact_poisson_limits() -> None:
    x = np.array([[1.0, 10.0, 100.0, 0.0, 889.0]])  # region total 1000; benchmark shares .2 → E = 200
    bounds = lq_interval(x, benchmark=np.ones(5))
    lower, upper = bounds.lower[0] * 200, bounds.upper[0] * 200
    for j, count in enumerate((1, 10, 100)):
        assert (lower[j], upper[j]) == pytest.approx(GARWOOD[count], abs=5e-7)  # the table has 6 decimals
    assert lower[3] == 0.0 and upper[3] == pytest.approx(-np.log(0.025))  # O = 0: the upper limit is −ln(α/2)
    assert (bounds.lower <= location_quotient(x, np.ones(5))).all()
    with pytest.raises(ValueError, match="level"):
        lq_interval(x, level=95)


def test_small_count_flags() -> None:
    # Benchmark shares (.25, .25, .5). Region 1 (total 4000, E = 1000, 1000, 2000): 8 units (LQ .008, upper
    # ≈ .016 < 1), 2000 (LQ 2, lower ≈ 1.91), 1992 (LQ .996, interval straddles 1).
    # Region 2 (total 10, E = 2.5, 2.5, 5): 9 units (LQ 3.6, lower ≈ 4.1/2.5 > 1), 1 unit, 0 units.
    x = np.array([[8.0, 2000.0, 1992.0], [9.0, 1.0, 0.0]])
    assert small_count_flags(x, minimum=5, benchmark=BENCHMARK).tolist() == [[False, False, True], [False, True, True]]
    assert small_count_flags(x, benchmark=BENCHMARK).tolist() == [[True, False, True], [True, True, True]]
