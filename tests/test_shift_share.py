"""Shift-share: a worked example by hand, an entry from 0, and the components summing to the change."""

from __future__ import annotations

import numpy as np
import pytest

from chainatlas.analytics.shift_share import shift_share

# Two regions × two activities; the benchmark is the regions' own totals.
# Before: activity totals (128, 128), whole 256. Now: (192, 96), whole 288.
# G = 288/256 − 1 = .125; g = (.5, −.25); g − G = (.375, −.375).
BEFORE = np.array([[64.0, 32.0], [64.0, 96.0]])
NOW = np.array([[112.0, 40.0], [80.0, 56.0]])


def test_dunn_worked_example() -> None:
    result = shift_share(NOW, BEFORE)
    np.testing.assert_array_equal(result.change, [[48, 8], [16, -40]])
    np.testing.assert_array_equal(result.national, [[8, 4], [8, 12]])  # e · .125
    np.testing.assert_array_equal(result.industry_mix, [[24, -12], [24, -36]])  # e · (±.375)
    # Competitive e · (r − g): 64·(.75 − .5) = 16, 32·(.25 + .25) = 16, 64·(.25 − .5) = −16, 96·(−5/12 + 1/4) = −16.
    np.testing.assert_allclose(result.competitive, [[16, 16], [-16, -16]])
    np.testing.assert_array_equal(result.national + result.industry_mix + result.competitive, result.change)


def test_esteban_marquillas_worked_example() -> None:
    result = shift_share(NOW, BEFORE)
    # Homothetic ê = region total before (96, 160) × benchmark shares (.5, .5).
    np.testing.assert_array_equal(result.homothetic, [[48, 48], [80, 80]])
    # r − g = (.25, .5 | −.25, −1/6): net ê(r − g) and allocation (e − ê)(r − g).
    np.testing.assert_allclose(result.net_competitive, [[12, 24], [-20, -40 / 3]])
    np.testing.assert_allclose(result.allocation, [[4, -8], [4, -8 / 3]])
    np.testing.assert_allclose(result.net_competitive + result.allocation, result.competitive, rtol=0, atol=1e-12)


def test_benchmark_and_entry_from_zero() -> None:
    # A nation growing ×1.5 overall: activity 1 ×2 (1000 → 2000), activity 2 ×1 (1000 → 1000).
    before = np.array([[10.0, 0.0], [30.0, 20.0]])
    now = np.array([[12.0, 7.0], [45.0, 20.0]])
    result = shift_share(now, before, np.array([2000.0, 1000.0]), np.array([1000.0, 1000.0]))
    np.testing.assert_allclose(result.national, [[5, 0], [15, 10]])  # e · .5
    np.testing.assert_allclose(result.industry_mix, [[5, 0], [15, -10]])  # e · (1 − .5), e · (0 − .5)
    np.testing.assert_allclose(result.competitive, [[-8, 7], [-15, 0]])  # 2 − 5 − 5; entry: all of 7
    assert result.net_competitive[0, 1] == 7 and result.allocation[0, 1] == 0  # no base, no allocation
    # Region 1 ê = 10 · (.5, .5) = (5, 5): net 5 · (−.8) = −4, allocation (10 − 5) · (−.8) = −4.
    assert result.net_competitive[0, 0] == pytest.approx(-4) and result.allocation[0, 0] == pytest.approx(-4)


def test_components_sum_to_the_change_on_random_data() -> None:
    rng = np.random.default_rng(7)
    before = rng.gamma(1.0, 100.0, size=(8, 12)) * (rng.random((8, 12)) > 0.2)
    now = rng.gamma(1.0, 100.0, size=(8, 12))
    result = shift_share(now, before, now.sum(axis=0) * 3, before.sum(axis=0) * 2)
    total = result.national + result.industry_mix + result.net_competitive + result.allocation
    np.testing.assert_allclose(total, now - before, rtol=0, atol=1e-9)
    np.testing.assert_allclose(result.competitive, result.net_competitive + result.allocation, rtol=0, atol=1e-9)


def test_benchmark_without_the_activity_in_the_base_year_is_refused() -> None:
    with pytest.raises(ValueError, match="base year"):
        shift_share(NOW, BEFORE, np.array([10.0, 10.0]), np.array([10.0, 0.0]))
    with pytest.raises(ValueError, match="shape"):
        shift_share(NOW, BEFORE[:1])
