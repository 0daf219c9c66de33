"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character over the first 17.

The alphabet is the digits and 21 capital letters (no I, O, Z, S, V); a character's value is its place in it.
The check character is the one whose value is 31 − (Σ valueᵢ × weightᵢ mod 31), 0 for 31.
"""

from __future__ import annotations

from chainatlas.i18n import lazy, quote

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_VALUES = {c: i for i, c in enumerate(ALPHABET)}


def check_character(body: str) -> str:
    """The check character of the first 17 characters `body` (all in the alphabet)."""
    total = sum(_VALUES[c] * w for c, w in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code(text: str) -> str:
    """The code written `text` (upper-cased, spaces dropped) when valid; ValueError saying what is wrong."""
    code = "".join(text.split()).upper()
    if len(code) != LENGTH:
        raise ValueError(
            lazy("信用代码{code}有{count}个字符，而非{length}个", code=quote(text), count=len(code), length=LENGTH)
        )
    if wrong := sorted({c for c in code if c not in _VALUES}):
        outside = lazy("信用代码{code}含有{wrong}，不在 GB 32100 字符集中（无 I、O、Z、S、V）", code=quote(text),
                       wrong=quote("".join(wrong)))  # fmt: skip
        raise ValueError(outside)
    if code[-1] != (expected := check_character(code[:-1])):
        raise ValueError(
            lazy("信用代码{code}：校验码为{found}，应为{expected}", code=quote(text), found=code[-1], expected=expected)
        )
    return code
