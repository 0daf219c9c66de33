"""Text search through the trigram indexes migration 0010 builds, answering as a scan of every row would.

A search asks for rows whose column holds some text, ignoring case: `lower(column) LIKE lower('%text%')`. On SQLite an
FTS5 table with the trigram tokenizer first narrows the rows to those holding every trigram of the text (three
characters or more; a shorter one such as 嘉兴 has none, and is looked for in every row), and the same LIKE then
decides, so the index changes only the speed, never the answer. On PostgreSQL the planner answers that very
LIKE from the `pg_trgm` GIN index on the lowered column.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, column, func, literal_column, or_, select, table
from sqlalchemy.orm import InstrumentedAttribute, Session

TRIGRAM = 3  # the shortest text a trigram index can look up
# The SQLite FTS5 tables (each keeps its index in shadow tables `NAME_*`) and the PostgreSQL GIN indexes.
FTS_TABLES = ("document_search", "entity_search", "alias_search")
GIN_INDEXES = (
    "ix_documents_name_trgm",
    "ix_documents_text_trgm",
    "ix_entities_name_trgm",
    "ix_entity_aliases_alias_trgm",
)
SEARCH_INDEX = frozenset({*FTS_TABLES, *GIN_INDEXES})


def beside_models(name: str | None) -> bool:
    """Whether a database object belongs to the search indexes, which the models do not describe."""
    return name is not None and (name in SEARCH_INDEX or name.startswith(tuple(f"{t}_" for t in FTS_TABLES)))


def _pattern(part: str) -> str:
    """A LIKE pattern (escaped with /) for text holding `part`."""
    escaped = part.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def holding(
    session: Session, index: str, key: InstrumentedAttribute[int], columns: Sequence[InstrumentedAttribute[str]],
    part: str,
) -> ColumnElement[bool]:  # fmt: skip
    """Rows one of whose `columns` holds `part`, ignoring case; on SQLite narrowed first by the FTS5 table
    `index` over those columns, whose rowid is `key`."""
    pattern = func.lower(_pattern(part))  # lowered as the column is (SQLite's lower() folds ASCII only)
    found = or_(*(func.lower(c).like(pattern, escape="/") for c in columns))
    if session.get_bind().dialect.name != "sqlite" or len(part) < TRIGRAM:
        return found
    phrase = '"' + part.replace('"', '""') + '"'
    indexed = select(table(index, column("rowid")).c.rowid).where(literal_column(index).op("MATCH")(phrase))
    return key.in_(indexed) & found
