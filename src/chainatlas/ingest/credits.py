"""Credits of an article: bylines (记者/通讯员/摄影), inline photo credits, and `本报讯` datelines."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

_MAX_CREDIT_LINE = 40

CREDIT_MARKS = "■●▲◆□◇★☆"
"""Bullets that may open a byline line (`■记者 陈曦`)."""
_REPORTER = "本报记者|本報記者|特约记者|見習記者|见习记者|实习记者|記者|记者|作者"
_CORRESPONDENT = "特约通讯员|通讯员|通訊員"
_PHOTOGRAPHER = "摄影|攝影|摄|攝"
OTHER_ROLE = "责任编辑|責任編輯|责编|責編|编辑|編輯|校对|審核|审核|来源|來源|报道|報道"
"""Regex alternation of roles that credit no one (编辑, 来源)."""
_ROLES = f"{_REPORTER}|{_CORRESPONDENT}|摄影|攝影|报道(?=$|\\s)|報道(?=$|\\s)"  # where a run of words breaks
_CREDIT_TOKEN = re.compile(
    rf"(?P<reporter>{_REPORTER})|(?P<correspondent>{_CORRESPONDENT})|(?P<photographer>{_PHOTOGRAPHER})"
    rf"|(?P<other>{OTHER_ROLE})|(?P<word>(?:(?!{_ROLES})[^\s，,、/|：:；;（）()])+)"
)  # a word ends where a role begins: 全媒体记者陈晖, 记者潘晓娟报道
# A byline line, perhaps naming its medium first (河南经济报记者 郑浩 通讯员 张智媛).
_MEDIUM = r"[^\s，,。（(]{0,10}?(?:报|報|网|網|台|社|客户端|融媒体|全媒体|新闻)"
_MEDIUM_BEFORE_ROLE = re.compile(rf"\s*{_MEDIUM}(?=\s*(?:{_REPORTER}|{_CORRESPONDENT}|{_PHOTOGRAPHER}))")
_CREDIT_LINE = re.compile(rf"[{CREDIT_MARKS}]?\s*(?:{_MEDIUM})?(?:{_REPORTER}|{_CORRESPONDENT}|{_PHOTOGRAPHER})")
_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,4}·[\u4e00-\u9fff]{1,6}")
_INLINE_PHOTO = re.compile(r"(?:^|(?<=[\s。！？!?”）)（(]))([\u4e00-\u9fff]{2,4})[ \u3000]+[摄攝](?=[\s）)]|$)")

# 本报讯 / 三峡传媒网讯 / 新华社重庆4月6日电, then an optional (记者 …) and, after 讯, an optional date.
LEAD = re.compile(
    r"(?:[^\s，,。（(]{0,12}?[报報网網台社刊道线線]"
    r"(?:[^\s，,。（(\d]{0,6}?|\d{1,2}月\d{1,2}日(?:\d{1,2}时(?:\d{1,2}分)?)?)[讯訊]"
    r"|[^\s，,。（(\d]{0,16}?(?P<month>\d{1,2})月(?P<day>\d{1,2})日[电電]"
    r"|[^\s，,。（(\d]{0,12}?[报報网網]消息)"
    rf"\s*(?:[（(](?P<credit>[^）)]{{1,60}})[）)]|(?P<reported>(?:{_REPORTER})\s*[\u4e00-\u9fff]{{2,4}}(?:\s+[\u4e00-\u9fff]{{2,4}})*\s*报道))?"
)
"""A lead (本报讯, …日电, 本报消息) with optional `month`/`day`, a parenthesised `credit` or a `reported` by-clause
(本报讯 记者潘晓娟报道)."""
_DATE_AFTER_LEAD = re.compile(r"\s*(\d{1,2})月(\d{1,2})日")


@dataclass(slots=True)
class Credits:
    """Names credited by role, and whether a photographer's role came first."""

    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    photo: bool = False  # the first role named is a photographer's

    def extend(self, other: Credits) -> None:
        """Add the names of `other` not yet credited here, role by role."""
        for mine, theirs in (
            (self.reporters, other.reporters),
            (self.correspondents, other.correspondents),
            (self.photographers, other.photographers),
        ):
            mine.extend(name for name in theirs if name not in mine)


def parse_credits(text: str) -> tuple[Credits, bool]:
    """Names by role in `text`, and whether `text` holds nothing but roles and names (a medium named before
    the first role, 河南经济报记者 …, 全媒体记者…, is no other word)."""
    credits = Credits()
    text = text[medium.end():] if (medium := _MEDIUM_BEFORE_ROLE.match(text)) else text
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


def _role_list(credits: Credits, kind: str) -> list[str] | None:
    """The list a role token's names go to; None for roles that credit no one (编辑, 来源)."""
    if kind == "reporter":
        return credits.reporters
    if kind == "correspondent":
        return credits.correspondents
    if kind == "photographer":
        return credits.photographers
    return None


def credit_line(text: str) -> Credits | None:
    """The credits of a byline line (`■记者 陈曦 通讯员 黎晔萍`), or None for any other line."""
    if len(text) > _MAX_CREDIT_LINE or not _CREDIT_LINE.match(text):
        return None
    credits, pure = parse_credits(text.lstrip(CREDIT_MARKS))
    names = credits.reporters or credits.correspondents or credits.photographers
    return credits if pure and names else None


def everyone(credits: Credits) -> list[str]:
    """Everyone a credit names: in a photo credit each of them is a photographer."""
    return list(dict.fromkeys([*credits.photographers, *credits.reporters, *credits.correspondents]))


def inline_photographers(text: str) -> list[str]:
    """Names of inline photo credits (`董易鑫 摄`)."""
    return list(dict.fromkeys(found.group(1) for found in _INLINE_PHOTO.finditer(text)))


def dateline(text: str, reference: datetime.date | None) -> datetime.date | None:
    """The date of `本报讯 7月3日…` / `新华社重庆4月6日电…`, in the year of `reference` (None without one)."""
    lead = LEAD.match(text)
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
