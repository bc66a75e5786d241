from __future__ import annotations

from sealgate import snippet
from sealgate.model import Format
from sealgate.model import Origin
from sealgate.model import Resource


def test_snippet_json_document_rendered_whole_with_jsonencode() -> None:
    origin = Origin(Format.TF_PLAN, "plan.json", None, "aws_iam_policy.p")
    document = {"Statement": [{"Resource": "arn:${partition}", "Effect": "Deny"}]}
    resource = Resource(origin, "aws_iam_policy", {"policy": document})
    text = snippet.render(resource, ((("policy", "Version"), "2012-10-17"),))
    assert text == (
        'resource "aws_iam_policy" "p" {\n'
        "  policy = jsonencode({\n"
        "    Statement = [\n"
        "      {\n"
        '        Resource = "arn:$${partition}"\n'
        '        Effect = "Deny"\n'
        "      },\n"
        "    ]\n"
        '    Version = "2012-10-17"\n'
        "  })\n"
        "}\n"
    )
