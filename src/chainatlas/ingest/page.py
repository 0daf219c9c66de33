"""Split a document into articles: headline, bylines, dateline, jump and body, all with offsets.

Two genres are read. A newspaper page carries several articles, each anchored on a byline line
(`■记者 陈曦 通讯员 黎晔萍`) or a photo credit (`■摄影 记者 张启帆`): the headline block stands above
a byline, a photo's caption above its credit and its title below. A web page holds one article:
a title line among site metadata (发布时间, 来源, 索引号, breadcrumbs), then the body.

Lines and their shapes live in `chainatlas.ingest.lines`, bylines and datelines in `chainatlas.ingest.credits`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from chainatlas.domain import ArticleFact, ArticleKind, Span
from chainatlas.ingest.credits import (
    LEAD,
    OTHER_ROLE,
    Credits,
    credit_line,
    dateline,
    everyone,
    inline_photographers,
    parse_credits,
)
from chainatlas.ingest.document import Document
from chainatlas.ingest.lines import (
    JUMP,
    Block,
    Line,
    Paragraph,
    block_span,
    build_paragraphs,
    ends_sentence,
    headline_text,
    is_meta,
    is_prose_start,
    split_lines,
    title_part,
    title_shaped,
)

__all__ = ["Article", "Paragraph", "body_paragraphs", "split_page"]


_TRAILER = re.compile(rf"[（(\[【]?\s*(?:{OTHER_ROLE}|稿件来源)\s*[：:]")
_AUTHOR_TAG = re.compile(r"(?<=[。！？!?”])\s*[（(][^（）()]{1,30}[）)]\s*$")
_TITLE_AND_BODY = re.compile(r"([^\s，,。；;]{6,40})\s+\S")


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
            confidence=0.95,
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


@dataclass(frozen=True, slots=True)
class _Anchor:
    """What starts an article on a page: a byline or photo credit over lines first..last, or (for an
    article printed without a byline) its `本报讯` lead line; the body starts at line `body`."""

    first: int
    last: int
    credits: Credits
    body: int


@dataclass(frozen=True, slots=True)
class _Head:
    """Title-shaped blocks (top to bottom) found walking up from an anchor, and their top line."""

    blocks: list[Block]
    top: int
    stop: int  # the line the walk stopped at (-1 past the top)


def split_page(document: Document) -> list[Article]:
    """The articles of `document`: a newspaper page's several, or a web page's one (none without a title)."""
    lines = split_lines(document.text, document.body_start)
    anchors = _anchors(lines)
    if anchors:
        return _page_articles(document, lines, anchors)
    article = _web_article(document, lines)
    return [article] if article else []


def body_paragraphs(document: Document) -> list[Paragraph]:
    """Every non-blank line of the body as paragraphs: the text of a page with no article found."""
    lines = split_lines(document.text, document.body_start)
    return build_paragraphs(lines, [i for i, line in enumerate(lines) if line.text])


# ---------------------------------------------------------------- newspaper pages


def _anchors(lines: list[Line]) -> list[_Anchor]:
    """A page's byline and photo-credit lines, then the leads of articles printed without a byline.

    A credit continued on the next line (通讯员 陆丽君) is one anchor. A document without credit
    lines is no newspaper page and has no anchors.
    """
    anchors: list[_Anchor] = []
    for i, line in enumerate(lines):
        credits = credit_line(line.text)
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
    leads = [_Anchor(i, i, Credits(), i) for i in _headed_leads(lines, credited)]
    return sorted([*anchors, *leads], key=lambda anchor: anchor.first)


def _headed_leads(lines: list[Line], credited: set[int]) -> list[int]:
    """Lines opening with a lead (本报讯, …日电) right under a headline-shaped line, not under a byline."""
    found = []
    for i, line in enumerate(lines):
        if not LEAD.match(line.text):
            continue
        above = i - 1
        while above >= 0 and not lines[above].text:
            above -= 1
        if above >= 0 and above not in credited and title_shaped(lines[above].text):
            found.append(i)
    return found


def _walk_up(lines: list[Line], i: int, floor: int) -> _Head:
    """Title-shaped blocks above line `i` (inclusive), up to a prose line, a jump line or `floor`."""
    blocks: list[Block] = []
    current: Block = []
    top = i + 1
    while i >= floor:
        text = lines[i].text
        if not text or is_meta(text):
            if current:
                blocks.append(current[::-1])
                current = []
        elif title_shaped(text):
            current.append(i)
            top = i
        else:
            break
        i -= 1
    if current:
        blocks.append(current[::-1])
    return _Head(blocks[::-1], top, i)


def _caption_above(lines: list[Line], i: int, floor: int) -> tuple[Block, int]:
    """The paragraph just above line `i` (a photo's caption), and the line above it."""
    while i >= floor and not lines[i].text:
        i -= 1
    block: Block = []
    while i >= floor and lines[i].text:
        block.append(i)
        i -= 1
    return block[::-1], i


def _block_below(lines: list[Line], i: int) -> Block:
    """The title-shaped block starting at the first non-blank line from `i`."""
    while i < len(lines) and not lines[i].text:
        i += 1
    block: Block = []
    while i < len(lines) and title_shaped(lines[i].text):
        block.append(i)
        i += 1
    return block


@dataclass(frozen=True, slots=True)
class _Unit:
    """What an anchor owns above it: its headline candidates (or a photo's caption) and their top line."""

    head: _Head
    caption: Block


def _unit(lines: list[Line], anchor: _Anchor, floor: int) -> _Unit:
    """A byline's headline candidates, or a photo credit's caption and the title-shaped blocks above it."""
    if not anchor.credits.photo:
        return _Unit(_walk_up(lines, anchor.first - 1, floor), [])
    caption, above = _caption_above(lines, anchor.first - 1, floor)
    head = _walk_up(lines, above, floor)
    top = head.top if head.blocks else (caption[0] if caption else anchor.first)
    return _Unit(_Head(head.blocks, top, head.stop), caption)


def _page_articles(document: Document, lines: list[Line], anchors: list[_Anchor]) -> list[Article]:
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


def _news_article(document: Document, lines: list[Line], anchor: _Anchor, head: _Head, end: int) -> Article | None:
    """A byline's article: the nearest headline block above, the body below up to `end` or a jump line."""
    if not head.blocks:
        return None
    body, continued_on = _body_lines(lines, anchor.body, end)
    headline = head.blocks[-1]
    lines, body = _trim_trailer(lines, body, headline_text(lines, headline), anchor.credits)
    return _body_article(document, lines, headline, anchor.credits, body, continued_on)


def _photo_article(lines: list[Line], anchor: _Anchor, unit: _Unit, following: _Unit | None) -> Article | None:
    """A photo: the caption above its credit, its title the block below it (else the block above)."""
    title = _photo_title(lines, anchor, following) or (unit.head.blocks[-1] if unit.head.blocks else [])
    if not title or not unit.caption:
        return None
    paragraphs = build_paragraphs(lines, unit.caption)
    return Article(
        headline=headline_text(lines, title),
        headline_span=block_span(lines, title),
        reporters=[],
        correspondents=[],
        photographers=everyone(anchor.credits),
        dateline=None,
        continued_on=None,
        kind_of=ArticleKind.PHOTO,
        body=block_span(lines, unit.caption),
        paragraphs=paragraphs,
    )


def _photo_title(lines: list[Line], anchor: _Anchor, following: _Unit | None) -> Block:
    """The title block below a photo credit, unless it is the next article's headline."""
    if following is None:
        return _block_below(lines, anchor.last + 1)
    head = following.head
    if head.stop == anchor.last and len(head.blocks) > 1:
        return head.blocks[0]
    return []


def _body_lines(lines: list[Line], start: int, end: int) -> tuple[Block, str | None]:
    """Non-blank lines from `start` to `end`, stopping at a jump line (whose page is returned)."""
    body: Block = []
    for i in range(start, end):
        text = lines[i].text
        if jump := JUMP.fullmatch(text):
            return body, f"{jump.group(1)}版"
        if text:
            body.append(i)
    return body, None


def _body_article(
    document: Document,
    lines: list[Line],
    title: Block,
    credits: Credits,
    body: Block,
    continued_on: str | None,
) -> Article | None:
    """A news article from its title block, credits and body lines (None without a body)."""
    if not body:
        return None
    paragraphs = build_paragraphs(lines, body)
    named = Credits()
    named.extend(credits)
    opening = next((p for p in paragraphs[:3] if LEAD.match(p.text)), paragraphs[0])  # past a 摘要 line
    lead = LEAD.match(opening.text)
    if lead and (credit := lead.group("credit") or lead.group("reported")):
        named.extend(parse_credits(credit)[0])
    for paragraph in paragraphs:
        named.extend(Credits(photographers=inline_photographers(paragraph.text)))
    return Article(
        headline=headline_text(lines, title),
        headline_span=block_span(lines, title),
        reporters=named.reporters,
        correspondents=named.correspondents,
        photographers=named.photographers,
        dateline=dateline(opening.text, document.date),
        continued_on=continued_on,
        kind_of=ArticleKind.NEWS,
        body=Span(lines[body[0]].start, lines[body[-1]].end),
        paragraphs=paragraphs,
    )


# ---------------------------------------------------------------- web pages


def _web_article(document: Document, lines: list[Line]) -> Article | None:
    """A web page's article: the last title block among the metadata above the first prose line."""
    credits = Credits()
    blocks: list[Block] = []
    open_block = False
    i = 0
    lines = list(lines)
    while i < len(lines):
        text = lines[i].text
        if not text or (open_block and lines[blocks[-1][-1]].text == text):
            i += 1  # blank, or a title line repeated right under itself
            continue
        title = title_part(lines[i])
        if is_meta(text):
            credits.extend(parse_credits(text)[0])
            open_block = False
        elif title_shaped(title.text, loose=not blocks):
            lines[i] = title
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
    lines, body = _trim_trailer(lines, body, headline_text(lines, blocks[-1]), credits)
    return _body_article(document, lines, blocks[-1], credits, body, continued_on)


def _title_in_first_line(document: Document, lines: list[Line], i: int, credits: Credits) -> Article | None:
    """A title run into its body on one line (`经济日报:推动… 文章称,…`), else None."""
    if i >= len(lines) or is_prose_start(lines[i].text):
        return None
    found = _TITLE_AND_BODY.match(lines[i].text)
    if not found:
        return None
    line = lines[i]
    title_line = Line(line.start, line.start + len(found.group(1)), found.group(1))
    body_line = Line(line.start + found.end() - 1, line.end, line.text[found.end() - 1 :])
    patched = [*lines[:i], title_line, body_line, *lines[i + 1 :]]
    body, continued_on = _body_lines(patched, i + 1, len(patched))
    patched, body = _trim_trailer(patched, body, title_line.text, credits)
    return _body_article(document, patched, [i], credits, body, continued_on)


def _trim_trailer(lines: list[Line], body: Block, headline: str, credits: Credits) -> tuple[list[Line], Block]:
    """Drop trailing editor or source tags, page footers repeating the headline, and a closing (author);
    a closing byline (`记者 林侃`, `(记者 管林华 通讯员 黄鹰)`) adds its names to `credits`."""
    while body:
        text = lines[body[-1]].text
        closing = credit_line(text)
        if closing is not None:
            credits.extend(closing)
        elif not (_TRAILER.match(text) or _is_footer(text, headline)):
            break
        body = body[:-1]
    if body and (tag := _AUTHOR_TAG.search(lines[body[-1]].text)):
        last = lines[body[-1]]
        named, pure = parse_credits(tag.group().strip().strip("（）()"))
        if pure:
            credits.extend(named)
        trimmed = last.text[: tag.start()]
        lines = [*lines]
        lines[body[-1]] = Line(last.start, last.start + len(trimmed), trimmed)
    return lines, body


def _is_footer(text: str, headline: str) -> bool:
    """A page footer repeating the headline (`浙江日报 要闻 00009 天台10个… 2021-06-30`)."""
    return not ends_sentence(text) and headline in "".join(text.split())
