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
