from __future__ import annotations

import json
from typing import Any

from sealgate.model import Unknown
from sealgate.parsers import tfplan
from tests.conftest import FIXTURES

PLAN = FIXTURES / "tfplan" / "apigateway" / "stages" / "plan.json"


def _settings(data: dict[str, Any]) -> Any:
    document = tfplan.parse(data, str(PLAN))
    (resource,) = [
        r for r in document.resources if r.type == "aws_api_gateway_method_settings"
    ]
    return resource.properties["settings"]


def test_tfplan_written_block_leaves_computed_members_absent_on_create() -> None:
    settings = _settings(json.loads(PLAN.read_text()))
    # cache_ttl_in_seconds, logging_level... are computed: the service decides
    assert settings == [
        {
            "cache_data_encrypted": True,
            "caching_enabled": True,
            "throttling_burst_limit": -1,
            "throttling_rate_limit": -1,
        }
    ]


def test_tfplan_written_block_keeps_unknown_members_on_update() -> None:
    data = json.loads(PLAN.read_text())
    for change in data["resource_changes"]:
        if change["type"] == "aws_api_gateway_method_settings":
            change["change"]["actions"] = ["update"]
            change["change"]["before"] = change["change"]["after"]
    settings = _settings(data)
    assert settings[0]["logging_level"] == Unknown("known only after apply")
