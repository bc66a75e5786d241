from __future__ import annotations

import pathlib

from bench import estate
from sealgate import registry
from sealgate.scan import scan


def test_estate_templates_read_without_errors(tmp_path: pathlib.Path) -> None:
    written = estate.write(tmp_path, 12, seed=5)

    report = scan([str(tmp_path)], registry.load(), jobs=1)

    assert report.errors == ()
    assert report.files == 12
    assert len(written.files) == 12
    # seed 5 draws two JSON templates among the twelve: both formats are read
    assert sorted(p.suffix for p in written.files) == [".json"] * 2 + [".yaml"] * 10


def test_estate_counts_the_resources_it_writes(tmp_path: pathlib.Path) -> None:
    from sealgate import load

    written = estate.write(tmp_path, 6, size="medium", seed=9)

    parsed = sum(len(load.load(str(file)).resources) for file in written.files)
    assert written.resources == parsed


def test_estate_same_seed_gives_same_bytes(tmp_path: pathlib.Path) -> None:
    first = estate.write(tmp_path / "a", 4, seed=3)
    second = estate.write(tmp_path / "b", 4, seed=3)

    assert [f.read_bytes() for f in first.files] == [
        f.read_bytes() for f in second.files
    ]


def test_estate_dump_writes_short_form_intrinsics() -> None:
    data = {
        "Resources": {
            "Queue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                    "KmsMasterKeyId": {"Ref": "Key"},
                    "Name": {"Fn::Sub": "${Environment}-q"},
                    "Dlq": {"Fn::GetAtt": ["Dead", "Arn"]},
                },
            }
        }
    }

    assert estate.dump(data) == (
        "Resources:\n"
        "  Queue:\n"
        "    Type: AWS::SQS::Queue\n"
        "    Properties:\n"
        "      KmsMasterKeyId: !Ref 'Key'\n"
        "      Name: !Sub '${Environment}-q'\n"
        "      Dlq: !GetAtt 'Dead.Arn'\n"
    )
