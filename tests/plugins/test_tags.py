from __future__ import annotations

from typing import Any

import pytest

from sealgate.model import ABSENT
from sealgate.model import Unknown
from sealgate.plugins.tags import tag_map


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}],
            {"a": "1", "b": "2"},
        ),
        ({"a": "1"}, {"a": "1"}),
        (ABSENT, {}),
        (None, {}),
        ("not tags", {}),
        ([{"Value": "orphan"}, "junk"], {}),
    ],
)
def test_tag_map_shapes(value: Any, expected: dict[str, str]) -> None:
    assert tag_map(value) == expected


def test_tag_map_unknown_key_makes_all_unknown() -> None:
    unknown = Unknown("the value of parameter 'TagKey'")
    assert tag_map([{"Key": "a", "Value": "1"}, {"Key": unknown}]) == unknown
