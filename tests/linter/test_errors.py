from __future__ import annotations

import pickle

from sealgate.errors import InputError


def test_errors_input_error_survives_pickling() -> None:
    error = InputError("stack.yaml", "invalid YAML: line 3: bad")

    copy = pickle.loads(pickle.dumps(error))

    assert (copy.file, copy.reason, str(copy)) == (
        "stack.yaml",
        "invalid YAML: line 3: bad",
        "stack.yaml: invalid YAML: line 3: bad",
    )
