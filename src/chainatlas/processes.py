"""Which process runs a piece of work, and whether it still lives: its host, its id and its start time (so a later
process given the same id is not taken for it). A process on the same host can tell; one on another host cannot,
and says so (`alive` is None)."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

import psutil


def _start(pid: int) -> str:
    """When `pid` started (seconds since the epoch, as the system gives them), '' when there is no such process."""
    try:
        return repr(psutil.Process(pid).create_time())
    except psutil.Error:
        return ""


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
        try:
            process = psutil.Process(self.pid)
            return process.status() != psutil.STATUS_ZOMBIE and repr(process.create_time()) == self.started
        except psutil.NoSuchProcess:
            return False
        except psutil.AccessDenied:
            return True  # another user's process of that id
