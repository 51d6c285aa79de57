"""The public API is the short list in ``__all__``; everything else is private."""

from __future__ import annotations

import infobip_logs_spec
from infobip_logs_spec import (
    ContractError,
    DecodeError,
    EncodeError,
    SchemaError,
    SpecError,
    ValidationError,
)
from infobip_logs_spec._errors import json_pointer


def test_all_is_pinned() -> None:
    assert sorted(infobip_logs_spec.__all__) == [
        "ContractError",
        "ContractWarning",
        "DecodeError",
        "EncodeError",
        "LenientWarning",
        "Limits",
        "Record",
        "SchemaError",
        "Severity",
        "SpecError",
        "UsageError",
        "ValidationError",
        "decode_json",
        "decode_xml",
        "encode_json",
        "encode_xml",
        "is_valid",
        "iter_errors",
        "iter_request_errors",
        "validate",
        "validate_request",
    ]


def test_one_exception_family_with_the_location_as_data() -> None:
    for error in (ContractError, SchemaError, ValidationError, DecodeError, EncodeError):
        assert issubclass(error, SpecError)
    for error in (DecodeError, EncodeError):
        assert issubclass(error, ValidationError)
    assert issubclass(ValidationError, ValueError)
    assert not issubclass(ContractError, ValueError)
    error = ValidationError("expected a number", path=("results", 0, "price", "pricePer/Second"))
    assert error.pointer == "/results/0/price/pricePer~1Second"
    assert str(error) == "/results/0/price/pricePer~1Second: expected a number"
    assert str(ValidationError("no location")) == "no location"


def test_json_pointer_escapes_tilde_before_slash() -> None:
    assert json_pointer(["a~/b", 3]) == "/a~0~1b/3"
    assert json_pointer([]) == ""


def test_package_ships_type_information() -> None:
    from importlib import resources

    assert resources.files("infobip_logs_spec").joinpath("py.typed").is_file()


def test_readme_commands_are_the_ones_ci_runs() -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0].strip() for block in readme.split("```sh")[1:3]]
    assert blocks[0].endswith("infobip-logs-spec examples --check")
    assert blocks[1].endswith(".venv/bin/pytest")
    for command in blocks:
        assert command in ci
