"""County-scale complexity borrowed from a reference: a toy reference, then world trade 1998–2000 as the reference."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from chainatlas.analytics.complexity import coi, density, eci_pci, presence, proximity, rca
from chainatlas.analytics.county_scale import Reference, apply_reference, build_reference

# Six reference regions × four activities a–d, plus e which the reference never has (dropped).
TOY = np.array(
    [
        [5.0, 5.0, 5.0, 5.0, 0.0],
        [5.0, 5.0, 5.0, 0.0, 0.0],
        [5.0, 5.0, 0.0, 0.0, 0.0],
        [5.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 5.0, 5.0, 0.0, 0.0],
        [0.0, 0.0, 5.0, 5.0, 0.0],
    ]
)
TOY_CODES = ["a", "b", "c", "d", "e"]


def test_reference_drops_activities_it_does_not_have() -> None:
    reference = build_reference(TOY, TOY_CODES)
    assert reference.activities == ("a", "b", "c", "d")
    assert reference.proximity.shape == (4, 4) and reference.pci.shape == (4,)
    np.testing.assert_allclose(reference.proximity, proximity(presence(rca(TOY[:, :4]))))
    with pytest.raises(ValueError, match="4 activity codes for 5 activity"):
        build_reference(TOY, TOY_CODES[:4])


def test_local_eci_is_the_mean_reference_kp_of_present_activities() -> None:
    reference = build_reference(TOY, TOY_CODES)
    # County 1 has a and c, county 2 only d (both judged against an even benchmark), county 3 nothing.
    local = np.array([[3.0, 0.0, 3.0, 0.0], [0.0, 0.0, 0.0, 9.0], [0.0, 0.0, 0.0, 0.0]])
    result = apply_reference(reference, local, ["k1", "k2", "k3"], ["a", "b", "c", "d"], benchmark=np.ones(4))
    assert result.mcp.tolist() == [[1, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]]
    kp = reference.kp
    expected = [(kp[0] + kp[2]) / 2, kp[3]]
    np.testing.assert_allclose(result.eci[:2], (np.array(expected) - reference.kc_mean) / reference.kc_sd)
    assert np.isnan(result.eci[2])
    np.testing.assert_allclose(result.density, density(result.mcp, reference.proximity))


def test_unmatched_local_activities_are_reported_not_dropped() -> None:
    reference = build_reference(TOY, TOY_CODES)
    local = np.array([[4.0, 1.0, 6.0], [1.0, 4.0, 0.0]])  # "e" is in TOY but the reference never has it
    result = apply_reference(reference, local, ["k1", "k2"], ["a", "zz", "e"])
    assert result.unmatched == ("zz", "e")
    assert result.activities == ("a", "b", "c", "d", "zz", "e")
    # RCA over the counties' own totals (5, 5, 6 of 16): k1 a = (4/11)/(5/16), zz = (1/11)/(5/16), e = (6/11)/(6/16).
    np.testing.assert_allclose(result.rca[0], [64 / 55, 0, 0, 0, 16 / 55, 16 / 11])
    assert np.isnan(result.density[:, 4:]).all() and np.isnan(result.pci[4:]).all()
    assert not np.isnan(result.density[:, :4]).any()
    assert result.small_count[:, 4:].all()  # a handful of units each: flagged
    with pytest.raises(ValueError, match="repeat"):
        apply_reference(reference, local, ["k1", "k2"], ["a", "a", "e"])


# ---------------------------------------------------------------- world trade 1998–2000 as the reference

LOCAL = ["deu", "jpn", "bra", "ken", "nzl", "tha"]


@pytest.fixture(scope="module")
def world(data: Path) -> tuple[np.ndarray, list[str], list[str]]:
    """Country × SITC product export values, with the country and product codes."""
    path = data / "complexity" / "economiccomplexity_r" / "world_trade_avg_1998_to_2000.csv"
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    countries = sorted({row["country"] for row in rows})
    products = sorted({row["product"] for row in rows})
    c_index = {c: i for i, c in enumerate(countries)}
    p_index = {p: j for j, p in enumerate(products)}
    x = np.zeros((len(countries), len(products)))
    for row in rows:
        x[c_index[row["country"]], p_index[row["product"]]] += float(row["value"])
    return x, countries, products


@pytest.fixture(scope="module")
def world_reference(world: tuple[np.ndarray, list[str], list[str]]) -> Reference:
    x, _, products = world
    return build_reference(x, products)


def test_countries_inside_the_reference_get_their_reference_measures_back(
    world: tuple[np.ndarray, list[str], list[str]], world_reference: Reference
) -> None:
    x, countries, products = world
    rows = [countries.index(c) for c in LOCAL]
    kept = x.sum(axis=0) > 0
    result = apply_reference(world_reference, x[rows], LOCAL, products, benchmark=x.sum(axis=0))
    assert result.unmatched == ()
    assert result.activities == tuple(p for p, keep in zip(products, kept, strict=True) if keep)
    m = presence(rca(x[:, kept]))
    phi = proximity(m)
    dens = density(m, phi)
    ep = eci_pci(m)
    assert (result.mcp == m[rows]).all()
    np.testing.assert_allclose(result.density, dens[rows], rtol=0, atol=1e-12)
    np.testing.assert_allclose(result.eci, ep.eci[rows], rtol=0, atol=1e-9)
    assert np.argsort(result.eci).tolist() == np.argsort(ep.eci[rows]).tolist()
    np.testing.assert_allclose(result.coi, coi(m, dens, ep.kp)[rows], rtol=0, atol=1e-9)
    np.testing.assert_allclose(result.pci, ep.pci)
    # Sanity of the borrowed scale: Germany and Japan far above Kenya.
    eci = dict(zip(LOCAL, result.eci, strict=True))
    assert min(eci["deu"], eci["jpn"]) > 1.0 > 0 > eci["ken"]


def test_small_counts_and_products_missing_from_the_reference(
    world: tuple[np.ndarray, list[str], list[str]], world_reference: Reference
) -> None:
    x, countries, products = world
    local = x[[countries.index(c) for c in LOCAL]].copy()
    ken, coffee = LOCAL.index("ken"), products.index("0711")  # Kenya's coffee: large, specialised
    local[ken, products.index("7810")] = 3.0  # a token car export
    local = np.hstack([local, np.full((len(LOCAL), 1), 5e6)])
    result = apply_reference(world_reference, local, LOCAL, [*products, "9999x"], benchmark=None)
    assert result.unmatched == ("9999x",)
    column = result.activities.index
    assert result.small_count[ken, column("7810")]
    assert result.rca[ken, column("0711")] > 1 and not result.small_count[ken, column("0711")]
    assert local[ken, coffee] > 1e6
    assert np.isnan(result.density[:, column("9999x")]).all() and not np.isnan(result.eci).any()
