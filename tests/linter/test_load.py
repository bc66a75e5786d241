from __future__ import annotations

import pathlib

import pytest

from sealgate import load
from sealgate.errors import InputError


def test_load_plan_is_read_without_the_duplicate_key_hook(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(
        '{"format_version": "1.2", "terraform_version": "1.11.4",'
        ' "resource_changes": []}'
    )

    document = load.load(str(path))

    assert document is not None
    assert (document.format.value, document.resources) == ("terraform-plan", ())


def test_load_template_opening_like_a_plan_still_refuses_duplicates(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "template.json"
    path.write_text(
        '{"format_version": 1, "Resources": {"Q": {"Type": "AWS::SQS::Queue"},'
        ' "Q": {"Type": "AWS::SQS::Queue"}}}'
    )

    with pytest.raises(InputError) as raised:
        load.load(str(path))

    assert raised.value.reason == "invalid JSON: duplicate key 'Q'"
