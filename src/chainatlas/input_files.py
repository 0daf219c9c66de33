"""Opening input files with bounds: regular files only, their size and (for zip archives) unpacked size checked first.

A FIFO blocks its reader until someone writes, a device such as /dev/zero never ends, and a directory is no
file: each is refused by name before a byte is read. The path is checked, opened without blocking (so a FIFO
put in its place meanwhile cannot hang the open) and checked again on the open descriptor, so what is checked
is what is read. Sizes are checked before reading, and reading stops one byte past the limit in case the file
grew or its size was not known (files under /proc report 0).
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class InputRefused(Exception):
    """A file that is not read: not a regular file, or larger than allowed; `reason` says which."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _check(path: Path, info: os.stat_result, max_bytes: int) -> None:
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise InputRefused(path, f"{kind}, not a regular file")
    if not stat.S_ISREG(info.st_mode):
        raise InputRefused(path, "not a regular file")
    if info.st_size > max_bytes:
        raise InputRefused(path, too_large(info.st_size, max_bytes))


def too_large(size: int, max_bytes: int) -> str:
    """The reason given for a file of `size` bytes over the limit."""
    return f"{size} bytes, more than the limit of {max_bytes}"


def open_regular(path: Path, max_bytes: int) -> io.BufferedReader:
    """`path` opened for reading bytes; :class:`InputRefused` unless it is a regular file of at most `max_bytes`."""
    try:
        _check(path, path.stat(), max_bytes)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputRefused(path, "no such file") from None
    except OSError as error:
        raise InputRefused(path, f"cannot open ({error.strerror or error})") from None
    try:
        _check(path, os.fstat(descriptor), max_bytes)
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes` (:class:`InputRefused` otherwise)."""
    with open_regular(path, max_bytes) as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise InputRefused(path, f"cannot read ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise InputRefused(path, f"more than the limit of {max_bytes} bytes")
    return data


def check_elements(handle: BinaryIO, path: Path, maxima: Mapping[str, tuple[int, str]]) -> None:
    """Refuse a zip archive one of whose XML members holds more elements of a local name than `maxima` allows
    (name → (maximum, what they are)), counted on the unpacked stream without parsing it, so that a parser that
    keeps every element it has seen (a reader holding a whole sheet in memory) is never handed millions of
    them. Stops at the first count past its maximum. The handle is left at its start."""
    names = "|".join(re.escape(name) for name in maxima)
    tag = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(" + names.encode() + rb")[\s/>]")
    with zipfile.ZipFile(handle) as archive:
        for member in (m for m in archive.infolist() if m.filename.endswith(".xml")):
            counts = dict.fromkeys(maxima, 0)
            with archive.open(member) as stream:
                tail = b""
                while True:
                    data = stream.read(1 << 20)
                    window = tail + data
                    # up to the last "<": every tag that starts before it ends before it; the rest waits for more
                    cut = window.rfind(b"<") if data else len(window)
                    cut = len(window) if cut < 0 else cut
                    found = tag.findall(window, 0, cut)
                    for name, (maximum, what) in maxima.items():
                        counts[name] += found.count(name.encode())
                        if counts[name] > maximum:
                            raise InputRefused(path, f"{member.filename} holds more than {maximum} {what}")
                    if not data:
                        break
                    tail = window[cut:]
    handle.seek(0)


def check_unpacked(handle: BinaryIO, path: Path, max_total: int, max_member: dict[str, int] | None = None) -> None:
    """Refuse a zip archive that would unpack to more than `max_total` bytes, or a member named in `max_member` to
    more than its own limit, from its directory alone (zipfile stops a member that unpacks past the size the
    directory declares). Not a zip archive: `zipfile.BadZipFile`. The handle is left at its start."""
    with zipfile.ZipFile(handle) as archive:
        members = archive.infolist()
    handle.seek(0)
    for member in members:
        limit = (max_member or {}).get(member.filename)
        if limit is not None and member.file_size > limit:
            raise InputRefused(path, f"{member.filename} unpacks to {too_large(member.file_size, limit)}")
    total = sum(member.file_size for member in members)
    if total > max_total:
        raise InputRefused(path, f"unpacks to {too_large(total, max_total)} ({len(members)} members)")
