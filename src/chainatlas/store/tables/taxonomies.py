"""Reference taxonomies, keyed by their official codes: regions and industries.

Annotations are evaluated as Python reads them (no ``from __future__ import annotations``), see `store.tables`.
"""


from sqlalchemy import (
    Boolean,
    ForeignKey,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from chainatlas.store.tables.base import CODE, Base


class Region(Base):
    """An administrative division (province, prefecture or county) by its statistical code."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(CODE, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    level: Mapped[str] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    functional: Mapped[bool] = mapped_column(Boolean, default=False)


class Industry(Base):
    """A GB/T 4754-2017 code: section (A…T), division, group or class (2, 3, 4 digits)."""

    __tablename__ = "industries"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("industries.code"), index=True)

