from __future__ import annotations

import textwrap

import pytest

from sealgate.errors import InputError
from sealgate.model import Format
from sealgate.model import Unknown
from sealgate.parsers import cfn


def parse(body: str, **parameters: str) -> dict[str, object]:
    text = textwrap.dedent(body)
    document = cfn.parse(text, "t.yaml", Format.CFN_YAML, parameters)
    assert document is not None
    return {r.address: r for r in document.resources}


def props(body: str, **parameters: str) -> object:
    (resource,) = parse(body, **parameters).values()
    return resource.properties  # type: ignore[attr-defined]


def test_cfn_string_booleans_and_numbers_follow_the_schema() -> None:
    got = props("""
        Resources:
          Q:
            Type: AWS::SQS::Queue
            Properties:
              SqsManagedSseEnabled: "FALSE"
              KmsDataKeyReusePeriodSeconds: "86400"
              QueueName: "true"
              Tags: [{Key: enabled, Value: "true"}]
    """)
    assert got == {
        "SqsManagedSseEnabled": False,
        "KmsDataKeyReusePeriodSeconds": 86400,
        "QueueName": "true",
        "Tags": [{"Key": "enabled", "Value": "true"}],
    }


def test_cfn_json_string_property_becomes_an_object() -> None:
    got = props("""
        Resources:
          C:
            Type: AWS::EMR::SecurityConfiguration
            Properties:
              SecurityConfiguration: !Sub >-
                {"EncryptionConfiguration":
                  {"EnableAtRestEncryption": true, "Key": "${AWS::Region}"}}
    """)
    assert got == {
        "SecurityConfiguration": {
            "EncryptionConfiguration": {
                "EnableAtRestEncryption": True,
                "Key": Unknown(
                    "known only after deployment (from ${AWS::Region})", True
                ),
            }
        }
    }


def test_cfn_ref_to_resource_is_unknown_but_present_with_the_reference() -> None:
    got = parse("""
        Resources:
          K: {Type: AWS::KMS::Key}
          Q:
            Type: AWS::SQS::Queue
            Properties: {KmsMasterKeyId: !GetAtt K.Arn}
    """)["Q"].properties
    assert got == {
        "KmsMasterKeyId": Unknown(
            "known after deployment (Fn::GetAtt K.Arn)", present=True, refs=("K",)
        )
    }


def test_cfn_parameters_defaults_overrides_and_missing() -> None:
    body = """
        Parameters:
          Name: {Type: String, Default: orders}
          Key: {Type: String}
          Secret: {Type: "AWS::SSM::Parameter::Value<String>", Default: /kms/key}
        Resources:
          Q:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub "${Name}-queue"
              KmsMasterKeyId: !Ref Key
              RedriveAllowPolicy: !Ref Secret
    """
    got = props(body)
    assert got == {
        "QueueName": "orders-queue",
        "KmsMasterKeyId": Unknown(
            "supplied at deployment (parameter 'Key' has no default)", present=True
        ),
        "RedriveAllowPolicy": Unknown(
            "read from SSM Parameter Store at deployment (parameter 'Secret')",
            present=True,
        ),
    }
    assert props(body, Name="billing", Key="alias/k")["QueueName"] == "billing-queue"
    assert props(body, Name="billing", Key="alias/k")["KmsMasterKeyId"] == "alias/k"


def test_cfn_intrinsics_resolved_where_known() -> None:
    got = props("""
        Mappings:
          Keys: {prod: {queue: alias/prod-queue}}
        Resources:
          Q:
            Type: AWS::SQS::Queue
            Properties:
              KmsMasterKeyId: !FindInMap [Keys, prod, queue]
              QueueName: !Join ["-", [a, !Select [1, !Split [",", "x,b,c"]]]]
              DelaySeconds: !Ref AWS::NoValue
              RedriveAllowPolicy: !ImportValue shared-policy
    """)
    assert got == {
        "KmsMasterKeyId": "alias/prod-queue",
        "QueueName": "a-b",
        "RedriveAllowPolicy": Unknown(
            "imported at deployment (Fn::ImportValue shared-policy)", present=True
        ),
    }


def test_cfn_conditions_give_variants_and_the_default_branch() -> None:
    (stream,) = parse("""
        Parameters:
          Env: {Type: String, Default: dev}
        Conditions:
          Prod: !Equals [!Ref Env, prod]
        Resources:
          S:
            Type: AWS::Kinesis::Stream
            Properties:
              StreamEncryption: !If [Prod, {EncryptionType: KMS}, !Ref AWS::NoValue]
    """).values()
    assert stream.properties == {}
    assert stream.undetermined == ()
    assert [(v.assumptions, v.properties) for v in stream.variants] == [
        ((("Prod", True),), {"StreamEncryption": {"EncryptionType": "KMS"}}),
        ((("Prod", False),), {}),
    ]


def test_cfn_condition_on_parameter_without_default_is_undetermined() -> None:
    (stream,) = parse("""
        Parameters:
          Env: {Type: String}
        Conditions:
          Prod: !Not [!Equals [!Ref Env, dev]]
        Resources:
          S:
            Type: AWS::Kinesis::Stream
            Properties:
              StreamEncryption: !If [Prod, {EncryptionType: KMS}, !Ref AWS::NoValue]
    """).values()
    assert stream.undetermined == ("Prod",)
    assert stream.properties == {
        "StreamEncryption": Unknown(
            "decided by condition 'Prod', which the parameters given cannot decide"
        )
    }


def test_cfn_lines_point_at_logical_ids_in_yaml_and_json() -> None:
    yaml_doc = parse("""
        Resources:

          A:
            Type: AWS::SQS::Queue
          B:
            Type: AWS::SQS::Queue
    """)
    assert [r.origin.line for r in yaml_doc.values()] == [4, 6]
    text = (
        '{\n "Outputs": {"B": {}},\n "Resources": {\n'
        '  "A": {"Type": "X::Y"},\n  "B": {"Type": "X::Y"}\n }\n}'
    )
    document = cfn.parse(text, "t.json", Format.CFN_JSON)
    assert document is not None
    assert [r.origin.line for r in document.resources] == [4, 5]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Resources:\n  A: {Type: AWS::SQS::Queue}\n  A: {Type: AWS::SQS::Queue}\n",
            "t.yaml: invalid YAML: line 3: duplicate key 'A' (first at line 2)",
        ),
        (
            "Resources:\n  A: [\n",
            "t.yaml: invalid YAML: line 3: did not find expected node content",
        ),
        (
            "Resources:\n  A: !!python/object:os.system {}\n",
            "t.yaml: invalid YAML: line 2: tag '!!python/object:os.system' is not "
            "one CloudFormation reads; refused",
        ),
        (
            "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties: [1]\n",
            "t.yaml: invalid template: 'Properties' of resource 'A' must be a "
            "mapping, not a list",
        ),
        (
            "Resources: [1, 2]\n",
            "t.yaml: invalid template: 'Resources' must be a mapping, not a list",
        ),
        (
            "Resources:\n  A:\n    Type: AWS::SQS::Queue\n"
            "    Properties: {QueueName: !Ref Nowhere}\n",
            "t.yaml: invalid template: Ref to 'Nowhere', which is not a parameter "
            "or resource",
        ),
        (
            "Resources:\n  A:\n    Type: AWS::SQS::Queue\n"
            "    Properties: {QueueName: !Select [0, {a: b}]}\n",
            "t.yaml: invalid template: Fn::Select takes [index, list]",
        ),
        (
            "Resources:\n  A:\n    Type: AWS::SQS::Queue\n"
            "    Properties: {QueueName: !Select [0, abc]}\n",
            "t.yaml: invalid template: Fn::Select takes [index, list]",
        ),
        (
            "Resources:\n  A:\n    Type: AWS::SQS::Queue\n"
            "    Properties: {QueueName: !Select [-1, [a, b]]}\n",
            "t.yaml: invalid template: Fn::Select: index -1 is out of range",
        ),
        (
            "Resources:\n  A:\n    Type: AWS::SQS::Queue\n"
            "    Properties: {QueueName: !Select [.inf, [a, b]]}\n",
            "t.yaml: invalid template: Fn::Select: index inf is out of range",
        ),
        (
            "Resources:\n  A:\n    Type: AWS::SQS::Queue\n"
            "    Properties: {QueueName: !Select [x, [a, b]]}\n",
            "t.yaml: invalid template: Fn::Select: index 'x' is out of range",
        ),
    ],
)
def test_cfn_invalid_input_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        cfn.parse(text, "t.yaml", Format.CFN_YAML)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "apiVersion: v1\nkind: ConfigMap\n",
        "on: push\njobs: {}\n",
    ],
)
def test_cfn_yaml_that_is_not_a_template_is_none(text: str) -> None:
    assert cfn.parse(text, "x.yaml", Format.CFN_YAML) is None


def test_cfn_aliases_and_merge_keys_expand() -> None:
    got = parse("""
        Resources:
          A:
            Type: AWS::SQS::Queue
            Properties: &common
              SqsManagedSseEnabled: false
          B:
            Type: AWS::SQS::Queue
            Properties:
              <<: *common
              DelaySeconds: "5"
    """)
    assert got["A"].properties == {"SqsManagedSseEnabled": False}
    assert got["B"].properties == {"SqsManagedSseEnabled": False, "DelaySeconds": 5}


def test_cfn_rules_section_functions_are_read() -> None:
    # !ValueOf and friends belong to the Rules section; a real corpus template
    # (AWSSupplyChain/SapPrivateLink) was refused before they were known
    got = parse("""
        Rules:
          Prod:
            Assertions:
              - Assert: !Contains [[a, b], !ValueOf [Env, Tag]]
              - Assert: !EachMemberIn [!ValueOfAll [AWS::EC2::VPC::Id, Tag], [x]]
        Resources:
          Q: {Type: AWS::SQS::Queue}
    """)
    assert list(got) == ["Q"]


def test_cfn_foreach_loops_are_named_not_refused() -> None:
    # found by trying it: a valid AWS::LanguageExtensions template was refused
    text = textwrap.dedent("""
        Transform: AWS::LanguageExtensions
        Resources:
          Fn::ForEach::Queues:
            - Name
            - [A, B]
            - Queue${Name}: {Type: AWS::SQS::Queue}
          Plain: {Type: AWS::SQS::Queue}
    """)
    document = cfn.parse(text, "t.yaml", Format.CFN_YAML)
    assert document is not None
    assert [r.address for r in document.resources] == ["Plain"]
    assert document.notes == (
        "Fn::ForEach::Queues: resources written out by Fn::ForEach are not judged",
    )
