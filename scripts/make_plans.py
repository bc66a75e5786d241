#!/usr/bin/env python3
"""Regenerate the Terraform plan fixtures under ``fixtures/tfplan/``.

Every ``fixtures/tfplan/<family>/<case>/`` folder holding a ``main.tf`` gets a
``plan.json`` produced by the real ``terraform`` binary:

    terraform init -plugin-dir=...   (in a temporary copy of the case)
    terraform plan -refresh=false -out=...
    terraform show -json ...

A case may also hold ``before.tf`` to model resources that already exist.
``before.tf`` is planned alone first; its planned values (with computed
unknowns filled by plausible placeholders) become a minimal state v4 file.
That baseline must re-plan as "No changes" before ``main.tf`` is planned
against it, so the fixture shows update / no-op / replace actions with
``before`` values.

The provider block uses dummy credentials; they are removed from
``configuration.provider_config`` before ``plan.json`` is written. Nothing
else in terraform's output is changed (key order kept, indent=1).

Usage: python scripts/make_plans.py [CASE_DIR ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURE_ROOT = REPO_ROOT / "fixtures" / "tfplan"
DEFAULT_PLUGIN_DIR = Path("/opt/tf-plugins")

REGION = "us-east-1"
ACCOUNT = "111122223333"
AWS_PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'
DUMMY_CREDENTIALS = {
    "access_key": "mock_access_key",
    "secret_key": "mock_secret_key",
}

BEFORE_TF = "before.tf"
MAIN_TF = "main.tf"
PLAN_JSON = "plan.json"
PLAN_FILE = "sealgate.tfplan"
STATE_FILE = "baseline.tfstate"
PLAN_FLAGS = ("-input=false", "-lock=false", "-refresh=false")
GENERATED = {PLAN_JSON, ".terraform", ".terraform.lock.hcl", "terraform.tfstate"}

Attrs = dict[str, Any]
Placeholder = Callable[[Attrs, str], Any]


class TerraformError(RuntimeError):
    """A terraform command failed or produced an unexpected plan."""


# --------------------------------------------------------------------------
# Placeholders for attributes that are unknown until apply.
# Keyed by (resource type, attribute); "*" applies to every resource type.
# Each callable receives the known attributes and the resource address.
# --------------------------------------------------------------------------


def _stable_uuid(address: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sealgate:{address}"))


def _sqs_url(attrs: Attrs, _address: str) -> str:
    return f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{attrs['name']}"


def _sqs_arn(attrs: Attrs, _address: str) -> str:
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{attrs['name']}"


def _sqs_managed_sse(attrs: Attrs, _address: str) -> bool:
    return attrs.get("kms_master_key_id") is None


def _sqs_fifo_value(fifo: str) -> Placeholder:
    return lambda attrs, _address: fifo if attrs.get("fifo_queue") else ""


def _kms_key_arn(_attrs: Attrs, address: str) -> str:
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{_stable_uuid(address)}"


def _kms_default_policy(_attrs: Attrs, _address: str) -> str:
    statement = {
        "Sid": "Enable IAM User Permissions",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }
    policy = {"Version": "2012-10-17", "Id": "key-default-1", "Statement": [statement]}
    return json.dumps(policy, separators=(",", ":"))


def _kinesis_arn(attrs: Attrs, _address: str) -> str:
    return f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/{attrs['name']}"


def _backup_vault_arn(attrs: Attrs, _address: str) -> str:
    return f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:{attrs['name']}"


def _target_group_arn(attrs: Attrs, address: str) -> str:
    name = attrs.get("name") or f"{attrs.get('name_prefix', 'tg-')}0001"
    suffix = _stable_uuid(address).replace("-", "")[:16]
    return (
        f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/{name}/{suffix}"
    )


def _target_group_health(attrs: Attrs, _address: str) -> list[dict[str, Any]]:
    http = attrs.get("protocol") in ("HTTP", "HTTPS")
    check = {
        "enabled": True,
        "healthy_threshold": 5 if http else 3,
        "interval": 30,
        "matcher": "200" if http else "",
        "path": "/" if http else "",
        "port": "traffic-port",
        "protocol": "HTTP" if http else "TCP",
        "timeout": 5 if http else 10,
        "unhealthy_threshold": 2 if http else 3,
    }
    return [check]


def _constant(value: Any) -> Placeholder:
    return lambda _attrs, _address: value


PLACEHOLDERS: dict[tuple[str, str], Placeholder] = {
    ("*", "tags_all"): lambda attrs, _address: dict(attrs.get("tags") or {}),
    ("aws_sqs_queue", "id"): _sqs_url,
    ("aws_sqs_queue", "url"): _sqs_url,
    ("aws_sqs_queue", "arn"): _sqs_arn,
    ("aws_sqs_queue", "name_prefix"): _constant(""),
    ("aws_sqs_queue", "policy"): _constant(""),
    ("aws_sqs_queue", "redrive_policy"): _constant(""),
    ("aws_sqs_queue", "redrive_allow_policy"): _constant(""),
    ("aws_sqs_queue", "sqs_managed_sse_enabled"): _sqs_managed_sse,
    ("aws_sqs_queue", "kms_data_key_reuse_period_seconds"): _constant(300),
    ("aws_sqs_queue", "deduplication_scope"): _sqs_fifo_value("queue"),
    ("aws_sqs_queue", "fifo_throughput_limit"): _sqs_fifo_value("perQueue"),
    ("aws_kms_key", "id"): lambda _attrs, address: _stable_uuid(address),
    ("aws_kms_key", "key_id"): lambda _attrs, address: _stable_uuid(address),
    ("aws_kms_key", "arn"): _kms_key_arn,
    ("aws_kms_key", "policy"): _kms_default_policy,
    ("aws_kms_key", "multi_region"): _constant(False),
    ("aws_kms_key", "rotation_period_in_days"): _constant(365),
    ("aws_backup_vault", "id"): lambda attrs, _address: attrs["name"],
    ("aws_backup_vault", "arn"): _backup_vault_arn,
    ("aws_backup_vault", "recovery_points"): _constant(0),
    ("aws_emr_security_configuration", "id"): lambda attrs, _address: attrs["name"],
    ("aws_emr_security_configuration", "creation_date"): _constant(
        "2026-01-05T09:00:00Z"
    ),
    ("aws_emr_security_configuration", "name_prefix"): _constant(""),
    ("aws_kinesis_stream", "id"): _kinesis_arn,
    ("aws_lb_target_group", "arn"): _target_group_arn,
    ("aws_lb_target_group", "id"): _target_group_arn,
    ("aws_lb_target_group", "arn_suffix"): lambda attrs, address: _target_group_arn(
        attrs, address
    ).split(":")[-1],
    ("aws_lb_target_group", "name"): lambda attrs, _address: (
        f"{attrs.get('name_prefix', 'tg-')}0001"
    ),
    ("aws_lb_target_group", "health_check"): _target_group_health,
    ("aws_lb_target_group", "connection_termination"): _constant(False),
    ("aws_lb_target_group", "ip_address_type"): _constant("ipv4"),
    ("aws_lb_target_group", "load_balancer_arns"): _constant([]),
    ("aws_lb_target_group", "load_balancing_algorithm_type"): _constant("round_robin"),
    ("aws_lb_target_group", "load_balancing_anomaly_mitigation"): _constant("off"),
    ("aws_lb_target_group", "load_balancing_cross_zone_enabled"): _constant(
        "use_load_balancer_configuration"
    ),
    ("aws_lb_target_group", "preserve_client_ip"): _constant(""),
    ("aws_lb_target_group", "protocol_version"): _constant("HTTP1"),
    ("aws_lb_target_group", "stickiness"): _constant(
        [
            {
                "cookie_duration": 86400,
                "cookie_name": "",
                "enabled": False,
                "type": "lb_cookie",
            }
        ]
    ),
    ("aws_lb_target_group", "target_failover"): _constant(
        [{"on_deregistration": None, "on_unhealthy": None}]
    ),
    ("aws_lb_target_group", "target_group_health"): _constant(
        [
            {
                "dns_failover": [
                    {
                        "minimum_healthy_targets_count": "1",
                        "minimum_healthy_targets_percentage": "off",
                    }
                ],
                "unhealthy_state_routing": [
                    {
                        "minimum_healthy_targets_count": 1,
                        "minimum_healthy_targets_percentage": "off",
                    }
                ],
            }
        ]
    ),
    ("aws_lb_target_group", "target_health_state"): _constant([]),
    ("aws_kinesis_stream", "arn"): _kinesis_arn,
    ("aws_kinesis_stream", "stream_mode_details"): _constant(
        [{"stream_mode": "PROVISIONED"}]
    ),
}


def placeholder_for(rtype: str, attr: str) -> Placeholder:
    for key in ((rtype, attr), ("*", attr)):
        if key in PLACEHOLDERS:
            return PLACEHOLDERS[key]
    raise TerraformError(
        f"no placeholder for unknown {rtype}.{attr}; add one to PLACEHOLDERS"
    )


def fill_unknowns(change: dict[str, Any]) -> Attrs:
    """Planned 'after' values with every top-level unknown replaced."""
    attrs: Attrs = dict(change["change"]["after"])
    for attr, unknown in change["change"]["after_unknown"].items():
        if unknown is True:
            fill = placeholder_for(change["type"], attr)
            attrs[attr] = fill(attrs, change["address"])
        elif _has_unknown(unknown):
            raise TerraformError(
                f"nested unknowns in {change['address']}.{attr} are not supported"
            )
    return attrs


def _has_unknown(tree: Any) -> bool:
    if tree is True:
        return True
    if isinstance(tree, dict):
        return any(_has_unknown(v) for v in tree.values())
    if isinstance(tree, list):
        return any(_has_unknown(v) for v in tree)
    return False


# --------------------------------------------------------------------------
# State v4 construction
# --------------------------------------------------------------------------


def schema_versions(plan: dict[str, Any]) -> dict[str, int]:
    versions: dict[str, int] = {}
    pending = [plan["planned_values"]["root_module"]]
    while pending:
        module = pending.pop()
        for resource in module.get("resources", []):
            versions[resource["address"]] = resource["schema_version"]
        pending.extend(module.get("child_modules", []))
    return versions


def state_instance(change: dict[str, Any], schema_version: int) -> dict[str, Any]:
    instance: dict[str, Any] = {}
    if "index" in change:
        instance["index_key"] = change["index"]
    instance["schema_version"] = schema_version
    instance["attributes"] = fill_unknowns(change)
    instance["sensitive_attributes"] = []
    return instance


def state_resources(plan: dict[str, Any]) -> list[dict[str, Any]]:
    versions = schema_versions(plan)
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for change in plan.get("resource_changes", []):
        if change["mode"] != "managed" or change["change"]["actions"] != ["create"]:
            continue
        key = (change.get("module_address", ""), change["type"], change["name"])
        resource = grouped.setdefault(key, _state_resource(change))
        if "index" in change:
            resource["each"] = "list" if isinstance(change["index"], int) else "map"
        instance = state_instance(change, versions[change["address"]])
        resource["instances"].append(instance)
    return list(grouped.values())


def _state_resource(change: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = {}
    if change.get("module_address"):
        resource["module"] = change["module_address"]
    resource.update(mode="managed", type=change["type"], name=change["name"])
    resource["provider"] = AWS_PROVIDER
    resource["instances"] = []
    return resource


def build_state(plan: dict[str, Any], lineage_seed: str) -> dict[str, Any]:
    return {
        "version": 4,
        "terraform_version": plan["terraform_version"],
        "serial": 1,
        "lineage": str(uuid.uuid5(uuid.NAMESPACE_URL, f"sealgate:{lineage_seed}")),
        "outputs": {},
        "resources": state_resources(plan),
        "check_results": None,
    }


# --------------------------------------------------------------------------
# Terraform invocation
# --------------------------------------------------------------------------


def terraform_env() -> dict[str, str]:
    env = dict(os.environ, TF_IN_AUTOMATION="1", TF_INPUT="0", CHECKPOINT_DISABLE="1")
    cli_config = env.get("TF_CLI_CONFIG_FILE")
    if cli_config and not Path(cli_config).is_file():
        del env["TF_CLI_CONFIG_FILE"]  # avoids a noisy warning on every command
    return env


def terraform(workdir: Path, *args: str) -> str:
    cmd = ["terraform", *args]
    proc = subprocess.run(
        cmd,
        cwd=workdir,
        env=terraform_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise TerraformError(f"{' '.join(cmd)} failed in {workdir}:\n{proc.stderr}")
    return proc.stdout


def stage(case: Path, dest: Path, drop: str) -> Path:
    """Copy a case into dest, leaving out generated files and the `drop` file."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n in GENERATED or n.endswith(".tfstate")}
        if Path(directory) == case:
            skipped |= {drop} & set(names)
        return skipped

    shutil.copytree(case, dest, ignore=ignore)
    return dest


def init(workdir: Path, plugin_dir: Path) -> None:
    terraform(workdir, "init", "-input=false", f"-plugin-dir={plugin_dir}")


def plan(workdir: Path, state: Path | None = None) -> dict[str, Any]:
    args = ["plan", *PLAN_FLAGS, f"-out={PLAN_FILE}"]
    if state is not None:
        args.append(f"-state={state}")
    terraform(workdir, *args)
    return json.loads(terraform(workdir, "show", "-json", PLAN_FILE))


def strip_credentials(plan_json: dict[str, Any]) -> dict[str, Any]:
    configs = plan_json.get("configuration", {}).get("provider_config", {})
    for config in configs.values():
        expressions = config.get("expressions", {})
        for key, dummy in DUMMY_CREDENTIALS.items():
            if expressions.get(key, {}).get("constant_value") == dummy:
                del expressions[key]
    return plan_json


def all_actions(plan_json: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [
        (rc["address"], rc["change"]["actions"])
        for rc in plan_json.get("resource_changes", [])
    ]


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------


def make_baseline(case: Path, tmp: Path, plugin_dir: Path) -> Path:
    """Plan before.tf alone, turn it into state, and check it is stable."""
    workdir = stage(case, tmp / "before", drop=MAIN_TF)
    init(workdir, plugin_dir)
    state = build_state(plan(workdir), lineage_seed=str(case.relative_to(REPO_ROOT)))
    state_path = tmp / STATE_FILE
    state_path.write_text(json.dumps(state, indent=1) + "\n")
    unstable = [
        f"{address} {actions}"
        for address, actions in all_actions(plan(workdir, state_path))
        if actions != ["no-op"]
    ]
    if unstable:
        raise TerraformError(
            f"baseline for {case} does not re-plan as 'No changes': {unstable}"
        )
    return state_path


def make_plan(case: Path, plugin_dir: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="sealgate-tf-") as tmp_name:
        tmp = Path(tmp_name)
        state = None
        if (case / BEFORE_TF).is_file():
            state = make_baseline(case, tmp, plugin_dir)
        workdir = stage(case, tmp / "main", drop=BEFORE_TF)
        init(workdir, plugin_dir)
        return strip_credentials(plan(workdir, state))


def write_plan(case: Path, plan_json: dict[str, Any]) -> Path:
    out = case / PLAN_JSON
    out.write_text(json.dumps(plan_json, indent=1) + "\n")
    return out


def discover_cases(root: Path) -> list[Path]:
    return sorted(main_tf.parent for main_tf in root.glob(f"*/*/{MAIN_TF}"))


def report(case: Path, plan_json: dict[str, Any]) -> None:
    print(f"{case.relative_to(REPO_ROOT)}/{PLAN_JSON}")
    for address, actions in all_actions(plan_json):
        print(f"  {','.join(actions):<16} {address}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "cases", nargs="*", type=Path, help="case folders (default: all)"
    )
    parser.add_argument(
        "--plugin-dir",
        type=Path,
        default=Path(os.environ.get("SEALGATE_TF_PLUGIN_DIR", DEFAULT_PLUGIN_DIR)),
        help="terraform provider plugin directory (default: %(default)s)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("terraform") is None:
        print("make_plans: terraform not found on PATH; skipping", file=sys.stderr)
        return 0
    if not args.plugin_dir.is_dir():
        print(f"make_plans: no plugin dir {args.plugin_dir}; skipping", file=sys.stderr)
        return 0
    cases = [c.resolve() for c in args.cases] or discover_cases(FIXTURE_ROOT)
    for case in cases:
        try:
            plan_json = make_plan(case, args.plugin_dir)
        except TerraformError as exc:
            print(f"make_plans: {exc}", file=sys.stderr)
            return 1
        write_plan(case, plan_json)
        report(case, plan_json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
