"""Statistical datasets (region × activity × year) and their values.

Annotations are evaluated as Python reads them (no ``from __future__ import annotations``), see `store.tables`.
"""

import datetime as dt

from sqlalchemy import (
    DateTime,
    Double,
    ForeignKey,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from chainatlas.store.tables.base import Base


class Dataset(Base):
    """An imported statistical panel (a yearbook table): one metric by region, activity and year.

    Regions and activities are kept as the file writes their codes (administrative codes and
    GB/T 4754 codes for Chinese yearbooks, anything else for a reference panel such as world trade).
    """

    __tablename__ = "datasets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    metric: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Statistic(Base):
    """One cell of a dataset: the value of its metric for a region, an activity and a year (or none)."""

    __tablename__ = "statistics"
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), index=True)
    region: Mapped[str] = mapped_column(String(40))
    activity: Mapped[str] = mapped_column(String(60))
    year: Mapped[str | None] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Double)
    __table_args__ = (UniqueConstraint("dataset_id", "region", "activity", "year"),)

