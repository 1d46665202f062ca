"""Masking personal data (names, phone numbers, ID numbers) wherever the full value is not needed.

The rule follows common Chinese practice (GB/T 35273 de-identification examples): a name keeps its
first character (张**), a phone number its first three and last four digits (137****5678), a resident
identity card number (GB 11643, 18 characters) its six-digit region code and last four characters
(370212********123X): the birth date and the sequence go. Anything shorter is masked whole.

Free text (:func:`mask_phones_in`) is searched in every way people write these numbers: grouped
(``137 9999 8888``, ``137-9999-8888``), with the country code (``+86``, ``0086``, ``(+86)``), in
full-width digits (``１３７…``) or in Chinese numerals (``一三七…``, ``幺`` for one), landlines with or
without brackets round the area code. The text is searched twice: once reading ASCII and full-width
digits, once reading Chinese numerals too, each through a copy of the text in which every character is
replaced by exactly one other (so a match's place in the copy is its place in the text). What is masked
is written in ASCII digits whatever it was written in: ``137****8888``. Ordinary numbers (amounts,
dates, postcodes, 12–15-digit codes, decimals) are left alone: a phone is 11 digits beginning 13–19 (or
0 and an area code), not inside a longer number or after a decimal point; an ID carries a birth date.
"""
import re

_FULL_WIDTH = {0xFF10 + d: str(d) for d in range(10)}
_CHINESE_NUMERALS = {ord(c): str(d) for d, chars in enumerate(
    ("〇零○", "一幺壹", "二贰", "三叁", "四肆", "五伍", "六陆", "七柒", "八捌", "九玖")) for c in chars}
_PUNCTUATION = {ord(a): b for a, b in zip("＋－‐–—（）\u3000Ｘｘx", "+----() XXX")}
_ARABIC = str.maketrans({**_FULL_WIDTH, **_PUNCTUATION})
_ALL_DIGITS = str.maketrans({**_FULL_WIDTH, **_CHINESE_NUMERALS, **_PUNCTUATION})

_SEP = r"(?: ?- ?| {1,2})?"                                 # between digits: a hyphen or spaces
_COUNTRY = rf"(?:\(\+?86\) ?|(?:\+|00)? ?86{_SEP})"           # +86, 0086, 86, (+86), (86)
_ID = rf"[1-9]\d{{5}}{_SEP}(?:18|19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]){_SEP}\d{{3}}[\dX]"
_MOBILE = rf"{_COUNTRY}?1{_SEP}[3-9](?:{_SEP}\d){{9}}"           # 11 digits, grouped any way
_AREA = rf"(?:\(0[1-9]\d{{1,2}}\)|0[1-9]\d{{1,2}}|{_COUNTRY}\(?0?[1-9]\d{{1,2}}\)?)"
_LANDLINE = rf"{_AREA} ?-? ?\d{{3,4}}{_SEP}\d{{4}}"
_NUMBER_IN_TEXT = re.compile(                               # not inside a number, not after a decimal point
    rf"(?<!\d)(?<!\d\.)(?:(?P<id>{_ID})|(?P<mobile>{_MOBILE})|(?P<landline>{_LANDLINE}))(?!\d)(?!\.\d)", re.ASCII)
_DIGITS = re.compile(r"[0-9]")
_ID_CHARS = re.compile(r"[0-9X]")


def mask_name(name):
    """``'张三丰'`` → ``'张**'``; None stays None."""
    if not name:
        return name
    name = str(name).strip()
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone):
    """``'13712345678'`` (or ``'+86 137 1234 5678'``, ``'１３７…'``) → ``'137****5678'``; a landline keeps
    its first three digits too (``'053*****6666'``); short or odd numbers are masked whole."""
    if not phone:
        return phone
    digits = _national(_DIGITS.findall(str(phone).translate(_ALL_DIGITS)))
    if len(digits) < 7:
        return "*" * len(str(phone))
    return "".join(digits[:3]) + "*" * (len(digits) - 7) + "".join(digits[-4:])


def mask_id_number(number):
    """``'370212199001011234'`` → ``'370212********1234'``: the region and the last four characters."""
    chars = _ID_CHARS.findall(str(number).translate(_ALL_DIGITS))
    return "".join(chars[:6]) + "*" * (len(chars) - 10) + "".join(chars[-4:])


def mask_phones_in(text):
    """Free text (a complaint's description, a case note) with every phone and ID number in it masked:
    ``'请回电137 1234 5678'`` → ``'请回电137****5678'``, ``'身份证370212199001011234'`` →
    ``'身份证370212********1234'``; None stays None."""
    if not text:
        return text
    for table in (_ARABIC, _ALL_DIGITS):
        text = _mask_matches(text, text.translate(table))
    return text


def _mask_matches(text, read_as):
    """``text`` with the numbers found in ``read_as`` (a same-length reading of it) masked."""
    pieces, end = [], 0
    for match in _NUMBER_IN_TEXT.finditer(read_as):
        masked = mask_id_number(match.group()) if match.group("id") else mask_phone(match.group())
        pieces += [text[end:match.start()], masked]
        end = match.end()
    return "".join(pieces) + text[end:]


def _national(digits):
    """The digits of a phone number without the country code 86 (a landline gets its leading 0 back)."""
    for prefix in (["0", "0", "8", "6"], ["8", "6"]):
        rest = digits[len(prefix):]
        if digits[:len(prefix)] == prefix and len(rest) >= 9:
            return rest if rest[0] in "01" else ["0", *rest]
    return digits
