from __future__ import annotations

import os
import pathlib
import stat

from sealgate import destination


def test_destination_write_replaces_a_file_whole(tmp_path: pathlib.Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("old report, longer than the new one\n")
    destination.write(str(report), "new\n")
    assert report.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_destination_write_keeps_a_link_and_replaces_its_target(
    tmp_path: pathlib.Path,
) -> None:
    # a bug found by trying it: the rename used to replace the link itself
    target = tmp_path / "real.json"
    target.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    destination.write(str(link), "new\n")
    assert (link.is_symlink(), target.read_text()) == (True, "new\n")


def test_destination_write_writes_through_a_device() -> None:
    # `-o /dev/null` used to rename a regular file over the device
    destination.write(os.devnull, "report\n")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
