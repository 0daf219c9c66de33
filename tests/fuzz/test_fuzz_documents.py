"""Fuzzing `ingest` and `extract` with text files: every encoding the decoder reads, broken ones, and odd files.

`extract` gets any text in UTF-8, UTF-8 with BOM and GB18030 (valid pages or not) and must print JSON Lines or
refuse with one line; `ingest` gets only files the decoder must refuse (NUL bytes, control characters, bytes
neither UTF-8 nor GB18030, a BOM before bad UTF-8, whitespace, UTF-16 and UTF-32), sparse files past the
limit (200 MB among them), symlink loops, dangling links, links to devices and folders of such files, and
must skip each with one line naming it, exit 1 and leave the store as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from bad_files import sparse
from chainatlas.ingest.decode import MAX_BYTES
from cli_runner import run
from fuzzing import StoreGuard, examples, record

# Text a page could hold: Chinese, ASCII, full-width forms, punctuation, controls and odd code points.
PAGE_TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from("，。；：、“”（）《》亿元万吨年月日%—…·\n\r\t\u3000\ufeff\u200b"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=400,
)
ENCODED = st.tuples(PAGE_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])).map(
    lambda pair: pair[0].encode(pair[1])
)


def _with(data: bytes, insert: bytes, at: int) -> bytes:
    at = at % (len(data) + 1)
    return data[:at] + insert + data[at:]


# Bytes the decoder must refuse, each for a reason it names.
UNREADABLE = st.one_of(
    st.builds(_with, ENCODED, st.just(b"\x00"), st.integers(0, 1 << 16)),  # NUL bytes
    st.binary(min_size=1, max_size=64).map(lambda b: b + b"\x01\x02\x03\x04" * (len(b) + 1)),  # controls
    # 0xFF is no byte of any UTF-8 or GB18030 sequence (0x80 can end a GB18030 pair: b"\xef\x80" reads as 颿)
    st.builds(_with, ENCODED, st.sampled_from([b"\xff", b"\xff\xff", b"\xfe\xff"]), st.integers(0, 1 << 16)),
    ENCODED.map(lambda data: b"\xef\xbb\xbf" + data + b"\xc3\x28"),  # a BOM before bad UTF-8
    st.tuples(st.text(" \t\r\n\u3000\u00a0", max_size=60), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])).map(
        lambda pair: pair[0].encode(pair[1])  # only whitespace
    ),
    st.tuples(PAGE_TEXT, st.sampled_from(["utf-16", "utf-16-le", "utf-32"])).map(
        lambda pair: ("ascii " + pair[0]).encode(pair[1])  # ASCII in UTF-16/32 carries NUL bytes
    ),
)


def refused_once(result: Result, path: Path, entry: str) -> None:
    """Exit 1, no traceback, and exactly one line of stderr naming the file."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    naming = [line for line in result.stderr.splitlines() if path.name in line]
    assert len(naming) == 1, result.stderr
    record(entry, "refused: exit 1, one line")


@given(data=ENCODED)
@examples(ci=300, full=1000)
def test_extract_reads_any_text_or_refuses_it_in_one_line(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    result = run("sqlite://", "extract", path)
    if result.exit_code == 0:
        assert all(json.loads(line) for line in result.stdout.splitlines())
        record("extract", "read: exit 0, JSON Lines")
    else:
        refused_once(result, path, "extract")
        assert result.stderr.startswith(f"cannot read {path}: ")


@given(data=UNREADABLE)
@examples(ci=300, full=1000)
def test_extract_refuses_unreadable_bytes(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    refused_once(run("sqlite://", "extract", path), path, "extract")


@given(data=UNREADABLE)
@examples(ci=150, full=400)
def test_ingest_skips_unreadable_bytes_and_stores_nothing(data: bytes, guard: StoreGuard, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    refused_once(run(guard.store.url, "ingest", "--workers", "1", path), path, "ingest")
    guard.unchanged(repr(data[:40]))


def odd_files(folder: Path) -> list[Path]:
    """Files no command may read: past the size limit (200 MB among them), symlink loops, dangling links, a
    link to a device, a huge line of control characters."""
    made = [sparse(folder / "sparse-200MB.txt", 200 * 1024 * 1024), sparse(folder / "limit+1.txt", MAX_BYTES + 1)]
    (folder / "huge-line.txt").write_bytes(b"\x01" * (MAX_BYTES // 4))  # one 5 MiB line of control characters
    made.append(folder / "huge-line.txt")
    links = {"loop-a.txt": "loop-b.txt", "loop-b.txt": "loop-a.txt", "self.txt": "self.txt",
             "dangling.txt": "gone.txt", "zero.txt": "/dev/zero", "null.txt": "/dev/null"}  # fmt: skip
    for name, target in links.items():
        os.symlink(target, folder / name)
        made.append(folder / name)
    return made


def test_odd_files_are_refused_by_extract_and_ingest(guard: StoreGuard, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    for path in odd_files(folder):
        for entry, args in (("extract", ("extract",)), ("ingest", ("ingest", "--workers", "1"))):
            result = run(guard.store.url if entry == "ingest" else "sqlite://", *args, path)
            refused_once(result, path, entry)
            guard.unchanged(path.name)


def test_a_folder_of_bad_files_is_skipped_file_by_file(guard: StoreGuard, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    made = odd_files(folder)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.txt").write_bytes(b"")
    result = run(guard.store.url, "ingest", "--workers", "1", folder)
    assert result.exit_code == 1 and "Traceback" not in result.output
    skipped = [line for line in result.stderr.splitlines() if line.strip().startswith("skipped ")]
    regular = [p for p in made if p.is_file()] + [folder / "binary.txt", folder / "empty.txt"]
    assert sorted(skipped) == sorted(line for line in skipped if any(p.name in line for p in regular))
    assert len(skipped) == len(regular)
    record("ingest (folder)", "refused: exit 1, one line per file")
    guard.unchanged("a folder of bad files")
