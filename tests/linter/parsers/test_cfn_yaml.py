from __future__ import annotations

import pytest

from sealgate.errors import InputError
from sealgate.parsers import cfn_yaml


def test_cfn_yaml_lines_of_keys() -> None:
    data, lines = cfn_yaml.load(
        "Resources:\n  A:\n    Type: X\n  B:\n    Type: Y\n", "t"
    )

    assert lines[id(data["Resources"])] == {"A": 2, "B": 4}


def test_cfn_yaml_duplicate_key_names_both_lines() -> None:
    with pytest.raises(InputError) as raised:
        cfn_yaml.load("Resources:\n  A: 1\n  B: 2\n  A: 3\n", "t.yaml")

    assert raised.value.reason == (
        "invalid YAML: line 4: duplicate key 'A' (first at line 2)"
    )


def test_cfn_yaml_merge_keys_may_be_overridden() -> None:
    text = (
        "Defaults: &defaults\n"
        "  Visibility: 30\n"
        "  Retention: 60\n"
        "Queue:\n"
        "  <<: *defaults\n"
        "  Retention: 90\n"
    )

    data, _ = cfn_yaml.load(text, "t.yaml")

    assert data["Queue"] == {"Visibility": 30, "Retention": 90}


def test_cfn_yaml_duplicate_written_keys_refused_beside_a_merge() -> None:
    text = "D: &d\n  A: 1\nQ:\n  <<: *d\n  B: 2\n  B: 3\n"

    with pytest.raises(InputError) as raised:
        cfn_yaml.load(text, "t.yaml")

    assert raised.value.reason == (
        "invalid YAML: line 6: duplicate key 'B' (first at line 5)"
    )


_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10)
)


def test_cfn_yaml_alias_bomb_refused() -> None:
    # nine levels of ten aliases each: a9 alone expands to a billion nodes
    with pytest.raises(InputError) as raised:
        cfn_yaml.load(_BOMB + "z: *a9\n", "bomb.yaml")

    assert raised.value.reason == (
        "refused: expands to more than 2,000,000 nodes (alias bomb?)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "*a",
        "z: *a",
        "z:\n- *a",
        "z: [*a, *b]",
        "z: [x,*a]",
        "z: {k: *a}",
        'z: {"k":*a}',
    ],
    ids=["document", "value", "sequence", "flow", "flow-comma", "flow-map", "json"],
)
def test_cfn_yaml_alias_pattern_finds_every_spelling(text: str) -> None:
    # a miss here would let an alias bomb past the size walk
    assert cfn_yaml._ALIAS.search(text) is not None


def test_cfn_yaml_alias_pattern_ignores_star_in_values() -> None:
    text = "Action: kms:*\nResource: '*'\nPath: /*\n"

    assert cfn_yaml._ALIAS.search(text) is None
