"""What the store tests compare claims by."""

from __future__ import annotations

from chainatlas.store import tables

# A claim's content, without its ids: two stores' (or two documents') claims compare on these.
CLAIM_CONTENT = (
    tables.Claim.kind,
    tables.Claim.metric,
    tables.Claim.value,
    tables.Claim.period,
    tables.Claim.span_start,
    tables.Claim.span_end,
    tables.Claim.data,
)
