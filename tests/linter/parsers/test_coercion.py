from __future__ import annotations

from typing import Any

import pytest

from sealgate.model import Unknown
from sealgate.parsers import coercion


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        pytest.param("bool", "TRUE", True, id="bool-any-case"),
        pytest.param("bool", "yes", "yes", id="bool-other-text-kept"),
        pytest.param("int", "300", 300, id="int"),
        pytest.param("num", "0.5", 0.5, id="num"),
        pytest.param("json", '{"a": 1}', {"a": 1}, id="json-object"),
        pytest.param("json", "[1]", "[1]", id="json-array-kept"),
        pytest.param(
            "json",
            Unknown("x", text='{"a": "${Key}", "b": true}'),
            {
                "a": Unknown("known only after deployment (from Key)", True, ("Key",)),
                "b": True,
            },
            id="json-partly-substituted",
        ),
    ],
)
def test_coercion_normalise_kinds(kind: str, raw: Any, expected: Any) -> None:
    properties = {"P": raw}
    coercion.normalise(properties, {kind: ["P"]})
    assert properties == {"P": expected}


def test_coercion_normalise_reads_document_before_its_members() -> None:
    properties: dict[str, Any] = {"Doc": '{"Flags": ["true", "false"]}'}
    coercion.normalise(properties, {"bool": ["Doc.Flags.*"], "json": ["Doc"]})
    assert properties == {"Doc": {"Flags": [True, False]}}


def test_coercion_json_documents_of_a_type() -> None:
    assert coercion.json_documents("aws_emr_security_configuration") == frozenset(
        {"configuration"}
    )
