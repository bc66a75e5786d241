from __future__ import annotations

import pytest

from sealgate.model import ABSENT
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.model import lookup

LATER = Unknown("known only after apply")


@pytest.mark.parametrize(
    ("properties", "path", "expected"),
    [
        pytest.param({"a": [{"b": 1}]}, ("a", 0, "b"), 1, id="found"),
        pytest.param({"a": []}, ("a", 0, "b"), ABSENT, id="missing-item"),
        pytest.param({"a": LATER}, ("a", 0, "b"), LATER, id="through-unknown"),
        pytest.param({"a": [LATER]}, ("a", 0, "b"), LATER, id="unknown-item"),
    ],
)
def test_model_lookup(
    properties: dict[str, Value], path: tuple, expected: object
) -> None:
    assert lookup(properties, path) == expected
