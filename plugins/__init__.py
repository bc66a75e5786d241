"""The built-in check families, one module per AWS service family.

Each module exports ``RULES``. The dict below is the only registration:
nothing is found by walking folders or by import side effects, and a test
keeps the keys sorted.
"""

from __future__ import annotations

from types import ModuleType

from sealgate.plugins import apigateway
from sealgate.plugins import backup
from sealgate.plugins import codebuild
from sealgate.plugins import elbv2
from sealgate.plugins import emr
from sealgate.plugins import glue
from sealgate.plugins import kinesis
from sealgate.plugins import kms
from sealgate.plugins import opensearch
from sealgate.plugins import plan
from sealgate.plugins import sqs
from sealgate.plugins import tier

FAMILIES: dict[str, ModuleType] = {
    "apigateway": apigateway,
    "backup": backup,
    "codebuild": codebuild,
    "elbv2": elbv2,
    "emr": emr,
    "glue": glue,
    "kinesis": kinesis,
    "kms": kms,
    "opensearch": opensearch,
    "plan": plan,
    "sqs": sqs,
    "tier": tier,
}
