"""GitHub workflow commands: exact lines, escaped as the runner reads them."""

from __future__ import annotations

FIX = (
    "fix (in-place): SetQueueAttributes applies it within about 60 seconds. "
    "Forward-only: messages already in the queue stay unencrypted until consumed; "
    "clients must use HTTPS and Signature Version 4."
)


def _fix(name: str) -> str:
    return (
        f"%0A{FIX}%0AResources:%0A  {name}:%0A    Properties:%0A"
        "      SqsManagedSseEnabled: true%0A"
    )


def test_github_report_annotations(run, mixed) -> None:
    code, out, err = run("check", "--format", "github", "mixed.yaml", "broken.yaml")
    unencrypted = (
        "stores messages unencrypted: 'SqsManagedSseEnabled' is false and "
        "'KmsMasterKeyId' is not set; set 'SqsManagedSseEnabled' to true."
    )
    assert code == 2
    assert out.splitlines() == [
        "::error file=mixed.yaml,line=5,title=SQS.1 SQS001 OpenQueue (fail)::"
        f"AWS::SQS::Queue 'OpenQueue' {unencrypted}{_fix('OpenQueue')}",
        "::warning file=mixed.yaml,line=9,title=SQS.1 SQS001 MaybeQueue (unknown)::"
        "AWS::SQS::Queue 'MaybeQueue' cannot be judged before deployment: "
        "'SqsManagedSseEnabled' is supplied at deployment (parameter 'SseSetting' "
        "has no default).",
        "::notice file=mixed.yaml,line=13,title=SQS.1 SQS001 PublicQueue "
        "(fail%2C suppressed%3A public prices%2C 100%25 public)::"
        f"AWS::SQS::Queue 'PublicQueue' {unencrypted}{_fix('PublicQueue')}",
        "::error file=broken.yaml,title=sealgate::invalid YAML: line 3: did not "
        "find expected node content",
    ]
    assert err == (
        "error: broken.yaml: invalid YAML: line 3: did not find expected node content\n"
    )
