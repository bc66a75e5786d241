"""AWS KMS: who owns a key, and whether the principals and services that use
an encrypted queue or stream can use its key (KMS.KeyAccess, KMS.ServiceSource).

A little over 400 lines: both checks read the key policy the same way, and
every other family asks this module who owns a key, so it stays one module.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Spot
from sealgate.fields import Update
from sealgate.fields import View
from sealgate.model import ABSENT
from sealgate.model import Absent
from sealgate.model import Reference
from sealgate.model import Resource
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.plugins import iam
from sealgate.plugins.iam import Match
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status

KEY_TYPES = frozenset(
    {"AWS::KMS::Key", "AWS::KMS::Alias", "aws_kms_key", "aws_kms_alias"}
)


class KeyOwner(enum.Enum):
    """Who manages the key a resource is encrypted with."""

    NONE = "none"
    AWS_MANAGED = "aws-managed"
    CUSTOMER_MANAGED = "customer-managed"
    UNKNOWN = "unknown"


def is_set(field: Field) -> bool:
    """Whether a key argument will hold a value once deployed."""
    value = field.value
    if isinstance(value, Unknown):
        return value.present
    return not field.absent and value != ""


def key_owner(field: Field, ctx: Context) -> KeyOwner:
    """Classify a key id, ARN, alias or reference to a key in the same input."""
    value = field.value
    if isinstance(value, Unknown):
        kinds = {r.type for ref in value.refs for r in ctx.find(ref)}
        if kinds & KEY_TYPES:
            return KeyOwner.CUSTOMER_MANAGED
        return KeyOwner.UNKNOWN if value.present else KeyOwner.NONE
    if not isinstance(value, str) or not value:
        return KeyOwner.NONE
    alias = value.split(":", 5)[-1] if value.startswith("arn:") else value
    if alias.startswith("alias/aws/"):
        return KeyOwner.AWS_MANAGED
    # a key id or ARN names a key; only an alias under alias/aws/ is AWS managed
    return KeyOwner.CUSTOMER_MANAGED


def input_key(field: Field, ctx: Context) -> Resource | None:
    """The ``AWS::KMS::Key``/``aws_kms_key`` of the same input a field names."""
    if not isinstance(field.value, Unknown):
        return None
    for ref in field.value.refs:
        for resource in ctx.find(ref):
            if resource.type in ("AWS::KMS::Key", "aws_kms_key"):
                return resource
    return None


# ---- the data both checks read ----

_KEYED = {
    "AWS::SQS::Queue": ("KmsMasterKeyId",),
    "aws_sqs_queue": ("kms_master_key_id",),
    "AWS::Kinesis::Stream": ("StreamEncryption", "KeyId"),
    "aws_kinesis_stream": ("kms_key_id",),
}
_SOURCES = {
    "AWS::SNS::Subscription": ("Endpoint",),
    "aws_sns_topic_subscription": ("endpoint",),
    "AWS::S3::Bucket": ("NotificationConfiguration", "QueueConfigurations"),
    "aws_s3_bucket_notification": ("queue",),
    "AWS::Events::Rule": ("Targets",),
    "aws_cloudwatch_event_target": ("arn",),
}
FIELDS = FieldTable(
    {
        **{kind: {"kms_key": Spot(path)} for kind, path in _KEYED.items()},
        **{kind: {"delivers_to": Spot(path)} for kind, path in _SOURCES.items()},
        # a subscription's endpoint is create-only (never changed by a fix)
        "AWS::SNS::Subscription": {
            "delivers_to": Spot(("Endpoint",), Update.REPLACEMENT)
        },
        "AWS::KMS::Key": {"key_policy": Spot(("KeyPolicy",))},
        "aws_kms_key": {"key_policy": Spot(("policy",))},
        "AWS::IAM::Policy": {"document": Spot(("PolicyDocument",))},
        "AWS::IAM::ManagedPolicy": {"document": Spot(("PolicyDocument",))},
        "aws_iam_policy": {"document": Spot(("policy",))},
        "aws_iam_role_policy": {"document": Spot(("policy",))},
    }
)

# what a principal needs on the key for each use (AWS SQS key management and
# Kinesis server-side encryption permission pages)
_USES = {
    "queue": (
        ("sqs:SendMessage", ("kms:GenerateDataKey", "kms:Decrypt"), "send to"),
        ("sqs:ReceiveMessage", ("kms:Decrypt",), "receive from"),
    ),
    "stream": (
        ("kinesis:PutRecord", ("kms:GenerateDataKey",), "put records on"),
        ("kinesis:GetRecords", ("kms:Decrypt",), "get records from"),
    ),
}
_SERVICES = {
    "AWS::SNS::Subscription": "sns.amazonaws.com",
    "aws_sns_topic_subscription": "sns.amazonaws.com",
    "AWS::S3::Bucket": "s3.amazonaws.com",
    "aws_s3_bucket_notification": "s3.amazonaws.com",
    "AWS::Events::Rule": "events.amazonaws.com",
    "aws_cloudwatch_event_target": "events.amazonaws.com",
}
_ORDER = (
    "Grant the IAM permissions and the key policy first, wait for them to "
    "propagate, and only then put the key on the queue or stream; otherwise "
    "sends fail with KMS.AccessDeniedException."
)
_SERVICE_NEEDS = ("kms:GenerateDataKey", "kms:Decrypt")
"""What an AWS service needs on a queue's key to deliver to it."""


def check_key_access(view: View, ctx: Context) -> Iterator[Finding]:
    """KMS.KeyAccess: every principal using the queue or stream can use its key."""
    key = input_key(view["kms_key"], ctx)
    if key is None:
        return  # not a customer managed key of this input: nothing to follow
    grants = iam.grants(ctx)
    kind = "queue" if "sqs" in view.type.lower() else "stream"
    for action, needs, verb in _USES[kind]:
        for role in sorted(grants.by_role):
            uses = [
                s
                for s in grants.by_role[role]
                if s.effect == "Allow"
                and s.allows(action) is Match.YES
                and s.covers(view.resource, ctx) is not Match.NO
            ]
            if uses:
                yield _access(view, ctx, key, role, uses, needs, verb)
    for role, reason in sorted(grants.unreadable.items()):
        yield Finding(
            Status.UNKNOWN,
            f"{_name(view)} is encrypted with key {key.address!r}, and whether "
            f"{role!r} may use it cannot be told before deployment: {reason}.",
        )


def _access(
    view: View,
    ctx: Context,
    key: Resource,
    role: str,
    uses: list[iam.Statement],
    needs: tuple[str, ...],
    verb: str,
) -> Finding:
    statements = iam.grants(ctx).by_role[role]
    identity = {need: _identity(statements, need, key, ctx) for need in needs}
    direct, delegated = _key_policy(key, ctx, needs, role)
    subject = f"{role!r} may {verb} {_name(view)}, encrypted with key {key.address!r}"
    listed = ", ".join(repr(n) for n in needs)
    if direct is Match.YES or (
        delegated is Match.YES and all(m is Match.YES for m in identity.values())
    ):
        return Finding(Status.PASS, f"{subject}, and can use the key.")
    if direct is Match.NO and delegated is Match.NO:
        return Finding(
            Status.FAIL,
            f"{subject}, but the key policy neither names it nor delegates to IAM; "
            f"allow it {listed} in the key policy.",
            fix=_key_statement(key, ctx, {"AWS": Reference(role, "arn")}, needs),
        )
    missing = [n for n, m in identity.items() if m is Match.NO]
    if direct is Match.NO and missing:
        granting = ctx.by_address.get(uses[0].source)
        if granting is not None and "resource_policy" in iam.FIELDS.names(
            granting.type
        ):  # the queue's own policy lets it in: the key grant goes to IAM
            where = f"an IAM policy of the role ({granting.address!r} lets it in)"
        else:
            where = f"the policy that lets it {verb} it"
        return Finding(
            Status.FAIL,
            f"{subject}, but it lacks {', '.join(repr(n) for n in missing)} on the "
            f"key; grant {listed} on the key in {where}.",
            fix=_identity_statement(uses[0], key, needs, ctx),
        )
    return Finding(
        Status.UNKNOWN,
        f"{subject}; whether it can use the key cannot be told before deployment "
        "(a policy with conditions or values known only at deployment).",
    )


def _identity(
    statements: tuple[iam.Statement, ...], need: str, key: Resource, ctx: Context
) -> Match:
    """Whether a role's identity policies allow ``need`` on ``key``."""
    found = Match.NO
    for statement in statements:
        hit = statement.allows(need)
        covered = statement.covers(key, ctx)
        if statement.effect == "Deny" and hit is Match.YES and covered is Match.YES:
            return Match.NO
        if statement.effect != "Allow" or Match.NO in (hit, covered):
            continue
        if hit is Match.YES and covered is Match.YES and not statement.conditional:
            found = Match.YES
        elif found is Match.NO:
            found = Match.MAYBE
    return found


def _key_policy(
    key: Resource, ctx: Context, needs: tuple[str, ...], principal: str | None
) -> tuple[Match, Match]:
    """Whether the key policy grants ``needs`` directly, and whether it delegates.

    ``principal`` is a role's address, or a service principal's name.
    """
    document = View(key, key.properties, FIELDS)["key_policy"].value
    if document is ABSENT:
        return Match.NO, Match.YES  # the default key policy delegates to IAM
    if isinstance(document, Unknown):
        return Match.MAYBE, Match.MAYBE
    direct = delegated = Match.NO
    for statement in iam.statements(document, key.address):
        if statement.effect != "Allow":
            continue
        grants = iam.combine(statement.allows(need) for need in needs)
        if grants is Match.NO:
            continue
        for who in statement.principals:
            if _is_root(who):
                delegated = iam.best(delegated, grants)
            elif principal is not None and _names_principal(who, principal, ctx):
                direct = iam.best(direct, grants)
            elif isinstance(who, Unknown) and not who.refs:
                direct = iam.best(direct, Match.MAYBE)
    return direct, delegated


def _names_principal(who: Value, principal: str, ctx: Context) -> bool:
    if isinstance(who, Unknown):
        return any(r.address == principal for ref in who.refs for r in ctx.find(ref))
    return who in ("*", principal)


def _is_root(who: Value) -> bool:
    text = who.text if isinstance(who, Unknown) else who
    if not isinstance(text, str):
        return False
    return text.endswith(":root") or (text.isdigit() and len(text) == 12)


def _key_statement(
    key: Resource, ctx: Context, principal: dict[str, Value], needs: tuple[str, ...]
) -> Fix:
    document = View(key, key.properties, FIELDS)["key_policy"].value
    current = document if isinstance(document, dict) else {"Version": "2012-10-17"}
    body = current.get("Statement", [])
    statements: list[Value] = list(body) if isinstance(body, list) else [body]
    statements.append(
        {
            "Effect": "Allow",
            "Principal": principal,
            "Action": list(needs),
            "Resource": "*",
        }
    )
    return Fix(
        (("key_policy", {**current, "Statement": statements}),),
        _ORDER,
        target=key,
    )


def _identity_statement(
    use: iam.Statement, key: Resource, needs: tuple[str, ...], ctx: Context
) -> Fix | None:
    policy = ctx.by_address.get(use.source)
    if policy is None or "document" not in FIELDS.names(policy.type):
        return None  # an inline role policy: the message says what to add
    document = View(policy, policy.properties, FIELDS)["document"].value
    if not isinstance(document, dict):
        return None
    body = document.get("Statement", [])
    statements: list[Value] = list(body) if isinstance(body, list) else [body]
    statements.append(
        {
            "Effect": "Allow",
            "Action": list(needs),
            "Resource": Reference(key.address, "arn"),
        }
    )
    return Fix((("document", {**document, "Statement": statements}),), _ORDER, policy)


def check_service_source(view: View, ctx: Context) -> Iterator[Finding]:
    """KMS.ServiceSource: an AWS service delivering to a queue can use its key."""
    service = _SERVICES[view.type]
    for queue in _delivered_queues(view["delivers_to"].value, ctx):
        key_field = View(queue, queue.properties, FIELDS)["kms_key"]
        owner = key_owner(key_field, ctx)
        subject = f"{_name(view)} delivers to {queue.type} {queue.address!r}"
        if owner is KeyOwner.NONE:
            yield Finding(Status.PASS, f"{subject}, which uses no KMS key.")
        elif owner is KeyOwner.AWS_MANAGED:
            yield Finding(
                Status.FAIL,
                f"{subject}, which is encrypted with the AWS managed key "
                f"{key_field.value!r} that {service} cannot use; use a customer "
                f"managed key whose policy allows {service}, or SSE-SQS.",
                (key_field,),
            )
        else:
            yield _service_key(view, ctx, queue, key_field, service, subject)


def _service_key(
    view: View,
    ctx: Context,
    queue: Resource,
    key_field: Field,
    service: str,
    subject: str,
) -> Finding:
    key = input_key(key_field, ctx)
    if key is None:
        return Finding(
            Status.UNKNOWN,
            f"{subject}, whose key policy is not in this input; it must allow "
            f"{service} 'kms:GenerateDataKey' and 'kms:Decrypt'.",
            (key_field,),
        )
    direct, _ = _key_policy(key, ctx, _SERVICE_NEEDS, service)
    if direct is Match.YES:
        return Finding(
            Status.PASS, f"{subject}, and key {key.address!r} allows {service}."
        )
    if direct is Match.NO:
        return Finding(
            Status.FAIL,
            f"{subject}, but the policy of key {key.address!r} does not allow "
            f"{service} 'kms:GenerateDataKey' and 'kms:Decrypt', so deliveries fail; "
            "add a key policy statement for it.",
            (key_field,),
            _key_statement(key, ctx, {"Service": service}, _SERVICE_NEEDS),
        )
    return Finding(
        Status.UNKNOWN,
        f"{subject}; whether the policy of key {key.address!r} allows {service} "
        "cannot be told before deployment.",
    )


def _delivered_queues(value: Value | Absent, ctx: Context) -> list[Resource]:
    refs: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):  # S3 QueueConfigurations, EventBridge Targets
            item = item.get("Queue", item.get("queue_arn", item.get("Arn")))
        if isinstance(item, Unknown):
            refs.extend(item.refs)
    found = [r for ref in refs for r in ctx.find(ref)]
    return [r for r in found if r.type in ("AWS::SQS::Queue", "aws_sqs_queue")]


def _name(view: View) -> str:
    return f"{view.type} {view.address!r}"


RULES = (
    Rule(
        id="KMS001",
        control="KMS.KeyAccess",
        title="Let producers and consumers use the key of an encrypted queue or stream",
        description=(
            "Each principal the input lets send to or receive from a queue (or put "
            "records on or get them from a stream) encrypted with a customer managed "
            "key of the same input needs the KMS actions on that key, and the key "
            "policy must name it or delegate to IAM."
        ),
        severity=Severity.HIGH,
        resource_types=frozenset(_KEYED),
        fields=FIELDS,
        check=check_key_access,
        source_url="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html",
    ),
    Rule(
        id="KMS002",
        control="KMS.ServiceSource",
        title="Let AWS services that deliver to an encrypted queue use its key",
        description=(
            "SNS, S3 event notifications and EventBridge cannot deliver to a queue "
            "encrypted with the AWS managed key alias/aws/sqs, and need a key policy "
            "statement allowing their service principal on a customer managed key."
        ),
        severity=Severity.HIGH,
        resource_types=frozenset(_SOURCES),
        fields=FIELDS,
        check=check_service_source,
        source_url="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services",
    ),
)
