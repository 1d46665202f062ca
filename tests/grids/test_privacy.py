import pytest

from grids.privacy import mask_name, mask_phone


@pytest.mark.parametrize("name, masked", [("张三丰", "张**"), ("李四", "李*"), ("王", "王*"), (None, None), ("", "")])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize("phone, masked", [
    ("13712345678", "137****5678"), ("0532-88886666", "053*****6666"), ("110", "***"), (None, None)])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked
