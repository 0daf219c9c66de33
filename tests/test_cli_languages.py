"""One language at a time in the CLI: representative commands run on the demo atlas in Chinese and in English.

In English no Chinese is printed but names and quoted source text: every run of Chinese characters is part of a
value stored in the atlas (a name, a product, a request's words) or of the bundled chains and townships, or
follows a document's name (the sentence quoted from it). In Chinese no table header has an English word.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import String, Text, select

from chainatlas.chains import bundled_chains
from chainatlas.demo import build
from chainatlas.reference import Townships
from chainatlas.store import tables
from chainatlas.store.session import Store
from cli_runner import run
from page_text import HAN, LATIN, SHARED_WORDS

DAY = dt.date(2026, 7, 15)
TODAY = ("--today", DAY.isoformat())
COMMANDS: list[tuple[str, ...]] = [
    ("clusters",),
    ("show", "平湖机器人关节零部件"),
    ("projects", "list", *TODAY),
    ("projects", "overdue", *TODAY),
    ("projects", "rollup", *TODAY),
    ("chain", "list",),
    ("chain", "gaps", "平湖市"),
    ("chain", "overlap", "嘉兴市"),
    ("supply", "平湖机器人关节零部件"),
    ("specialisation", "平湖市"),
    ("datasets", "list"),
    ("enterprises", "list", "--name", "轴承"),
    ("desk", "list", *TODAY),
    ("designation", "平湖机器人关节零部件", "--year", "2026"),
    ("users", "list"),
]  # fmt: skip
BAD_NAMES: list[tuple[str, ...]] = [
    ("show", "不存在的集群"),
    ("chain", "gaps", "不存在的县"),
    ("projects", "show", "不存在的项目"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, frozenset[str], tuple[str, ...]]]:
    """The demo atlas built for DAY, the text its data holds (names, products, words of requests) and the names
    of its sources (documents, register rows)."""
    folder = tmp_path_factory.mktemp("demo-cli-languages")
    db_url = f"sqlite:///{folder / 'atlas.db'}"
    build(db_url, folder / "files", DAY)
    store = Store(db_url)
    try:
        with store.session() as session:
            held = set(_bundled())
            for table in tables.Base.metadata.sorted_tables:
                for column in table.columns:
                    if isinstance(column.type, String | Text) and column is not tables.Document.__table__.c.text:
                        held.update(v for v in session.scalars(select(column).distinct()) if isinstance(v, str))
            register = select(tables.Enterprise.register_source).where(tables.Enterprise.register_source.is_not(None))
            documents = (*session.scalars(select(tables.Document.name)), *session.scalars(register))
        yield db_url, frozenset(held), documents
    finally:
        store.dispose()


def _bundled() -> Iterator[str]:
    """The names of the bundled chains and their nodes, and of the townships."""
    for chain in bundled_chains():
        yield from (chain.id, chain.name, *chain.aliases)
        for node in chain.nodes:
            yield from (node.id, node.name, *node.terms)
    yield from (township.name for township in Townships.bundled().by_code.values())


def _output(db: str, lang: str, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("CHAINATLAS_LANGUAGE", lang)
    result = run(db, *args)
    return result.exit_code, result.stdout + result.stderr


def _unquoted(line: str, documents: tuple[str, ...]) -> str:
    """The line up to the first document it names: what follows is the document's own words."""
    cuts = [line.index(name) for name in documents if name in line]
    return line[: min(cuts)] if cuts else line


def chinese_outside_data(text: str, held: frozenset[str], documents: tuple[str, ...]) -> list[str]:
    """The runs of Chinese in `text` that are part of no value of the atlas and quote no document."""
    corpus = "\n".join(held)
    lines = (_unquoted(line, documents) for line in text.splitlines())
    return [run for line in lines for run in HAN.findall(line) if run.strip("，、：；（）。 ") and run not in corpus]


def english_in_headers(text: str) -> list[str]:
    """English words in the header rows of the tables of `text` (between ┏ and ┡)."""
    found, header = [], False
    for line in text.splitlines():
        header = line.startswith("┏") or (header and not line.startswith("┡"))
        if header:
            found += [w for w in LATIN.findall(line) if w not in SHARED_WORDS]
    return found


def test_english_output_has_no_chinese_outside_names(
    demo: tuple[str, frozenset[str], tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, held, documents = demo
    found: dict[str, list[str]] = {}
    for args in [*COMMANDS, *BAD_NAMES]:
        code, text = _output(db, "en", args, monkeypatch)
        assert code == (1 if args in BAD_NAMES else 0), (args, text)
        assert LATIN.search(text), (args, text)  # it printed words, not only names and numbers
        if runs := chinese_outside_data(text, held | set(args), documents):  # a name asked for is a name too
            found[" ".join(args)] = sorted(set(runs))
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_chinese_output_has_no_english_headers(
    demo: tuple[str, frozenset[str], tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _, _ = demo
    found: dict[str, list[str]] = {}
    tables_seen = 0
    for args in [*COMMANDS, *BAD_NAMES]:
        code, text = _output(db, "zh", args, monkeypatch)
        assert code == (1 if args in BAD_NAMES else 0), (args, text)
        tables_seen += text.count("┏")
        if words := english_in_headers(text):
            found[" ".join(args)] = sorted(set(words))
    assert found == {} and tables_seen >= 10, json.dumps(found, ensure_ascii=False, indent=1)


def test_a_bad_name_is_told_in_the_command_language(
    demo: tuple[str, frozenset[str], tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _, _ = demo
    assert _output(db, "zh", ("show", "不存在的集群"), monkeypatch) == (1, "没有名为“不存在的集群”的集群或企业\n")
    english = "no cluster or enterprise called “不存在的集群”\n"
    assert _output(db, "en", ("show", "不存在的集群"), monkeypatch) == (1, english)


def test_the_checks_catch_the_other_language() -> None:
    """The checkers themselves: a label left in Chinese, an English header."""
    held = frozenset({"平湖市"})
    assert chinese_outside_data("County: 平湖市, 产值 ¥1 bn", held, ()) == ["产值"]
    assert chinese_outside_data("doc.txt: 一句原文。", held, ("doc.txt",)) == []
    assert english_in_headers("┏━━┓\n┃ 项目 ┃ status ┃ LQ ┃\n┡━━┩\n│ done │") == ["status"]


def test_bad_paths_fail_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A message built around a path keeps the path as written, in either language."""
    target = tmp_path / "missing" / "模板.xlsx"
    code, text = _output(f"sqlite:///{tmp_path / 'a.db'}", "en", ("projects", "template", str(target)), monkeypatch)
    assert code == 1 and text.startswith(f"{target}: cannot write: ") and text.count("\n") == 1


def _open_request(db: str) -> int:
    """A request of the demo still waiting for its answer."""
    store = Store(db)
    try:
        with store.session() as session:
            found = session.scalar(select(tables.ServiceRequest.id).where(tables.ServiceRequest.status == "open"))
    finally:
        store.dispose()
    assert found is not None
    return found


def test_errors_raised_in_the_services_are_told_in_the_command_language(
    demo: tuple[str, frozenset[str], tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused state move, a short password, a year the dataset lacks, an unknown ingest run: the reason is
    raised deep in the services and read in the language of the command that prints it."""
    db, _, _ = demo
    request = _open_request(db)
    refused: dict[tuple[str, ...], tuple[str, str]] = {
        ("desk", "confirm", str(request)): (
            f"诉求 #{request}无法确认办结：它待答复，而非已办结",
            f"cannot confirm request #{request}: it is open, not resolved",
        ),
        ("users", "add", "新来的", "--password", "short"): (
            "密码至少需要8个字符", "a password needs at least 8 characters"
        ),
        ("specialisation", "平湖市", "--dataset", "嘉兴县域规上工业产值（构造）", "--year", "1999"): (
            "嘉兴县域规上工业产值（构造）：没有1999年（已有年份：",
            "嘉兴县域规上工业产值（构造）: no year 1999 (years: ",
        ),
        ("ingest", "--resume", "9999"): ("没有导入运行 #9999（", "no ingest run #9999 ("),
    }  # fmt: skip
    for args, (chinese, english) in refused.items():
        for lang, said in (("zh", chinese), ("en", english)):
            code, text = _output(db, lang, args, monkeypatch)
            assert code == 1 and text.startswith(said) and text.count("\n") == 1, (args, lang, text)


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_briefing_is_written_in_the_command_language(
    demo: tuple[str, frozenset[str], tuple[str, ...]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Chinese by default; in English no Chinese but names and the titles of the sources."""
    db, held, documents = demo
    texts = {}
    for lang in ("zh", "en"):
        out = tmp_path / f"{lang}.docx"
        code, said = _output(db, lang, ("briefing", "平湖机器人关节零部件", "--out", str(out), *TODAY), monkeypatch)
        assert code == 0, said
        texts[lang] = _docx_text(out)
    assert "一、主要指标" in texts["zh"] and "三、滞后项目" in texts["zh"]
    assert "1. Key figures" in texts["en"] and "3. Projects behind schedule" in texts["en"]
    assert chinese_outside_data(texts["en"], held, documents) == []


def test_help_reads_in_the_command_language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each command's help is its docstring's first line (options: their help), translated: the root's list, a
    group's list of commands and a command's own help."""
    db = f"sqlite:///{tmp_path / 'a.db'}"
    shown = {}
    for lang in ("zh", "en"):
        for args in (("--help",), ("desk", "--help"), ("desk", "respond", "--help")):
            code, text = _output(db, lang, args, monkeypatch)
            assert code == 0, text
            shown[lang, args] = " ".join(text.split())  # Rich wraps and frames the text
    assert "产业集群及每项数据的来源。" in shown["zh", ("--help",)]
    assert "项目服务诉求：提出 → 答复 → 办结 → 确认。" in shown["zh", ("--help",)]
    assert "责任部门答复一项待答复的诉求。" in shown["zh", ("desk", "--help")]
    assert "部门的答复。" in shown["zh", ("desk", "respond", "--help")]
    assert "Service requests on projects: open → respond → resolve → confirm." in shown["en", ("--help",)]
    assert "The responsible department answers an open request." in shown["en", ("desk", "--help")]
    assert "The department's response." in shown["en", ("desk", "respond", "--help")]
    assert not HAN.search(shown["en", ("desk", "--help")])
