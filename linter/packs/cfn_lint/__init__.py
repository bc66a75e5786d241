"""The folder ``cfn-lint --append-rules`` loads."""
