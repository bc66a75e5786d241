"""Markdown for pull requests: the exact summary of a mixed report."""

from __future__ import annotations

import pathlib

NOTE = (
    "SetQueueAttributes applies it within about 60 seconds. Forward-only: "
    "messages already in the queue stay unencrypted until consumed; clients must "
    "use HTTPS and Signature Version 4."
)
UNENCRYPTED = (
    "stores messages unencrypted: 'SqsManagedSseEnabled' is false and "
    "'KmsMasterKeyId' is not set; set 'SqsManagedSseEnabled' to true."
)


def _details(name: str) -> str:
    return (
        f"<details><summary>Fix {name} (SQS.1, in-place)</summary>\n\n{NOTE}\n\n"
        f"```\nResources:\n  {name}:\n    Properties:\n"
        "      SqsManagedSseEnabled: true\n```\n</details>\n\n"
    )


def test_markdown_report_summary(run, mixed) -> None:
    code, out, _ = run("check", "--format", "markdown", "mixed.yaml", "broken.yaml")
    assert code == 2
    assert out == (
        "## sealgate: 2 failed, 1 unknown, 1 passed in 1 file(s), 1 error(s)\n\n"
        "| Verdict | Control | Rule | Resource | Where | Message |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"| ❌ fail | SQS.1 | SQS001 | `OpenQueue` | `mixed.yaml:5` | "
        f"AWS::SQS::Queue 'OpenQueue' {UNENCRYPTED} |\n"
        "| ❔ unknown | SQS.1 | SQS001 | `MaybeQueue` | `mixed.yaml:9` | "
        "AWS::SQS::Queue 'MaybeQueue' cannot be judged before deployment: "
        "'SqsManagedSseEnabled' is supplied at deployment (parameter 'SseSetting' "
        "has no default). |\n"
        "| ❌ fail, suppressed: public prices, 100% public | SQS.1 | SQS001 | "
        f"`PublicQueue` | `mixed.yaml:13` | AWS::SQS::Queue 'PublicQueue' "
        f"{UNENCRYPTED} |\n\n"
        f"{_details('OpenQueue')}"
        f"{_details('PublicQueue')}"
        "### Inputs not read\n\n"
        "- `broken.yaml`: invalid YAML: line 3: did not find expected node content\n"
    )


def test_markdown_report_fixed_section(run, mixed) -> None:
    run("baseline", "create", "base.json", "mixed.yaml")
    path = pathlib.Path("mixed.yaml")
    path.write_text(path.read_text().replace("false", "true", 1))
    code, out, _ = run(
        "check", "--format", "markdown", "--baseline", "base.json", "mixed.yaml"
    )
    assert code == 0
    assert out.split("### ")[1:] == [
        "Fixed since the baseline\n\n- SQS.1 `SQS001` `OpenQueue` in `mixed.yaml`\n"
    ]
