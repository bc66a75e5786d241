"""sealgate runs on real public code without crashing."""

from __future__ import annotations

import json

import pytest

from sealgate import cli
from tests.conftest import shared_or_skip


def test_corpus_runs_clean(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = shared_or_skip("corpus")
    code = cli.main(["check", "--format", "json", str(corpus)])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert code == 2, err
    assert "Traceback" not in err
    assert report["summary"]["files"] > 50
    # each refusal checked by hand against the file: what CloudFormation or
    # Terraform would refuse too, or (the .tf) python-hcl2's known gap
    errors = {
        error["file"].removeprefix(str(corpus) + "/"): error["message"]
        for error in report["errors"]
    }
    assert errors == {
        "aws-cloudformation__aws-cloudformation-templates/CloudFormation/StackSets/"
        "common-resources.yaml": "invalid YAML: line 17: tag '!Rain::Module' is "
        "not one CloudFormation reads; refused",
        "aws-cloudformation__aws-guard-rules-registry/rules/aws/validation_test_data/"
        "master_test_template.yml": "invalid template: Ref to 'pAz', which is not a "
        "parameter or resource",
        "aws-samples__serverless-patterns/apigw-ec2/template.yaml": "invalid YAML: "
        "line 80: duplicate key 'eu-west-3' (first at line 64)",
        "aws-samples__serverless-patterns/apigw-sqs-terraform/main.tf": "invalid "
        "HCL: line 143, column 21",
        "aws-samples__serverless-patterns/public-nlb-or-alb-private-api-cfn/"
        "template.yaml": "invalid YAML: line 358: duplicate key 'HealthCheckEnabled' "
        "(first at line 349)",
        "bridgecrewio__checkov/tests/terraform/parser/resources/plan_tags/"
        "tfplan.json": "plan format_version '0.1' is not supported (1.x is)",
    }
    # every verdict is a verdict; a fix (some failures have none) says its kind
    for result in report["results"]:
        assert result["verdict"] in ("pass", "fail", "unknown")
        if "fix" in result:
            assert result["verdict"] == "fail", result
            assert result["fix"]["kind"] in ("in-place", "replacement"), result
