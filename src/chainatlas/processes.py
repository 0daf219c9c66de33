"""Which process runs a piece of work, and whether it still lives: its host, its id and its start (the clock
ticks since boot Linux gives in /proc, so a later process given the same id is not taken for it; elsewhere the
id alone). A process on the same host can tell; one on another host cannot, and says so (`alive` is None)."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

_PROC = Path("/proc")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), or None without /proc or that process."""
    try:
        text = (_PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def _start(pid: int) -> str:
    """When `pid` started, in clock ticks since boot ('' where /proc is not there to say)."""
    fields = _stat(pid)
    return fields[19] if fields else ""


@dataclass(frozen=True, slots=True)
class Owner:
    """A process: the host it runs on, its id, and when it started ('' where the system does not say)."""

    host: str
    pid: int
    started: str

    @classmethod
    def of(cls, pid: int) -> Owner:
        """The process `pid` of this host."""
        return cls(socket.gethostname(), pid, _start(pid))

    @classmethod
    def this(cls) -> Owner:
        """The current process."""
        return cls.of(os.getpid())

    def alive(self) -> bool | None:
        """Whether the process still runs (a zombie does not); None when it runs on another host."""
        if self.host != socket.gethostname():
            return None
        if _PROC.is_dir():
            fields = _stat(self.pid)
            return fields is not None and fields[0] != "Z" and fields[19] == self.started
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # another user's process of that id
        return True
