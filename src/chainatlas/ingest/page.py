"""Split a document into articles: headline, bylines, dateline, jump and body, all with offsets.

Two genres are read. A newspaper page carries several articles, each anchored on a byline line
(`■记者 陈曦 通讯员 黎晔萍`) or a photo credit (`■摄影 记者 张启帆`): the headline block stands above
a byline, a photo's caption above its credit and its title below. A web page holds one article:
a title line among site metadata (发布时间, 来源, 索引号, breadcrumbs), then the body.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from chainatlas.domain import ArticleFact, ArticleKind, Span
from chainatlas.ingest.document import Document

# Punctuation that ends a sentence, and closers that may follow it (…感情。”).
_SENTENCE_END = frozenset("。!?!?…;;")
_SENTENCE_END_INSIDE = re.compile("[。!?!?…;;]")
_CLOSERS = "”’」』)）》〉】\"'"
# A line ending in one of these is prose, never a headline.
_PROSE_END = frozenset("。;;,,、::…")
# A line ending in a comma or in 的 was cut by a column break: the next piece continues it.
_CUT_END = frozenset(",,、的")
_MAX_HEADLINE = 64
_MAX_HEADING = 24
_MAX_CREDIT_LINE = 40

_CREDIT_MARKS = "■●▲◆□◇★☆"
_REPORTER = "本报记者|本報記者|特约记者|見習記者|见习记者|实习记者|記者|记者"
_CORRESPONDENT = "特约通讯员|通讯员|通訊員"
_PHOTOGRAPHER = "摄影|攝影|摄|攝"
_OTHER_ROLE = "责任编辑|責任編輯|责编|責編|编辑|編輯|校对|審核|审核|来源|來源|报道|報道"
_CREDIT_TOKEN = re.compile(
    rf"(?P<reporter>{_REPORTER})|(?P<correspondent>{_CORRESPONDENT})|(?P<photographer>{_PHOTOGRAPHER})"
    rf"|(?P<other>{_OTHER_ROLE})|(?P<word>[^\s,,、/|::;;()()]+)"
)
_CREDIT_LINE = re.compile(rf"[{_CREDIT_MARKS}]?\s*(?:{_REPORTER}|{_CORRESPONDENT}|{_PHOTOGRAPHER})")
_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,4}·[\u4e00-\u9fff]{1,6}")
_INLINE_PHOTO = re.compile(r"(?:^|(?<=[\s。!?”)(]))([\u4e00-\u9fff]{2,4})[ \u3000]+[摄攝](?=[\s))]|$)")

_JUMP = re.compile(r"[((]?\s*(?:下转|下轉|转|轉)\s*第?\s*([A-Za-z]?\d+|[一二三四五六七八九十]+)\s*版\s*[))]?")
# 本报讯 / 三峡传媒网讯 / 新华社重庆4月6日电, then an optional (记者 …) and, after 讯, an optional date.
_LEAD = re.compile(
    r"(?:[^\s,,。((]{0,12}?[报報网網台社刊][^\s,,。((\d]{0,6}?[讯訊]"
    r"|[^\s,,。((\d]{0,16}?(?P<month>\d{1,2})月(?P<day>\d{1,2})日[电電])"
    r"\s*(?:[((](?P<credit>[^))]{1,60})[))])?"
)
_DATE_AFTER_LEAD = re.compile(r"\s*(\d{1,2})月(\d{1,2})日")
_ENUMERATION = re.compile(r"(?:[一二三四五六七八九十]+、|[((][一二三四五六七八九十\d]+[))]|\d+[、.．](?!\d))")
_CONTINUATION = re.compile(r"[((](?:上接|上轉|接)")
# Site metadata above or below an article: key: value lines, page labels, breadcrumbs, time stamps.
_META_KEYS = (
    "时间|時間|日期|来源|來源|作者|编辑|編輯|责编|責編|索引号|索引號|文号|文號|机构|機構|分类|分類|方式"
    "|原标题|原標題|转自|轉自|次数|次數|关键字|關鍵字|关键词|浏览|瀏覽|点击|點擊|字号|字號"
)
_META = re.compile(
    rf"[((\[【]?[^::]{{0,8}}?(?:{_META_KEYS})[::]"
    r"|\S{0,6}版[::]"
    r"|.*[>›»]"
    r"|.*\d{4}[-/年.]\s*\d{1,2}[-/月.]\s*\d{1,2}日?\s*\d{1,2}\s*:\s*\d{2}"
    r"|\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?$"
)
_TRAILER = re.compile(rf"[((\[【]?\s*(?:{_OTHER_ROLE}|稿件来源)\s*[::]")
_AUTHOR_TAG = re.compile(r"(?<=[。!?!?”])\s*[((][^()()]{1,30}[))]\s*$")
_TITLE_AND_BODY = re.compile(r"([^\s,,。;;]{6,40})\s+\S")


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


@dataclass(slots=True)
class Article:
    """One article of a page, with its spans in the document."""

    headline: str
    headline_span: Span
    reporters: list[str]
    correspondents: list[str]
    photographers: list[str]
    dateline: datetime.date | None
    continued_on: str | None
    kind_of: ArticleKind
    body: Span
    paragraphs: list[Paragraph]

    def fact(self, doc: str) -> ArticleFact:
        """The spec's `article` fact; its evidence is the headline block."""
        return ArticleFact(
            doc=doc,
            evidence=self.headline_span,
            headline=self.headline,
            reporters=list(self.reporters),
            correspondents=list(self.correspondents),
            photographers=list(self.photographers),
            dateline=self.dateline.isoformat() if self.dateline else None,
            continued_on=self.continued_on,
            kind_of=self.kind_of,
            text_start=self.body.start,
            text_end=self.body.end,
        )


Block = list[int]  # indices of lines, top to bottom


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # document offset of the first non-space character
    end: int  # document offset after the last non-space character
    text: str  # the line without surrounding whitespace


@dataclass(slots=True)
class _Credits:
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    photo: bool = False  # the first role named is a photographer's

    def extend(self, other: _Credits) -> None:
        for mine, theirs in (
            (self.reporters, other.reporters),
            (self.correspondents, other.correspondents),
            (self.photographers, other.photographers),
        ):
            mine.extend(name for name in theirs if name not in mine)


@dataclass(frozen=True, slots=True)
class _Anchor:
    """What starts an article on a page: a byline or photo credit over lines first..last, or (for an
    article printed without a byline) its `本报讯` lead line; the body starts at line `body`."""

    first: int
    last: int
    credits: _Credits
    body: int


@dataclass(frozen=True, slots=True)
class _Head:
    """Title-shaped blocks (top to bottom) found walking up from an anchor, and their top line."""

    blocks: list[Block]
    top: int
    stop: int  # the line the walk stopped at (-1 past the top)


def split_page(document: Document) -> list[Article]:
    """The articles of `document`: a newspaper page's several, or a web page's one (none without a title)."""
    lines = _lines(document.text, document.body_start)
    anchors = _anchors(lines)
    if anchors:
        return _page_articles(document, lines, anchors)
    article = _web_article(document, lines)
    return [article] if article else []


def body_paragraphs(document: Document) -> list[Paragraph]:
    """Every non-blank line of the body as paragraphs: the text of a page with no article found."""
    lines = _lines(document.text, document.body_start)
    return _paragraphs(lines, [i for i, line in enumerate(lines) if line.text])


# ---------------------------------------------------------------- lines and their shapes


def _lines(text: str, start: int) -> list[_Line]:
    """The lines of `text` from `start`, each trimmed of whitespace (blank lines have empty text)."""
    lines = []
    pos, size = start, len(text)
    while pos < size:
        newline = text.find("\n", pos)
        end = size if newline < 0 else newline
        raw = text[pos:end]
        stripped = raw.strip()
        first = pos + len(raw) - len(raw.lstrip()) if stripped else pos
        lines.append(_Line(first, first + len(stripped), stripped))
        pos = end + 1
    return lines


def _last_char(text: str) -> str:
    trimmed = text.rstrip(_CLOSERS)
    return trimmed[-1] if trimmed else ""


def _ends_sentence(text: str) -> bool:
    return _last_char(text) in _SENTENCE_END


def _is_prose_start(text: str) -> bool:
    return bool(_LEAD.match(text) or _ENUMERATION.match(text) or _CONTINUATION.match(text))


def _is_meta(text: str) -> bool:
    """Site metadata: key: value lines, page labels, breadcrumbs, time stamps (spaces ignored)."""
    return bool(_META.match("".join(text.split())))


def _title_shaped(text: str, loose: bool = False) -> bool:
    """Could `text` be (part of) a headline? `loose` also admits a title ending in ! or ?."""
    if not text or len(text) > _MAX_HEADLINE or _is_prose_start(text) or _JUMP.fullmatch(text):
        return False
    last = _last_char(text)
    return last not in _PROSE_END and (loose or last not in _SENTENCE_END)


def _headline_text(lines: list[_Line], block: Block) -> str:
    return "".join("".join(lines[i].text.split()) for i in block)


def _block_span(lines: list[_Line], block: Block) -> Span:
    return Span(lines[block[0]].start, lines[block[-1]].end)


# ---------------------------------------------------------------- credits


def _parse_credits(text: str) -> tuple[_Credits, bool]:
    """Names by role in `text`, and whether `text` holds nothing but roles and names."""
    credits = _Credits()
    role: list[str] | None = None
    pure, first_role = True, ""
    for token in _CREDIT_TOKEN.finditer(text):
        kind = token.lastgroup or ""
        if kind != "word":
            role = _role_list(credits, kind)
            first_role = first_role or kind
        elif role is not None and _PERSON.fullmatch(token.group()):
            role.append(token.group())
        else:
            role, pure = None, False
    credits.photo = first_role == "photographer"
    return credits, pure


def _role_list(credits: _Credits, kind: str) -> list[str] | None:
    """The list a role token's names go to; None for roles that credit no one (编辑, 来源)."""
    if kind == "reporter":
        return credits.reporters
    if kind == "correspondent":
        return credits.correspondents
    if kind == "photographer":
        return credits.photographers
    return None


def _credit_line(text: str) -> _Credits | None:
    """The credits of a byline line (`■记者 陈曦 通讯员 黎晔萍`), or None for any other line."""
    if len(text) > _MAX_CREDIT_LINE or not _CREDIT_LINE.match(text):
        return None
    credits, pure = _parse_credits(text.lstrip(_CREDIT_MARKS))
    names = credits.reporters or credits.correspondents or credits.photographers
    return credits if pure and names else None


def _everyone(credits: _Credits) -> list[str]:
    """Everyone a credit names: in a photo credit each of them is a photographer."""
    return list(dict.fromkeys([*credits.photographers, *credits.reporters, *credits.correspondents]))


def _inline_photographers(text: str) -> list[str]:
    """Names of inline photo credits (`董易鑫 摄`)."""
    return list(dict.fromkeys(found.group(1) for found in _INLINE_PHOTO.finditer(text)))


# ---------------------------------------------------------------- newspaper pages


def _anchors(lines: list[_Line]) -> list[_Anchor]:
    """A page's byline and photo-credit lines, then the leads of articles printed without a byline.

    A credit continued on the next line (通讯员 陆丽君) is one anchor. A document without credit
    lines is no newspaper page and has no anchors.
    """
    anchors: list[_Anchor] = []
    for i, line in enumerate(lines):
        credits = _credit_line(line.text)
        if credits is None:
            continue
        if anchors and anchors[-1].last == i - 1:
            anchors[-1].credits.extend(credits)
            anchors[-1] = _Anchor(anchors[-1].first, i, anchors[-1].credits, i + 1)
        else:
            anchors.append(_Anchor(i, i, credits, i + 1))
    if not anchors:
        return anchors
    credited = {anchor.last for anchor in anchors}
    leads = [_Anchor(i, i, _Credits(), i) for i in _headed_leads(lines, credited)]
    return sorted([*anchors, *leads], key=lambda anchor: anchor.first)


def _headed_leads(lines: list[_Line], credited: set[int]) -> list[int]:
    """Lines opening with a lead (本报讯, …日电) right under a headline-shaped line, not under a byline."""
    found = []
    for i, line in enumerate(lines):
        if not _LEAD.match(line.text):
            continue
        above = i - 1
        while above >= 0 and not lines[above].text:
            above -= 1
        if above >= 0 and above not in credited and _title_shaped(lines[above].text):
            found.append(i)
    return found


def _walk_up(lines: list[_Line], i: int, floor: int) -> _Head:
    """Title-shaped blocks above line `i` (inclusive), up to a prose line, a jump line or `floor`."""
    blocks: list[Block] = []
    current: Block = []
    top = i + 1
    while i >= floor:
        text = lines[i].text
        if not text or _is_meta(text):
            if current:
                blocks.append(current[::-1])
                current = []
        elif _title_shaped(text):
            current.append(i)
            top = i
        else:
            break
        i -= 1
    if current:
        blocks.append(current[::-1])
    return _Head(blocks[::-1], top, i)


def _caption_above(lines: list[_Line], i: int, floor: int) -> tuple[Block, int]:
    """The paragraph just above line `i` (a photo's caption), and the line above it."""
    while i >= floor and not lines[i].text:
        i -= 1
    block: Block = []
    while i >= floor and lines[i].text:
        block.append(i)
        i -= 1
    return block[::-1], i


def _block_below(lines: list[_Line], i: int) -> Block:
    """The title-shaped block starting at the first non-blank line from `i`."""
    while i < len(lines) and not lines[i].text:
        i += 1
    block: Block = []
    while i < len(lines) and _title_shaped(lines[i].text):
        block.append(i)
        i += 1
    return block


@dataclass(frozen=True, slots=True)
class _Unit:
    """What an anchor owns above it: its headline candidates (or a photo's caption) and their top line."""

    head: _Head
    caption: Block


def _unit(lines: list[_Line], anchor: _Anchor, floor: int) -> _Unit:
    """A byline's headline candidates, or a photo credit's caption and the title-shaped blocks above it."""
    if not anchor.credits.photo:
        return _Unit(_walk_up(lines, anchor.first - 1, floor), [])
    caption, above = _caption_above(lines, anchor.first - 1, floor)
    head = _walk_up(lines, above, floor)
    top = head.top if head.blocks else (caption[0] if caption else anchor.first)
    return _Unit(_Head(head.blocks, top, head.stop), caption)


def _page_articles(document: Document, lines: list[_Line], anchors: list[_Anchor]) -> list[Article]:
    units = [_unit(lines, anchor, anchors[k - 1].last + 1 if k else 0) for k, anchor in enumerate(anchors)]
    articles = []
    for k, anchor in enumerate(anchors):
        following = units[k + 1] if k + 1 < len(anchors) else None
        if anchor.credits.photo:
            article = _photo_article(lines, anchor, units[k], following)
        else:
            end = following.head.top if following else len(lines)
            article = _news_article(document, lines, anchor, units[k].head, end)
        if article:
            articles.append(article)
    return articles


def _news_article(
    document: Document, lines: list[_Line], anchor: _Anchor, head: _Head, end: int
) -> Article | None:
    """A byline's article: the nearest headline block above, the body below up to `end` or a jump line."""
    if not head.blocks:
        return None
    body, continued_on = _body_lines(lines, anchor.body, end)
    headline = head.blocks[-1]
    lines, body = _trim_trailer(lines, body, _headline_text(lines, headline))
    return _body_article(document, lines, headline, anchor.credits, body, continued_on)


def _photo_article(
    lines: list[_Line], anchor: _Anchor, unit: _Unit, following: _Unit | None
) -> Article | None:
    """A photo: the caption above its credit, its title the block below it (else the block above)."""
    title = _photo_title(lines, anchor, following) or (unit.head.blocks[-1] if unit.head.blocks else [])
    if not title or not unit.caption:
        return None
    paragraphs = _paragraphs(lines, unit.caption)
    return Article(
        headline=_headline_text(lines, title),
        headline_span=_block_span(lines, title),
        reporters=[],
        correspondents=[],
        photographers=_everyone(anchor.credits),
        dateline=None,
        continued_on=None,
        kind_of=ArticleKind.PHOTO,
        body=_block_span(lines, unit.caption),
        paragraphs=paragraphs,
    )


def _photo_title(lines: list[_Line], anchor: _Anchor, following: _Unit | None) -> Block:
    """The title block below a photo credit, unless it is the next article's headline."""
    if following is None:
        return _block_below(lines, anchor.last + 1)
    head = following.head
    if head.stop == anchor.last and len(head.blocks) > 1:
        return head.blocks[0]
    return []


def _body_lines(lines: list[_Line], start: int, end: int) -> tuple[Block, str | None]:
    """Non-blank lines from `start` to `end`, stopping at a jump line (whose page is returned)."""
    body: Block = []
    for i in range(start, end):
        text = lines[i].text
        if jump := _JUMP.fullmatch(text):
            return body, f"{jump.group(1)}版"
        if text:
            body.append(i)
    return body, None


def _body_article(
    document: Document,
    lines: list[_Line],
    title: Block,
    credits: _Credits,
    body: Block,
    continued_on: str | None,
) -> Article | None:
    """A news article from its title block, credits and body lines (None without a body)."""
    if not body:
        return None
    paragraphs = _paragraphs(lines, body)
    named = _Credits()
    named.extend(credits)
    lead = _LEAD.match(paragraphs[0].text)
    if lead and lead.group("credit"):
        named.extend(_parse_credits(lead.group("credit"))[0])
    for paragraph in paragraphs:
        named.extend(_Credits(photographers=_inline_photographers(paragraph.text)))
    return Article(
        headline=_headline_text(lines, title),
        headline_span=_block_span(lines, title),
        reporters=named.reporters,
        correspondents=named.correspondents,
        photographers=named.photographers,
        dateline=_dateline(paragraphs[0].text, document.date),
        continued_on=continued_on,
        kind_of=ArticleKind.NEWS,
        body=Span(lines[body[0]].start, lines[body[-1]].end),
        paragraphs=paragraphs,
    )


# ---------------------------------------------------------------- web pages


def _web_article(document: Document, lines: list[_Line]) -> Article | None:
    """A web page's article: the last title block among the metadata above the first prose line."""
    credits = _Credits()
    blocks: list[Block] = []
    open_block = False
    i = 0
    while i < len(lines):
        text = lines[i].text
        if not text:
            i += 1
            continue
        if _is_meta(text):
            credits.extend(_parse_credits(text)[0])
            open_block = False
        elif _title_shaped(text, loose=not blocks):
            if open_block:
                blocks[-1].append(i)
            else:
                blocks.append([i])
            open_block = True
        else:
            break
        i += 1
    if not blocks:
        return _title_in_first_line(document, lines, i, credits)
    body, continued_on = _body_lines(lines, i, len(lines))
    lines, body = _trim_trailer(lines, body, _headline_text(lines, blocks[-1]))
    return _body_article(document, lines, blocks[-1], credits, body, continued_on)


def _title_in_first_line(document: Document, lines: list[_Line], i: int, credits: _Credits) -> Article | None:
    """A title run into its body on one line (`经济日报:推动… 文章称,…`), else None."""
    if i >= len(lines) or _is_prose_start(lines[i].text):
        return None
    found = _TITLE_AND_BODY.match(lines[i].text)
    if not found:
        return None
    line = lines[i]
    title_line = _Line(line.start, line.start + len(found.group(1)), found.group(1))
    body_line = _Line(line.start + found.end() - 1, line.end, line.text[found.end() - 1 :])
    patched = [*lines[:i], title_line, body_line, *lines[i + 1 :]]
    body, continued_on = _body_lines(patched, i + 1, len(patched))
    patched, body = _trim_trailer(patched, body, title_line.text)
    return _body_article(document, patched, [i], credits, body, continued_on)


def _trim_trailer(lines: list[_Line], body: Block, headline: str) -> tuple[list[_Line], Block]:
    """Drop trailing editor or source tags, page footers repeating the headline, and a closing (author)."""
    while body and (_TRAILER.match(lines[body[-1]].text) or _is_footer(lines[body[-1]].text, headline)):
        body = body[:-1]
    if body and (tag := _AUTHOR_TAG.search(lines[body[-1]].text)):
        last = lines[body[-1]]
        trimmed = last.text[: tag.start()]
        lines = [*lines]
        lines[body[-1]] = _Line(last.start, last.start + len(trimmed), trimmed)
    return lines, body


def _is_footer(text: str, headline: str) -> bool:
    """A page footer repeating the headline (`浙江日报 要闻 00009 天台10个… 2021-06-30`)."""
    return not _ends_sentence(text) and headline in "".join(text.split())


# ---------------------------------------------------------------- datelines and paragraphs


def _dateline(text: str, reference: datetime.date | None) -> datetime.date | None:
    """The date of `本报讯 7月3日…` / `新华社重庆4月6日电…`, in the year of `reference` (None without one)."""
    lead = _LEAD.match(text)
    if lead is None or reference is None:
        return None
    if lead.group("month"):
        month, day = int(lead.group("month")), int(lead.group("day"))
    elif found := _DATE_AFTER_LEAD.match(text, lead.end()):
        month, day = int(found.group(1)), int(found.group(2))
    else:
        return None
    year = reference.year - 1 if month > reference.month else reference.year
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _paragraphs(lines: list[_Line], block: Block) -> list[Paragraph]:
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
    if _ends_sentence(before) or _is_prose_start(after) or after[0] in _CREDIT_MARKS:
        return False
    cut = _last_char(before) in _CUT_END
    return cut or len(before) > _MAX_HEADING or _SENTENCE_END_INSIDE.search(before) is not None
