"""Amazon SQS: queues encrypted at rest (SQS.1) and the KMS data key reuse period."""

from __future__ import annotations

import math
from collections.abc import Iterator
from collections.abc import Mapping

from sealgate.fields import Field
from sealgate.fields import FieldTable
from sealgate.fields import Kind
from sealgate.fields import Source
from sealgate.fields import Spot
from sealgate.fields import View
from sealgate.model import Unknown
from sealgate.model import Value
from sealgate.plugins.kms import is_set
from sealgate.plugins.tags import tag_map
from sealgate.rules import Context
from sealgate.rules import Finding
from sealgate.rules import Fix
from sealgate.rules import Rule
from sealgate.rules import Severity
from sealgate.rules import Status

FIELDS = FieldTable(
    {
        "AWS::SQS::Queue": {
            "kms_key": Spot(("KmsMasterKeyId",), kind=Kind.TEXT),
            "sse_sqs": Spot(("SqsManagedSseEnabled",), kind=Kind.FLAG),
            "reuse_period": Spot(("KmsDataKeyReusePeriodSeconds",), kind=Kind.NUMBER),
            "tags": Spot(("Tags",)),
        },
        "aws_sqs_queue": {
            "kms_key": Spot(("kms_master_key_id",), kind=Kind.TEXT),
            "sse_sqs": Spot(("sqs_managed_sse_enabled",), kind=Kind.FLAG),
            "reuse_period": Spot(
                ("kms_data_key_reuse_period_seconds",), kind=Kind.NUMBER
            ),
            "tags": Spot(("tags",)),
        },
    }
)

_ENABLE_SSE_SQS = Fix(
    (("sse_sqs", True),),
    "SetQueueAttributes applies it within about 60 seconds. Forward-only: "
    "messages already in the queue stay unencrypted until consumed; clients "
    "must use HTTPS and Signature Version 4.",
)


def check_encrypted(view: View, ctx: Context) -> Iterator[Finding]:
    """SQS.1: SSE-KMS or SSE-SQS; a new queue with neither gets SSE-SQS."""
    key, sse = view["kms_key"], view["sse_sqs"]
    name = f"{view.type} {view.address!r}"
    if is_set(key):
        # a key wins: the provider keeps a computed sqs_managed_sse_enabled
        # from state when only a key is added (controls.md, SQS.1 trap)
        yield Finding(
            Status.PASS, f"{name} uses SSE-KMS through {key.label!r}.", (key,)
        )
    elif isinstance(key.value, Unknown):
        yield Finding(
            Status.UNKNOWN,
            f"{name} cannot be judged before deployment: {key.label!r} is "
            f"{key.value.reason}.",
            (key,),
        )
    elif sse.value is True:
        yield Finding(
            Status.PASS, f"{name} uses SSE-SQS: {sse.label!r} is true.", (sse,)
        )
    elif sse.value is False:
        where = " in the current state" if sse.source is Source.PRIOR_STATE else ""
        unset = "is empty" if key.value == "" else "is not set"
        yield Finding(
            Status.FAIL,
            f"{name} stores messages unencrypted: {sse.label!r} is false{where} "
            f"and {key.label!r} {unset}; set {sse.label!r} to true.",
            (sse, key),
            _ENABLE_SSE_SQS,
        )
    elif sse.absent:
        yield Finding(
            Status.PASS,
            f"{name} sets neither {key.label!r} nor {sse.label!r}, so SQS encrypts "
            "the new queue with SSE-SQS by default.",
            (sse, key),
        )
    else:
        yield Finding(
            Status.UNKNOWN,
            f"{name} cannot be judged before deployment: {sse.label!r} is "
            f"{_shown(sse.value)}.",
            (sse,),
        )


def _shown(value: object) -> str:
    return value.reason if isinstance(value, Unknown) else repr(value)


REUSE_RANGE = range(60, 86400 + 1)
"""The reuse periods SQS accepts; CreateQueue rejects any other."""
REUSE_DEFAULT = 300
MONTH_DAYS = 30
PRODUCERS_TAG = "sealgate:producers"
CONSUMERS_TAG = "sealgate:consumers"

_FORMULA = "R = B / D * (2P + C)"


def kms_requests(seconds: int, period: int, producers: int, consumers: int) -> int:
    """AWS's estimate of KMS requests for one SSE-KMS queue, rounded up.

    Every principal fetches its own data key each ``period``: a producer calls
    GenerateDataKey and Decrypt, a consumer Decrypt (SQS developer guide,
    "Estimating AWS KMS costs").
    """
    return math.ceil(seconds / period * (2 * producers + consumers))


def check_reuse(view: View, ctx: Context) -> Iterator[Finding]:
    """SQS.KmsDataKeyReuse: a valid period, not below the policy minimum."""
    key, period = view["kms_key"], view["reuse_period"]
    name = f"{view.type} {view.address!r}"
    if not is_set(key):
        return  # SSE-SQS or no encryption: no KMS data keys at all
    if isinstance(period.value, Unknown):
        yield Finding(
            Status.UNKNOWN,
            f"{name} cannot be judged before deployment: {period.label!r} is "
            f"{period.value.reason}.",
            (period,),
        )
        return
    seconds = REUSE_DEFAULT if period.absent else period.value
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        yield Finding(
            Status.FAIL,
            f"{name} sets {period.label!r} to {seconds!r}, which is not a whole "
            f"number of seconds; set it to at least {_minimum(ctx)}.",
            (period,),
            _raise_to(_minimum(ctx)),
        )
        return
    estimate = _estimate(view, ctx, seconds)
    yield _judged(name, period, seconds, _minimum(ctx), estimate)


def _judged(
    name: str, period: Field, seconds: int, minimum: int, estimate: dict[str, Value]
) -> Finding:
    said = _said(period, seconds)
    bill = (
        f"about {estimate['kms_requests_per_month']:,} KMS requests "
        f"({estimate['kms_cost_usd_per_month']:.2f} USD) in a {MONTH_DAYS}-day month"
    )
    if seconds not in REUSE_RANGE:
        return Finding(
            Status.FAIL,
            f"{name} {said}, outside the 60-86400 seconds SQS accepts, so the "
            f"deployment itself would fail; set {period.label!r} to at least "
            f"{minimum}.",
            (period,),
            _raise_to(minimum),
            estimate,
        )
    if seconds < minimum:
        return Finding(
            Status.FAIL,
            f"{name} {said}, below the policy minimum of {minimum}, costing "
            f"{bill}; set {period.label!r} to at least {minimum}.",
            (period,),
            _raise_to(minimum),
            estimate,
        )
    return Finding(
        Status.PASS,
        f"{name} {said}, at least the policy minimum of {minimum}, costing {bill}.",
        (period,),
        details=estimate,
    )


def _said(period: Field, seconds: int) -> str:
    if period.absent:
        return (
            f"leaves {period.label!r} unset, so SQS reuses each KMS data key for "
            f"the default {seconds} seconds"
        )
    return f"reuses each KMS data key for {seconds} seconds in {period.label!r}"


def _minimum(ctx: Context) -> int:
    wanted = ctx.options.reuse_minimum
    return min(max(wanted, REUSE_RANGE.start), REUSE_RANGE.stop - 1)


def _raise_to(seconds: int) -> Fix:
    return Fix(
        (("reuse_period", seconds),),
        "SetQueueAttributes applies it in place within about 60 seconds. A longer "
        "period means fewer KMS requests but a data key cached longer.",
    )


def _estimate(view: View, ctx: Context, seconds: int) -> dict[str, Value]:
    tags = tag_map(view["tags"].value)
    producers, producers_from = _principals(tags, PRODUCERS_TAG, ctx.options.producers)
    consumers, consumers_from = _principals(tags, CONSUMERS_TAG, ctx.options.consumers)
    billing = MONTH_DAYS * 86400
    requests = kms_requests(billing, seconds, producers, consumers)
    return {
        "formula": _FORMULA,
        "billing_period_days": MONTH_DAYS,
        "reuse_period_seconds": seconds,
        "policy_minimum_seconds": _minimum(ctx),
        "producers": producers,
        "producers_from": producers_from,
        "consumers": consumers,
        "consumers_from": consumers_from,
        "kms_requests_per_month": requests,
        "kms_price_usd_per_10000_requests": ctx.options.kms_price,
        "kms_cost_usd_per_month": round(requests / 10000 * ctx.options.kms_price, 4),
        "note": (
            f"a {MONTH_DAYS}-day month; AWS warns that actual costs can be "
            "higher because SQS is distributed"
        ),
    }


def _principals(
    tags: Mapping[str, Value] | Unknown, tag: str, default: int
) -> tuple[int, str]:
    value = None if isinstance(tags, Unknown) else tags.get(tag)
    if value is None:
        return default, "option"
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    if text.isdigit():
        return int(text), f"tag {tag}"
    return default, f"option (tag {tag} is not a whole number)"


RULES = (
    Rule(
        id="SQS001",
        control="SQS.1",
        title="Encrypt SQS queues at rest",
        description=(
            "A queue must use SSE-SQS or SSE-KMS. A new queue that sets neither "
            "gets SSE-SQS by default; setting SqsManagedSseEnabled to false "
            "without a key stores messages in plaintext."
        ),
        severity=Severity.MEDIUM,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_encrypted,
        source_url="https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1",
    ),
    Rule(
        id="SQS002",
        control="SQS.KmsDataKeyReuse",
        title="Reuse SQS KMS data keys for at least the policy minimum",
        description=(
            "An SSE-KMS queue must set a data key reuse period SQS accepts "
            "(60-86400 seconds) and not below the policy minimum (300 seconds "
            "unless configured). Short periods multiply KMS requests and cost; "
            "the estimate follows AWS's formula R = B / D * (2P + C)."
        ),
        severity=Severity.LOW,
        resource_types=FIELDS.resource_types,
        fields=FIELDS,
        check=check_reuse,
        source_url="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#sqs-estimate-kms-usage-costs",
    ),
)
