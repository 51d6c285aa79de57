"""Every documented example has the outcome its manifest records, with two engines per format."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from lxml import etree

from _engines import json_verdicts, xml_verdicts
from conftest import corpus_entries, corpus_text, manifest
from infobip_logs_spec import DecodeError, iter_errors
from infobip_logs_spec._request import iter_request_errors

ENTRIES = manifest()["entries"]
BY_ID = {entry["id"]: entry for entry in ENTRIES}
HTTP11_REQUEST_LINE = re.compile(r"^[A-Z]+ /\S* HTTP/1\.1$")


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["id"] for entry in entries]


ACCEPTED_BODIES = corpus_entries(kind="response", outcome="valid")
REJECTED_BODIES = [e for e in corpus_entries(kind="response") if e["outcome"] != "valid"]
ACCEPTED_REQUESTS = corpus_entries(kind="request", outcome="valid")
REJECTED_REQUESTS = [e for e in corpus_entries(kind="request") if e["outcome"] != "valid"]


def verdicts(entry: dict[str, Any]) -> tuple[bool, bool]:
    text = corpus_text(entry)
    if entry["media_type"] == "application/json":
        return json_verdicts(entry["endpoint"], entry["status"], json.loads(text))
    return xml_verdicts(entry["endpoint"], entry["status"], text)


@pytest.mark.parametrize("entry", ACCEPTED_BODIES, ids=_ids(ACCEPTED_BODIES))
def test_accepted_body_validates_with_both_engines(entry: dict[str, Any]) -> None:
    assert verdicts(entry) == (True, True)
    assert (
        list(iter_errors(corpus_text(entry), endpoint=entry["endpoint"], status=entry["status"]))
        == []
    )


@pytest.mark.parametrize("entry", REJECTED_BODIES, ids=_ids(REJECTED_BODIES))
def test_rejected_body_does_not_parse_as_printed(entry: dict[str, Any]) -> None:
    assert entry["outcome"] == "not-well-formed"
    text = corpus_text(entry)
    if entry["media_type"] == "application/json":
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)
    else:
        with pytest.raises(etree.XMLSyntaxError):
            etree.fromstring(text)
    (problem,) = iter_errors(text, endpoint=entry["endpoint"], media_type=entry["media_type"])
    assert isinstance(problem, DecodeError)
    assert problem.message.startswith("not JSON") or problem.message.startswith("not well-formed")


@pytest.mark.parametrize(
    "entry",
    REJECTED_BODIES + REJECTED_REQUESTS,
    ids=_ids(REJECTED_BODIES + REJECTED_REQUESTS),
)
def test_rejected_example_has_a_twin_that_differs_only_by_the_recorded_edits(
    entry: dict[str, Any],
) -> None:
    assert entry["reason"]
    twin = BY_ID[entry["corrected_twin"]]
    assert twin["outcome"] == "valid"
    assert twin["corrects"] == entry["id"]
    original = corpus_text(entry).decode("utf-8")
    corrected = corpus_text(twin).decode("utf-8")
    assert twin["correction"]
    assert corrected != original
    assert _apply(original, twin["correction"]) == corrected


def _apply(text: str, edits: list[str]) -> str:
    """The recorded edits, done again from their words alone."""
    for edit in edits:
        first, newline, rest = text.partition("\n")
        if edit == "appended the HTTP-version HTTP/1.1 to the request line":
            text = f"{first} HTTP/1.1{newline}{rest}"
        elif edit == "replaced the method POST with GET":
            assert first.startswith("POST ")
            text = "GET " + text[len("POST ") :]
        else:
            found = re.fullmatch(
                r"removed the trailing comma before the closing bracket on line (\d+)", edit
            )
            assert found is not None, edit
            line = int(found.group(1))
            start = sum(len(row) + 1 for row in text.split("\n")[: line - 1])
            end = start + len(text.split("\n")[line - 1])
            comma = next(m for m in re.finditer(r",(\s*)[\]}]", text) if start <= m.end() - 1 < end)
            text = text[: comma.start()] + text[comma.start() + 1 :]
    return text


@pytest.mark.parametrize("entry", ACCEPTED_REQUESTS, ids=_ids(ACCEPTED_REQUESTS))
def test_accepted_request_is_an_http11_request_the_spec_allows(entry: dict[str, Any]) -> None:
    text = corpus_text(entry).decode("utf-8")
    assert HTTP11_REQUEST_LINE.match(text.split("\n", 1)[0])
    assert [str(error) for error in iter_request_errors(text)] == []
    accept = re.search(r"^Accept: (.+)$", text, re.M)
    assert accept is not None
    assert accept.group(1) == entry["media_type"]


@pytest.mark.parametrize("entry", REJECTED_REQUESTS, ids=_ids(REJECTED_REQUESTS))
def test_rejected_request_fails_the_request_line_grammar_or_the_spec(entry: dict[str, Any]) -> None:
    line = corpus_text(entry).decode("utf-8").split("\n", 1)[0]
    errors = list(iter_request_errors(line))
    if entry["outcome"] == "invalid":
        assert [error.path for error in errors] == [("method",)]
    else:
        assert not HTTP11_REQUEST_LINE.match(line)
        assert errors == []  # method, path and query are fine: only the grammar is broken


def test_every_document_contributes_requests_and_bodies_in_both_formats() -> None:
    for document, about in manifest()["documents"].items():
        mine = [e for e in ENTRIES if e["source"] == document]
        assert {e["endpoint"] for e in mine} == {about["endpoint"]}
        kinds = {(e["kind"], e["media_type"]) for e in mine}
        assert kinds == {
            ("request", "application/json"),
            ("request", "application/xml"),
            ("response", "application/json"),
            ("response", "application/xml"),
        }


def test_entries_are_unique_and_complete() -> None:
    assert len(BY_ID) == len(ENTRIES)
    required = {
        "id",
        "file",
        "source",
        "locator",
        "section",
        "endpoint",
        "kind",
        "media_type",
        "outcome",
    }
    for entry in ENTRIES:
        assert required <= set(entry), entry["id"]
        assert entry["outcome"] in {"valid", "not-well-formed", "invalid"}
        assert corpus_text(entry)
