"""The supply graph: supplier → customer links, rolled up per cluster and per customer.

Names are compared only through the caller's `same(a, b)`: 宇树 and 宇树科技 are one
customer when the resolver says so, two otherwise. Equal names are always one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from chainatlas.chains.placement import Evidence
from chainatlas.domain import Qualifier
from chainatlas.i18n import _

Same = Callable[[str, str], bool]


def exactly(a: str, b: str) -> bool:
    """The default name comparison: only the same string."""
    return a == b


_SIGNS = {
    Qualifier.EQ: "",
    Qualifier.GT: ">",
    Qualifier.GE: "≥",
    Qualifier.LT: "<",
    Qualifier.LE: "≤",
    Qualifier.APPROX: "≈",
}


@dataclass(frozen=True, slots=True)
class SupplyLink:
    """A supplier selling to a customer: the product and share where stated, and the evidence."""

    supplier: str
    customer: str
    product: str | None = None
    share: float | None = None  # of the customer's need for the product, 0–1
    qualifier: Qualifier | None = None  # how `share` relates to the true one: gt for 超30%
    evidence: tuple[Evidence, ...] = ()

    def describe(self) -> str:
        """`贝托传动向宇树科技供应谐波减速器（份额 >30%）`."""
        if self.product:
            said = _("{supplier}向{customer}供应{product}").format(
                supplier=self.supplier, customer=self.customer, product=self.product
            )
        else:
            said = _("{supplier}为{customer}供货").format(supplier=self.supplier, customer=self.customer)
        if self.share is None:
            return said
        share = f"{_SIGNS[self.qualifier or Qualifier.EQ]}{self.share:.0%}"
        return said + _("（份额 {share}）").format(share=share)


@dataclass(frozen=True, slots=True)
class Counterpart:
    """One firm on the other side of a set of links, under every name the links give it."""

    name: str  # the longest of `names`, the fullest form
    names: tuple[str, ...]  # as the links write it, in order of appearance
    links: tuple[SupplyLink, ...]

    @property
    def products(self) -> tuple[str, ...]:
        """The distinct products the links name, in order."""
        return tuple(dict.fromkeys(link.product for link in self.links if link.product))


def cluster_customers(
    links: Iterable[SupplyLink], cluster: str, members: Iterable[str], same: Same = exactly
) -> list[Counterpart]:
    """Whom the cluster supplies: the links of the cluster itself and of its member firms, per customer.

    "The 平湖 cluster supplies 宇树, 智元, 傅利叶": customers in order of first appearance.
    """
    suppliers = [cluster, *members]
    ours = [link for link in links if any(_one(link.supplier, s, same) for s in suppliers)]
    return _grouped(ours, lambda link: link.customer, same)


def customer_suppliers(links: Iterable[SupplyLink], customer: str, same: Same = exactly) -> list[Counterpart]:
    """Who supplies the customer, per supplier, in order of first appearance."""
    theirs = [link for link in links if _one(link.customer, customer, same)]
    return _grouped(theirs, lambda link: link.supplier, same)


def _one(a: str, b: str, same: Same) -> bool:
    return a == b or same(a, b)


def _grouped(links: Sequence[SupplyLink], side: Callable[[SupplyLink], str], same: Same) -> list[Counterpart]:
    """The links grouped by the name on one side, names that `same` joins (transitively) as one."""
    order = {name: i for i, name in enumerate(dict.fromkeys(side(link) for link in links))}
    groups: list[list[str]] = []  # each group's names, and the groups, in order of appearance
    for name in order:
        joined = [i for i, group in enumerate(groups) if any(same(name, other) for other in group)]
        if not joined:
            groups.append([name])
            continue
        first, *rest = joined
        for i in reversed(rest):
            groups[first] += groups.pop(i)
        groups[first] = sorted([*groups[first], name], key=order.__getitem__)
    return [
        Counterpart(max(names, key=len), tuple(names), tuple(link for link in links if side(link) in names))
        for names in groups
    ]
