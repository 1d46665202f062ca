"""Masking personal data (names, phone numbers) wherever the full value is not needed.

The rule follows common Chinese practice (GB/T 35273 de-identification examples): a name keeps its
first character (张**), a phone number its first three and last four digits (137****5678); anything
shorter is masked whole.
"""
import re

_DIGITS = re.compile(r"\d")


def mask_name(name):
    """``'张三丰'`` → ``'张**'``; None stays None."""
    if not name:
        return name
    name = str(name).strip()
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone):
    """``'13712345678'`` → ``'137****5678'``; short or odd numbers are masked whole."""
    if not phone:
        return phone
    digits = _DIGITS.findall(str(phone))
    if len(digits) < 7:
        return "*" * len(str(phone))
    return "".join(digits[:3]) + "*" * (len(digits) - 7) + "".join(digits[-4:])


_PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")   # mobiles and landlines


def mask_phones_in(text):
    """Free text (a complaint's description) with every phone number in it masked:
    ``'请回电13712345678'`` → ``'请回电137****5678'``."""
    if not text:
        return text
    return _PHONE_IN_TEXT.sub(lambda match: mask_phone(match.group()), text)
