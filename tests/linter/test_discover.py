"""Which inputs a path stands for; Terraform is read by module folder."""

from __future__ import annotations

import os

from sealgate.discover import discover
from tests.conftest import FIXTURES


def test_discover_walk_skips_folders_called_as_local_modules() -> None:
    root = str(FIXTURES / "tfplan" / "sqs" / "modules")

    found = list(discover([root]))

    assert found == [os.path.join(root, "plan.json"), root]


def test_discover_tf_file_stands_for_its_folder() -> None:
    folder = str(FIXTURES / "hcl" / "forms")

    found = list(discover([os.path.join(folder, "main.tf"), folder]))

    assert found == [folder]


def test_discover_module_folder_given_directly_is_a_root() -> None:
    folder = str(FIXTURES / "hcl" / "forms" / "modules" / "queue")

    assert list(discover([folder])) == [folder]
