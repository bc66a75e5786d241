"""Realistic CloudFormation resources, one function per shape.

Each shape returns the resources it adds (logical id to declaration) for one
template; the ``Fn::*`` and ``Ref`` values are written in long form and become
short-form tags (``!Ref``) when a template is written as YAML. Every resource
type a Security Hub control of sealgate covers appears, judged or not yet,
next to the ordinary resources (roles, functions, buckets, topics) that fill
real templates, with settings that pass, fail and depend on a condition.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

Resources = dict[str, dict[str, Any]]
Shape = Callable[[random.Random, str], Resources]


def ref(name: str) -> dict[str, Any]:
    return {"Ref": name}


def arn_of(name: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [name, "Arn"]}


def sub(text: str) -> dict[str, Any]:
    return {"Fn::Sub": text}


def if_prod(yes: Any, no: Any) -> dict[str, Any]:
    return {"Fn::If": ["IsProd", yes, no]}


def key(rng: random.Random, name: str) -> Resources:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "EnableRoot",
                "Effect": "Allow",
                "Principal": {
                    "AWS": sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")
                },
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }
    return {
        f"{name}Key": {
            "Type": "AWS::KMS::Key",
            "Properties": {
                "Description": sub(f"{name} data key for ${{Environment}}"),
                "EnableKeyRotation": True,
                "KeyPolicy": policy,
            },
        }
    }


def queue(rng: random.Random, name: str) -> Resources:
    settings = rng.choice(
        [
            {},
            {"SqsManagedSseEnabled": rng.choice([True, "true", False])},
            {"KmsMasterKeyId": "alias/aws/sqs"},
            {"KmsMasterKeyId": ref(f"{name}Key"), "KmsDataKeyReusePeriodSeconds": 600},
            {"KmsMasterKeyId": if_prod(ref(f"{name}Key"), ref("AWS::NoValue"))},
        ]
    )
    resources = key(rng, name) if f"{name}Key" in str(settings) else {}
    resources[f"{name}DeadLetterQueue"] = {
        "Type": "AWS::SQS::Queue",
        "Properties": {"MessageRetentionPeriod": 1209600, **settings},
    }
    resources[f"{name}Queue"] = {
        "Type": "AWS::SQS::Queue",
        "Properties": {
            "QueueName": sub(f"${{Environment}}-{name.lower()}"),
            "VisibilityTimeout": rng.choice([30, 60, 300]),
            "RedrivePolicy": {
                "deadLetterTargetArn": arn_of(f"{name}DeadLetterQueue"),
                "maxReceiveCount": 5,
            },
            **settings,
        },
    }
    return resources


def stream(rng: random.Random, name: str) -> Resources:
    encryption = rng.choice(
        [
            None,
            {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"},
            {"EncryptionType": "KMS", "KeyId": ref(f"{name}Key")},
        ]
    )
    properties: dict[str, Any] = {"ShardCount": rng.choice([1, 2, 4])}
    if encryption is not None:
        properties["StreamEncryption"] = encryption
    resources = key(rng, name) if f"{name}Key" in str(encryption) else {}
    resources[f"{name}Stream"] = {
        "Type": "AWS::Kinesis::Stream",
        "Properties": {"RetentionPeriodHours": 24, **properties},
    }
    return resources


def emr(rng: random.Random, name: str) -> Resources:
    at_rest = rng.choice([True, False])
    encryption: dict[str, Any] = {
        "EnableInTransitEncryption": False,
        "EnableAtRestEncryption": at_rest,
    }
    if at_rest:
        encryption["AtRestEncryptionConfiguration"] = {
            "S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"},
            "LocalDiskEncryptionConfiguration": {
                "EncryptionKeyProviderType": "AwsKms",
                "AwsKmsKey": "arn:aws:kms:us-east-1:111122223333:alias/emr",
            },
        }
    return {
        f"{name}SecurityConfiguration": {
            "Type": "AWS::EMR::SecurityConfiguration",
            "Properties": {
                "Name": sub(f"${{Environment}}-{name.lower()}"),
                "SecurityConfiguration": {"EncryptionConfiguration": encryption},
            },
        }
    }


def search(rng: random.Random, name: str) -> Resources:
    enabled = rng.choice([True, False, if_prod(True, False)])
    properties: dict[str, Any] = {
        "ClusterConfig": {"InstanceType": "r6g.large.search", "InstanceCount": 2},
        "EBSOptions": {"EBSEnabled": True, "VolumeSize": 20, "VolumeType": "gp3"},
        "EncryptionAtRestOptions": {"Enabled": enabled},
        "NodeToNodeEncryptionOptions": {"Enabled": rng.choice([True, False])},
        "DomainEndpointOptions": {"EnforceHTTPS": True},
    }
    if rng.random() < 0.3:  # the legacy resource type still fills many estates
        properties["ElasticsearchClusterConfig"] = properties.pop("ClusterConfig")
        return {
            f"{name}Domain": {
                "Type": "AWS::Elasticsearch::Domain",
                "Properties": {"ElasticsearchVersion": "7.10", **properties},
            }
        }
    return {
        f"{name}Domain": {
            "Type": "AWS::OpenSearchService::Domain",
            "Properties": {"EngineVersion": "OpenSearch_2.11", **properties},
        }
    }


def backup(rng: random.Random, name: str) -> Resources:
    vault: dict[str, Any] = {"BackupVaultName": sub(f"${{Environment}}-{name}")}
    resources: Resources = {}
    if rng.random() < 0.5:
        resources.update(key(rng, name))
        vault["EncryptionKeyArn"] = arn_of(f"{name}Key")
    resources[f"{name}Vault"] = {
        "Type": "AWS::Backup::BackupVault",
        "Properties": vault,
    }
    resources[f"{name}Plan"] = {
        "Type": "AWS::Backup::BackupPlan",
        "Properties": {
            "BackupPlan": {
                "BackupPlanName": sub(f"${{Environment}}-{name}-daily"),
                "BackupPlanRule": [
                    {
                        "RuleName": "daily",
                        "TargetBackupVault": ref(f"{name}Vault"),
                        "ScheduleExpression": "cron(0 5 ? * * *)",
                        "Lifecycle": {"DeleteAfterDays": 35},
                    }
                ],
            }
        },
    }
    resources[f"{name}Selection"] = {
        "Type": "AWS::Backup::BackupSelection",
        "Properties": {
            "BackupPlanId": ref(f"{name}Plan"),
            "BackupSelection": {
                "SelectionName": "tagged",
                "IamRoleArn": sub(
                    "arn:aws:iam::${AWS::AccountId}:role/service-role/"
                    "AWSBackupDefaultServiceRole"
                ),
                "ListOfTags": [
                    {
                        "ConditionType": "STRINGEQUALS",
                        "ConditionKey": "backup",
                        "ConditionValue": "daily",
                    }
                ],
            },
        },
    }
    return resources


def api(rng: random.Random, name: str) -> Resources:
    cached = rng.choice([True, False])
    setting: dict[str, Any] = {
        "ResourcePath": "/*",
        "HttpMethod": "*",
        "MetricsEnabled": True,
        "CachingEnabled": cached,
    }
    if cached:
        setting["CacheDataEncrypted"] = rng.choice([True, False])
    return {
        f"{name}Api": {
            "Type": "AWS::ApiGateway::RestApi",
            "Properties": {"Name": sub(f"${{Environment}}-{name.lower()}")},
        },
        f"{name}Deployment": {
            "Type": "AWS::ApiGateway::Deployment",
            "Properties": {"RestApiId": ref(f"{name}Api")},
        },
        f"{name}Stage": {
            "Type": "AWS::ApiGateway::Stage",
            "Properties": {
                "RestApiId": ref(f"{name}Api"),
                "DeploymentId": ref(f"{name}Deployment"),
                "StageName": ref("Environment"),
                "CacheClusterEnabled": cached,
                "MethodSettings": [setting],
            },
        },
    }


def transform(rng: random.Random, name: str) -> Resources:
    properties: dict[str, Any] = {
        "Role": sub("arn:aws:iam::${AWS::AccountId}:role/glue-ml"),
        "InputRecordTables": {
            "GlueTables": [{"DatabaseName": "crm", "TableName": name.lower()}]
        },
        "TransformParameters": {
            "TransformType": "FIND_MATCHES",
            "FindMatchesParameters": {"PrimaryKeyColumnName": "id"},
        },
    }
    if rng.random() < 0.5:
        properties["TransformEncryption"] = {
            "MLUserDataEncryption": {"MLUserDataEncryptionMode": "SSE-KMS"},
        }
    return {
        f"{name}Transform": {"Type": "AWS::Glue::MLTransform", "Properties": properties}
    }


def reports(rng: random.Random, name: str) -> Resources:
    destination = {
        "Bucket": sub("${AWS::AccountId}-build-reports"),
        "EncryptionDisabled": rng.choice([True, False]),
        "Packaging": "NONE",
    }
    return {
        f"{name}Reports": {
            "Type": "AWS::CodeBuild::ReportGroup",
            "Properties": {
                "Type": "TEST",
                "ExportConfig": {
                    "ExportConfigType": "S3",
                    "S3Destination": destination,
                },
            },
        }
    }


def target_group(rng: random.Random, name: str) -> Resources:
    protocol = rng.choice(["HTTP", "HTTPS"])
    properties: dict[str, Any] = {
        "Protocol": protocol,
        "Port": 80 if protocol == "HTTP" else 443,
        "VpcId": ref("VpcId"),
        "TargetType": "ip",
    }
    if rng.random() < 0.5:
        properties["HealthCheckProtocol"] = rng.choice(["HTTP", "HTTPS"])
        properties["HealthCheckPath"] = "/health"
    return {
        f"{name}TargetGroup": {
            "Type": "AWS::ElasticLoadBalancingV2::TargetGroup",
            "Properties": properties,
        }
    }


def function(rng: random.Random, name: str) -> Resources:
    return {
        f"{name}Role": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                },
                "ManagedPolicyArns": [
                    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
                ],
            },
        },
        f"{name}Function": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Runtime": "python3.12",
                "Handler": "index.handler",
                "Role": arn_of(f"{name}Role"),
                "MemorySize": rng.choice([128, 256, 512]),
                "Timeout": 30,
                "Code": {"ZipFile": "def handler(event, context):\n    return event\n"},
                "Environment": {"Variables": {"STAGE": ref("Environment")}},
            },
        },
    }


def bucket(rng: random.Random, name: str) -> Resources:
    return {
        f"{name}Bucket": {
            "Type": "AWS::S3::Bucket",
            "Properties": {
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                    ]
                },
                "VersioningConfiguration": {"Status": "Enabled"},
            },
        },
        f"{name}Topic": {
            "Type": "AWS::SNS::Topic",
            "Properties": {"KmsMasterKeyId": "alias/aws/sns"},
        },
    }


JUDGED: tuple[Shape, ...] = (
    queue,
    stream,
    emr,
    search,
    backup,
    api,
    transform,
    reports,
    target_group,
)
"""Shapes whose resources a Security Hub control covers."""

FILLER: tuple[Shape, ...] = (function, bucket)
"""Shapes of resources no control of sealgate looks at."""
