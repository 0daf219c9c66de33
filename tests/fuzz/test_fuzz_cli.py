"""Fuzzing the arguments and options of every `chainatlas` command that reads or writes the store.

The commands are read from the app (its click tree), so a new command or option is fuzzed without a change
here; those that read files (fuzzed with files elsewhere), write files, or serve are left out. One parameter at a
time gets a payload; every other required one, and every option whose default is text, gets a value nothing
takes (so no command writes), and numeric options keep their defaults. Each call must end with exit 0 (a
listing that matches nothing), 1 (one message) or 2 (a usage error), never a traceback, and leave the store
as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import typer
from hypothesis import given
from hypothesis import strategies as st
from typer._click import Context

from chainatlas.cli import app
from chainatlas.ids import MAX_ID
from cli_runner import run
from fuzzing import FULL, StoreGuard, examples, record

# Read files (fuzzed with files: tests/fuzz/test_fuzz_documents.py, test_fuzz_tables.py), write files, or serve.
LEFT_OUT = {"serve", "init", "backup", "restore", "ingest", "extract", "complexity", "projects import",
            "datasets import", "projects template", "enterprises template"}  # fmt: skip
REFUSED = "(none)"
PAYLOADS = [
    "[bold red]x[/]", "[/]", "[link=javascript:alert(1)]x[/link]", ":warning:", "\x1b[31mred\x1b[0m",
    "' OR '1'='1", "1; DROP TABLE claims; --", "<script>alert(1)</script>", "9223372036854775808",
    "-9223372036854775809", "1e400", "NaN", "-1", "0", "1.5", "", " ", "\t\r\n", "中" * 2000, "../../etc/passwd",
    "2026-02-30", "9999-12-31", "%s%n", "\u202e", "#1", "#99999999999999999999", "#²",
]  # fmt: skip
CI_PAYLOADS = PAYLOADS[:2] + PAYLOADS[5:12] + PAYLOADS[17:19] + PAYLOADS[24:]
# Any text but NUL, which no command line can hold (execve ends each argument at the first NUL).
ARGUMENT_TEXT = st.text(st.characters(exclude_characters="\x00"), max_size=30)


@dataclass(frozen=True)
class Command:
    """A command's words and its parameters: (name, option flag or None for an argument, baseline or None)."""

    words: tuple[str, ...]
    params: tuple[tuple[str, str | None, str | None], ...]

    def argv(self, fuzzed: str, value: str) -> list[str]:
        """The command line with parameter `fuzzed` set to `value`, the others at their baselines."""
        line = list(self.words)
        for name, flag, baseline in self.params:
            chosen = value if name == fuzzed else baseline
            if chosen is not None:
                line += [chosen] if flag is None else [flag, chosen]
        return line


def _baseline(param: Any) -> str | None:
    """A value the parameter takes that makes the command refuse; None to leave it out (a number's default). A
    required number is the largest id, which no record of the seeded store has."""
    if param.required and param.type_descriptor.annotation is int:
        return str(MAX_ID)
    if param.required or isinstance(param.default, str):
        return REFUSED
    return None


def commands() -> list[Command]:
    """Every command of the app but those LEFT_OUT, with its non-flag parameters."""
    found: list[Command] = []

    def walk(group: Any, words: tuple[str, ...]) -> None:
        context = Context(group)  # the root loads each command's module lazily: ask it for each one
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            if hasattr(command, "commands"):
                walk(command, (*words, name))
            elif " ".join((*words, name)) not in LEFT_OUT:
                params = tuple((p.name, None if p.param_type_name == "argument" else p.opts[0], _baseline(p))
                               for p in command.params if not getattr(p, "is_flag", False))  # fmt: skip
                found.append(Command((*words, name), params))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = commands()
TARGETS = [(command, name) for command in COMMANDS for name, _, _ in command.params]


def test_every_command_is_found() -> None:
    words = {" ".join(c.words) for c in COMMANDS}
    assert {"show", "claims review", "users add", "desk open", "chain place", "projects benchmark set"} <= words
    assert not words & LEFT_OUT and len(TARGETS) >= 80


def call(guard: StoreGuard, command: Command, fuzzed: str, value: str) -> None:
    """One call: exit 0, 1 or 2 with no traceback (an exception fails the test), the store unchanged."""
    result = run(guard.store.url, *command.argv(fuzzed, value))
    assert result.exit_code in (0, 1, 2), (command.words, fuzzed, value, result.output)
    assert "Traceback" not in result.output
    outcome = {0: "exit 0", 1: "refused: exit 1", 2: "usage error: exit 2"}[result.exit_code]
    if result.exit_code:
        assert result.stderr.strip(), (command.words, fuzzed, value)
    record(f"chainatlas {' '.join(command.words)}", outcome)
    guard.unchanged(f"{' '.join(command.words)} {fuzzed}={value[:40]!r}")


def sweep() -> Iterator[tuple[Command, str, str]]:
    for command, name in TARGETS:
        for value in PAYLOADS if FULL else CI_PAYLOADS:
            yield command, name, value


def test_every_parameter_of_every_command_with_every_payload(guard: StoreGuard) -> None:
    for command, name, value in sweep():
        call(guard, command, name, value)


@given(target=st.sampled_from(TARGETS), value=ARGUMENT_TEXT)
@examples(ci=200, full=300)
def test_generated_text_in_any_parameter(guard: StoreGuard, target: tuple[Command, str], value: str) -> None:
    call(guard, target[0], target[1], value)
