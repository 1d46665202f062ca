import pytest

from grids.privacy import mask_name, mask_phone, mask_phones_in


@pytest.mark.parametrize("name, masked", [("张三丰", "张**"), ("李四", "李*"), ("王", "王*"), (None, None), ("", "")])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize("phone, masked", [
    ("13712345678", "137****5678"), ("0532-88886666", "053*****6666"), ("110", "***"), (None, None)])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize("text, masked", [
    ("请回电13712345678谢谢", "请回电137****5678谢谢"),
    ("座机0532-88886666或 053288886666", "座机053*****6666或 053*****6666"),
    ("3号楼201室，2025年12月", "3号楼201室，2025年12月"),
    ("订单号 213712345678901", "订单号 213712345678901"),
    (None, None),
])
def test_phone_numbers_in_free_text_are_masked(text, masked):
    assert mask_phones_in(text) == masked
