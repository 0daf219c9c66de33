"""Supply links: 配套份额, 为…配套, 装配到 — who supplies whom, with product and share."""

from __future__ import annotations

import re

from chainatlas.domain import Role, SupplyFact, Unit
from chainatlas.ingest import names, relations
from chainatlas.ingest.context import Focus, Sentence
from chainatlas.ingest.entities import Entity
from chainatlas.ingest.numbers import Quantity, find_quantities
from chainatlas.ingest.state import Reader, written


class SupplyReader(Reader):
    """Reads who supplies whom."""

    def read_supply(self, sentence: Sentence, focus: Focus) -> set[int]:
        """Supply links; returns the starts of quantities they used (their shares)."""
        self.supply_lists(sentence, focus)
        self.supply_customers(sentence)
        self.supply_deliveries(sentence, focus)
        return self.supply_shares(sentence)

    def supply_shares(self, sentence: Sentence) -> set[int]:
        """X的<产品>在Y、Z等企业的配套份额超30%."""
        text = sentence.text
        share = relations.share_clause(text)
        firms = sentence.of_kind("enterprise")
        if share is None or len(firms) < 2:
            return set()
        supplier, customers = firms[0], [m for m in firms[1:] if m.end <= share.start()]
        quantity = next((q for q in find_quantities(text[share.end():]) if q.unit is Unit.RATIO), None)
        product = self.between(text, supplier.end, customers[0].start) if customers else None
        for customer in customers:
            self.supply(sentence, supplier.entity, customer.entity, product, quantity)
        return {share.end() + quantity.start} if quantity is not None else set()

    def supply_lists(self, sentence: Sentence, focus: Focus) -> None:
        """为Y、Z等知名企业配套: the sentence's subject supplies each."""
        for targets in relations.supply_targets(sentence.text):
            first = targets[0][0] if targets else 0
            named = sentence.before(first, "cluster", "enterprise")
            supplier = named.entity if named else focus.referred(sentence, first)
            supplier = supplier or focus.of("cluster") or focus.of("enterprise")
            for start, end in targets:
                customer = self.customer_at(sentence, start, end)
                if supplier is not None and customer is not None and customer is not supplier:
                    self.supply(sentence, supplier, customer, None, None)

    def supply_customers(self, sentence: Sentence) -> None:
        """Y是X的重要客户: X supplies Y."""
        for customer_span, supplier_span in relations.customer_of(sentence.text):
            supplier = self.customer_at(sentence, *supplier_span)
            customer = self.customer_at(sentence, *customer_span)
            if supplier is not None and customer is not None and customer is not supplier:
                self.supply(sentence, supplier, customer, None, None)

    def supply_deliveries(self, sentence: Sentence, focus: Focus) -> None:
        """<产品>将被装配到Y / 供货给Y: the firm in focus supplies Y."""
        firms = sentence.of_kind("enterprise")
        for start, end in relations.delivered_to(sentence.text):
            supplier = firms[0].entity if firms and firms[0].start < start else focus.of("enterprise")
            customer = self.customer_at(sentence, start, end)
            products = relations.products_before(sentence.text, start)
            if supplier is not None and customer is not None and customer is not supplier:
                self.supply(sentence, supplier, customer, products[0] if products else None, None)
                supplier.add_products(products)

    @staticmethod
    def between(text: str, start: int, end: int) -> str | None:
        """The product between a supplier and its customers (X的谐波减速器在Y…)."""
        middle = text[start:end].strip("的在为向")
        middle = re.sub("^的|在$", "", middle)
        return middle if 2 <= len(middle) <= 12 else None

    def customer_at(self, sentence: Sentence, start: int, end: int) -> Entity | None:
        inside = [m for m in sentence.of_kind("enterprise") if m.start >= start and m.end <= end]
        if inside:
            return inside[0].entity
        name = sentence.text[start:end]
        if not names.plausible_firm(name):
            return None
        entity = self.registry.add("enterprise", name, sentence.span(start, end))
        self.registry.aliases.setdefault(name, entity)
        return entity

    def supply(
        self, sentence: Sentence, supplier: Entity, customer: Entity, product: str | None,
        share: Quantity | None,
    ) -> None:
        if customer.role is None or customer.role is Role.LEADER:
            customer.role = Role.CUSTOMER
        customer.region, customer.region_code, customer.region_rank = None, None, 9
        self.facts.append(SupplyFact(
            self.document.name, sentence.span(), 0.8, supplier=written(supplier, sentence.text),
            customer=written(customer, sentence.text),
            product=product, share=share.value if share else None,
            qualifier=share.qualifier if share else None,
        ))
