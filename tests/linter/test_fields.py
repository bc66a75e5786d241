from __future__ import annotations

import pathlib
from typing import Any

import pytest

from sealgate.errors import InputError
from sealgate.fields import FieldTable
from sealgate.fields import Kind
from sealgate.fields import Source
from sealgate.fields import Spot
from sealgate.model import ABSENT
from sealgate.model import Format
from sealgate.model import Origin
from sealgate.model import Resource
from sealgate.model import Unknown
from tests.conftest import Run

TABLE = FieldTable(
    {
        "AWS::Test::Thing": {
            "key": Spot(("Encryption", "KeyId"), kind=Kind.TEXT),
            "enabled": Spot(("Enabled",), kind=Kind.FLAG),
            "period": Spot(("Period",), kind=Kind.NUMBER),
            "first": Spot(("Rules", 0, "Type"), kind=Kind.TEXT),
            "anything": Spot(("Anything",)),
        }
    }
)
IMPORTED = Unknown("imported at deployment (Fn::ImportValue shared)", True)


def _resource(properties: dict[str, Any]) -> Resource:
    origin = Origin(Format.CFN_YAML, "t.yaml", 3, "Thing")
    return Resource(origin, "AWS::Test::Thing", properties)


@pytest.mark.parametrize(
    ("name", "properties", "value", "source"),
    [
        ("key", {"Encryption": {"KeyId": "k"}}, "k", Source.EXPLICIT),
        ("key", {"Encryption": {"KeyId": 1234}}, 1234, Source.EXPLICIT),
        ("key", {}, ABSENT, Source.DEFAULT),
        ("key", {"Encryption": {}}, ABSENT, Source.DEFAULT),
        ("key", {"Encryption": IMPORTED}, IMPORTED, Source.UNKNOWN),
        ("key", {"Encryption": {"KeyId": IMPORTED}}, IMPORTED, Source.UNKNOWN),
        ("enabled", {"Enabled": False}, False, Source.EXPLICIT),
        ("period", {"Period": 300}, 300, Source.EXPLICIT),
        ("first", {"Rules": []}, ABSENT, Source.DEFAULT),
        ("first", {"Rules": [{"Type": "x"}]}, "x", Source.EXPLICIT),
        ("first", {"Rules": IMPORTED}, IMPORTED, Source.UNKNOWN),
        ("anything", {"Anything": [{"a": 1}]}, [{"a": 1}], Source.EXPLICIT),
    ],
)
def test_fields_read(
    name: str, properties: dict[str, Any], value: Any, source: Source
) -> None:
    resource = _resource(properties)

    field = TABLE.read(resource, resource.properties, name)

    assert (field.value, field.source) == (value, source)


@pytest.mark.parametrize(
    ("name", "properties", "reason"),
    [
        (
            "key",
            {"Encryption": "yes"},
            "resource 'Thing': 'Encryption' must be a mapping, not 'yes'",
        ),
        (
            "key",
            {"Encryption": {"KeyId": [1, 2]}},
            "resource 'Thing': 'Encryption.KeyId' must be a string, not [1, 2]",
        ),
        (
            "key",
            {"Encryption": {"KeyId": True}},
            "resource 'Thing': 'Encryption.KeyId' must be a string, not True",
        ),
        (
            "enabled",
            {"Enabled": "yes"},
            "resource 'Thing': 'Enabled' must be true or false, not 'yes'",
        ),
        (
            "period",
            {"Period": True},
            "resource 'Thing': 'Period' must be a number, not True",
        ),
        (
            "first",
            {"Rules": {"Type": "x"}},
            "resource 'Thing': 'Rules' must be a list, not {'Type': 'x'}",
        ),
    ],
)
def test_fields_read_refuses_a_value_of_the_wrong_kind(
    name: str, properties: dict[str, Any], reason: str
) -> None:
    resource = _resource(properties)

    with pytest.raises(InputError) as raised:
        TABLE.read(resource, resource.properties, name)

    assert (raised.value.file, raised.value.reason) == ("t.yaml", reason)


def test_fields_read_shortens_a_long_value_in_the_message() -> None:
    resource = _resource({"Enabled": list(range(50))})

    with pytest.raises(InputError) as raised:
        TABLE.read(resource, resource.properties, "enabled")

    assert raised.value.reason == (
        "resource 'Thing': 'Enabled' must be true or false, not [0, 1, 2, 3, 4, 5, ...]"
    )


def test_fields_unknown_parent_is_unknown_not_absent(
    tmp_path: pathlib.Path, run: Run
) -> None:
    # before: a StreamEncryption known only at deployment read as "not set",
    # and the stream failed Kinesis.1 as unencrypted
    template = tmp_path / "stream.yaml"
    template.write_text(
        "Resources:\n  Stream:\n    Type: AWS::Kinesis::Stream\n    Properties:\n"
        "      StreamEncryption: !ImportValue shared-encryption\n"
    )

    code, out, err = run("check", str(template))

    assert (code, err) == (0, "")
    assert out.splitlines()[1] == (
        "  2: UNKNOWN Kinesis.1 [KINESIS001] AWS::Kinesis::Stream 'Stream' cannot be "
        "judged before deployment: 'StreamEncryption.EncryptionType' is imported at "
        "deployment (Fn::ImportValue shared-encryption)."
    )
