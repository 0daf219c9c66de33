"""Lines of a page and their shapes (title, prose, metadata, jump), and body paragraphs with column breaks repaired."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from chainatlas.domain import Span
from chainatlas.ingest.credits import CREDIT_MARKS, LEAD

# Punctuation that ends a sentence, and closers that may follow it (…感情。”).
_SENTENCE_END = frozenset("。！？!?…；;")
_SENTENCE_END_INSIDE = re.compile("[。！？!?…；;]")
_CLOSERS = "”’」』)）》〉】\"'"
# A line ending in one of these is prose, never a headline.
_PROSE_END = frozenset("。；;，,、：:…")
# A line ending in a comma or in 的 was cut by a column break: the next piece continues it.
_CUT_END = frozenset("，,、的")
_MAX_HEADLINE = 64
_MAX_HEADING = 24

JUMP = re.compile(r"[（(]?\s*(?:下转|下轉|转|轉)\s*第?\s*([A-Za-z]?\d+|[一二三四五六七八九十]+)\s*版\s*[）)]?")
"""A jump line (`下转2版`); group 1 is the page it continues on."""
_ENUMERATION = re.compile(r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))")
_CONTINUATION = re.compile(r"[（(](?:上接|上轉|接)")
# Site metadata above or below an article: key: value lines, page labels, breadcrumbs, time stamps.
_META_KEYS = (
    "时间|時間|日期|来源|來源|作者|编辑|編輯|责编|責編|索引号|索引號|文号|文號|机构|機構|分类|分類|方式"
    "|原标题|原標題|转自|轉自|次数|次數|关键字|關鍵字|关键词|浏览|瀏覽|点击|點擊|字号|字號|阅读量|閱讀量"
)
_META = re.compile(
    rf"[（(\[【]?[^：:]{{0,8}}?(?:{_META_KEYS})[：:]"
    r"|\S{0,6}版[：:]"
    r"|.*[>›»]"
    r"|.*\d{4}[-/年.]\s*\d{1,2}[-/月.]\s*\d{1,2}日?\s*\d{1,2}\s*:\s*\d{2}"
    r"|\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?$"
)


# Where site furniture starts on a web page's title line: a separator, a time stamp, a font switch, a byline mark.
_TITLE_TAIL = re.compile(
    r"\s*(?:[|｜■]|\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|放大字[体體]|发布日期|發佈日期|发布时间|發布時間)"
)
# A label in brackets opening a title line (【摘要】, 【专题】): not part of the title.
_TITLE_LABEL = re.compile(r"【[^】]{1,6}】\s*")
# A picture caption's tag on a line of its own: (资料图), 图为…, 摄影…; and a page's furniture: view counts,
# font-size switches, share prompts, separators, a breadcrumb opening with 首页.
_PICTURE = re.compile(
    r"[（(]?(?:相关)?(?:资料图|資料圖|图片|圖片|图为|圖為|摄影|攝影)|\d+次(?:浏览|瀏覽|阅读|閱讀)?$|[大中小]?字[号號]"
    r"|扫一扫|掃一掃|分享到|[|｜]+$|首[页頁](?=\S{0,6}(?:正文|新闻|新聞|产经|產經|>))"
)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph with column breaks repaired: `text` is original pieces joined."""

    text: str
    pieces: tuple[tuple[int, int], ...]  # (offset in text, offset in document) where each piece starts

    def to_document(self, index: int) -> int:
        """The document offset of `text[index]` (an index at a piece boundary maps to the later piece)."""
        k = max(bisect_right(self._starts(), index) - 1, 0)
        return self.pieces[k][1] + index - self.pieces[k][0]

    def span(self, start: int, end: int) -> Span:
        """The document span of `text[start:end]`; an end at a piece boundary closes the earlier piece."""
        if end <= start:
            return Span(self.to_document(start), self.to_document(start))
        k = max(bisect_left(self._starts(), end) - 1, 0)
        return Span(self.to_document(start), self.pieces[k][1] + end - self.pieces[k][0])

    def _starts(self) -> list[int]:
        return [text_offset for text_offset, _ in self.pieces]


Block = list[int]  # indices of lines, top to bottom


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a document, trimmed of surrounding whitespace, with its document offsets."""

    start: int  # document offset of the first non-space character
    end: int  # document offset after the last non-space character
    text: str  # the line without surrounding whitespace


def split_lines(text: str, start: int) -> list[Line]:
    """The lines of `text` from `start`, each trimmed of whitespace (blank lines have empty text)."""
    lines = []
    pos, size = start, len(text)
    while pos < size:
        newline = text.find("\n", pos)
        end = size if newline < 0 else newline
        raw = text[pos:end]
        stripped = raw.strip()
        first = pos + len(raw) - len(raw.lstrip()) if stripped else pos
        lines.append(Line(first, first + len(stripped), stripped))
        pos = end + 1
    return lines


def _last_char(text: str) -> str:
    trimmed = text.rstrip(_CLOSERS)
    return trimmed[-1] if trimmed else ""


def ends_sentence(text: str) -> bool:
    """Whether `text` ends in sentence-ending punctuation (closing quotes and brackets ignored)."""
    return _last_char(text) in _SENTENCE_END


def is_prose_start(text: str) -> bool:
    """Whether `text` opens like body prose: a lead (本报讯), an enumeration or a continuation (上接)."""
    return bool(LEAD.match(text) or _ENUMERATION.match(text) or _CONTINUATION.match(text))


def is_meta(text: str) -> bool:
    """Site metadata: key: value lines, page labels, breadcrumbs, time stamps, picture tags (spaces ignored)."""
    squeezed = "".join(text.split())
    return bool(_META.match(squeezed) or _PICTURE.match(squeezed))


def title_part(line: Line) -> Line:
    """A web page's line without the site furniture run into it: `【摘要】标题■作者`, `标题|栏目|2016-04-19`,
    `标题2022-08-31编辑:某` keep only the title (a line that is all furniture stays whole, for is_meta)."""
    label = _TITLE_LABEL.match(line.text)
    start = label.end() if label else 0
    tail = _TITLE_TAIL.search(line.text, start + 4)
    end = tail.start() if tail else len(line.text)
    if start == 0 and end == len(line.text):
        return line
    return Line(line.start + start, line.start + end, line.text[start:end])


def title_shaped(text: str, loose: bool = False) -> bool:
    """Could `text` be (part of) a headline? `loose` also admits a title ending in ! or ?."""
    if not text or len(text) > _MAX_HEADLINE or is_prose_start(text) or JUMP.fullmatch(text):
        return False
    last = _last_char(text)
    return last not in _PROSE_END and (loose or last not in _SENTENCE_END)


def headline_text(lines: list[Line], block: Block) -> str:
    """The lines of `block` joined with all whitespace removed."""
    return "".join("".join(lines[i].text.split()) for i in block)


def block_span(lines: list[Line], block: Block) -> Span:
    """The document span from the first line of `block` to the end of its last."""
    return Span(lines[block[0]].start, lines[block[-1]].end)


def build_paragraphs(lines: list[Line], block: Block) -> list[Paragraph]:
    """Body lines as paragraphs, a line cut by a column break joined to the line that continues it."""
    paragraphs: list[Paragraph] = []
    text, pieces = "", list[tuple[int, int]]()
    for i in block:
        line = lines[i]
        if pieces and not _continues(text, line.text):
            paragraphs.append(Paragraph(text, tuple(pieces)))
            text, pieces = "", []
        pieces.append((len(text), line.start))
        text += line.text
    if pieces:
        paragraphs.append(Paragraph(text, tuple(pieces)))
    return paragraphs


def _continues(before: str, after: str) -> bool:
    """Whether `after` continues a sentence a column break cut at the end of `before`."""
    if ends_sentence(before) or is_prose_start(after) or after[0] in CREDIT_MARKS:
        return False
    cut = _last_char(before) in _CUT_END
    return cut or len(before) > _MAX_HEADING or _SENTENCE_END_INSIDE.search(before) is not None


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of `text` holding [start, end), joined across column breaks, blank ends trimmed."""
    left, right = _sentence_start(text, start), _sentence_end(text, end)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def _cut(line: str) -> bool:
    """Whether a column break cut this line mid-sentence."""
    line = line.strip()
    return bool(line) and line[-1] not in _SENTENCE_END and (line[-1] in _CUT_END or len(line) > _MAX_HEADING)


def _line_before(text: str, index: int) -> str:
    """The last non-blank line ending before `index`."""
    stop = index
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    return text[text.rfind("\n", 0, stop) + 1 : stop]


def _sentence_start(text: str, index: int) -> int:
    at = index
    while at > 0:
        char = text[at - 1]
        if char in _SENTENCE_END or (char == "\n" and not _cut(_line_before(text, at - 1))):
            return at
        at -= 1
    return 0


def _sentence_end(text: str, index: int) -> int:
    if index > 0 and text[index - 1] in _SENTENCE_END:
        return index
    at = index
    while at < len(text):
        char = text[at]
        if char in _SENTENCE_END:
            return at + 1
        if char == "\n" and not _cut(_line_before(text, at)):
            return at
        at += 1
    return len(text)
