"""Which URLs a page may put in an `href`: the Jinja test `link`, used by every template that links a value.

A document's `source_url` comes from the document itself, so it may say `javascript:…` or `data:…`; such a URL
is shown as text, never as a link. Linked are http(s) URLs with a host and paths on this site (`/…`, `#…`);
`//host` and `/\\host` (which browsers read as another host) and any URL holding a control character (browsers
drop tabs and line breaks, so `java\\tscript:` would run) are not.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WEB = re.compile(r"https?://[^/\\?#\s]", re.IGNORECASE)


def is_link(url: object) -> bool:
    """Whether `url` may be an href: an http(s) URL with a host, a path on this site, or a #fragment."""
    if not isinstance(url, str) or not url or _CONTROL.search(url):
        return False
    if url.startswith("#"):
        return True
    if url.startswith("/"):
        return url[1:2] not in ("/", "\\")
    return _WEB.match(url) is not None
