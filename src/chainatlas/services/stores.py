"""Opening the store, for the shells: its handle and the URL it is opened at.

Both are the store's own, re-exported rather than wrapped: the shells hold the handle to open the sessions and
transactions they hand to every service call (`store.session()`, `store.transaction()`), and a wrapper would only
copy its interface; the URL is the one the CLI shows and the web server hands to its workers.
"""

from __future__ import annotations

from chainatlas.store.session import Store, database_url

__all__ = ["Store", "database_url"]
