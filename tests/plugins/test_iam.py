from __future__ import annotations

import pytest

from sealgate.plugins.iam import Match
from sealgate.plugins.iam import statements


def one(raw: dict[str, object]):  # type: ignore[no-untyped-def]
    (statement,) = statements({"Statement": [raw]}, "P")
    return statement


@pytest.mark.parametrize(
    ("raw", "action", "expected"),
    [
        ({"Action": "sqs:SendMessage"}, "sqs:SendMessage", Match.YES),
        ({"Action": "SQS:send*"}, "sqs:SendMessage", Match.YES),
        ({"Action": ["sqs:*"]}, "sqs:ReceiveMessage", Match.YES),
        ({"Action": "*"}, "kms:Decrypt", Match.YES),
        ({"Action": "kms:Encrypt"}, "kms:Decrypt", Match.NO),
        ({"NotAction": "kms:Decrypt"}, "kms:Decrypt", Match.NO),
        ({"NotAction": "iam:*"}, "kms:Decrypt", Match.YES),
        ({"Action": {"Ref": "x"}}, "kms:Decrypt", Match.MAYBE),
    ],
)
def test_iam_statement_action_wildcards(
    raw: dict[str, object], action: str, expected: Match
) -> None:
    assert one({"Effect": "Allow", **raw}).allows(action) is expected


def test_iam_statement_keeps_conditions_principals_and_default_resource() -> None:
    statement = one(
        {
            "Effect": "Allow",
            "Action": "kms:Decrypt",
            "Principal": {"Service": ["sns.amazonaws.com"], "AWS": "111122223333"},
            "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}},
        }
    )
    assert statement.conditional is True
    assert statement.principals == ("sns.amazonaws.com", "111122223333")
    assert statement.resources == ("*",)


def test_iam_statements_of_an_unreadable_document_are_none() -> None:
    assert list(statements("not a document", "P")) == []
    assert list(statements({"Statement": "nope"}, "P")) == []
