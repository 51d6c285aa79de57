"""The mock server: every behaviour the issue lists, each answer checked with ``validate``.

One server (seed 3, no rate limit) serves most tests over real HTTP; the tests that need other
settings start their own. Expected pages are computed here from the store's records with
predicates written independently of the mock's filter rules.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from lxml import etree

from conftest import REPO, corpus_entries, corpus_text
from infobip_logs_spec import ContractWarning, Record, decode_json, decode_xml, validate
from infobip_logs_spec._contract import load_contract
from infobip_logs_spec._errors import SpecError
from infobip_logs_spec.mock import MockServer, running
from infobip_logs_spec.mock._data import catalogue, generate
from infobip_logs_spec.mock._negotiation import negotiate
from infobip_logs_spec.mock._profiles import get_profile

PATHS = [op.path for op in load_contract().operations]
DOCUMENTED = {200, 400, 401, 429}


def check(response: httpx.Response) -> httpx.Response:
    """Every answer follows the contract: documented statuses by ``validate``, others' bodies
    are the contract's error object."""
    assert response.status_code < 500, response.text
    if response.status_code in DOCUMENTED:
        assert validate(response, strict=True) == []
    else:
        assert response.headers["content-type"] == "application/json"
        validate(response.content, endpoint="/tts/3/logs", status=401, strict=True)
    return response


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with running(seed=3, records=60, rate_limit=None) as started:
        yield started


@pytest.fixture(scope="module")
def client(server: MockServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, auth=server.credentials.basic) as session:
        yield session


def results(response: httpx.Response) -> list[Any]:
    check(response)
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


# ---------------------------------------------------------------- serving and negotiation


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("accept", ["application/json", "application/xml"])
def test_every_operation_answers_in_both_formats(
    client: httpx.Client, path: str, accept: str
) -> None:
    response = check(client.get(path, headers={"Accept": accept}))
    assert response.status_code == 200
    assert response.headers["content-type"] == accept
    decode = decode_xml if accept == "application/xml" else decode_json
    assert isinstance(decode(response.content, endpoint=path), Record)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
        ("application/xml", "application/xml"),
        ("application/xml, */*", "application/xml"),
        ("application/xml;q=0.5, application/json", "application/json"),
        ("application/json;q=0, application/xml", "application/xml"),
        ("text/html", None),
        ("application/json;q=0", None),
        ("application/json;q=abc", None),
    ],
)
def test_negotiation_on_accept(
    client: httpx.Client, accept: str | None, expected: str | None
) -> None:
    assert negotiate(accept) == expected
    headers = {} if accept is None else {"Accept": accept}
    request = client.build_request("GET", "/omni/1/logs?limit=1", headers=headers)
    if accept is None:
        del request.headers["Accept"]
    response = check(client.send(request))
    if expected is None:
        assert response.status_code == 406
        assert "expected Accept: application/json or application/xml" in response.text
    else:
        assert response.headers["content-type"] == expected


# ---------------------------------------------------------------- filters


def _query_date(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _probe(item: Record, name: str) -> tuple[Any, Callable[[Record], bool]]:
    """A value of parameter ``name`` that ``item`` matches, and what it should select."""
    if name in ("bulkId", "messageId"):
        return item[name], lambda r: name in r and r[name] == item[name]
    if name in ("from", "to", "channel"):
        return item[name], lambda r: name in r and r[name] == item[name]
    if name == "generalStatus":
        group = item.status.groupName
        return group, lambda r: r.status.groupName == group
    if name in ("mcc", "mnc"):
        code = item.mccmnc
        part = code[:3] if name == "mcc" else code[3:]
        return (
            part,
            lambda r: "mccmnc" in r and (r.mccmnc[:3] if name == "mcc" else r.mccmnc[3:]) == part,
        )
    if name == "keyword":
        return item.keyword, lambda r: r.keyword == item.keyword
    field = "sentAt" if name.startswith("sent") else "receivedAt"
    moment = item[field]
    if name.endswith("Since"):
        return _query_date(moment), lambda r: r[field] >= moment
    return _query_date(moment), lambda r: r[field] <= moment


FILTERS = [
    (op.path, name)
    for op in load_contract("documented").operations
    if not op.path.endswith("/reports")
    for name in op.parameters
    if name != "limit"
]


@pytest.mark.parametrize(("path", "name"), FILTERS)
def test_each_query_parameter_filters(
    server: MockServer, client: httpx.Client, path: str, name: str
) -> None:
    records = server.store.records(path)
    item = next(r for r in records if _probe(r, name)[0] is not None)
    value, selects = _probe(item, name)
    expected = [r for r in records if selects(r)][:1000]
    got = results(client.get(path, params={name: value, "limit": 1000}))
    assert 0 < len(got) < len(records) or name.endswith(("Since", "Until"))
    assert [r["messageId"] for r in got] == [r.messageId for r in expected]


def test_live_email_filters(server: MockServer, client: httpx.Client) -> None:
    """campaignReferenceId names nothing the records hold: no log matches it."""
    assert results(client.get("/email/1/logs", params={"campaignReferenceId": "c1"})) == []
    records = server.store.records("/email/1/logs")
    with_app = [r for r in records if "applicationId" in r]
    assert with_app
    got = results(client.get("/email/1/logs", params={"applicationId": with_app[0].applicationId}))
    assert got
    assert {r["applicationId"] for r in got} == {with_app[0].applicationId}


def test_several_ids_also_as_a_repeated_parameter(server: MockServer, client: httpx.Client) -> None:
    first, second = server.store.records("/tts/3/logs")[:2]
    got = results(
        client.get(f"/tts/3/logs?messageId={first.messageId}&messageId={second.messageId}")
    )
    assert {r["messageId"] for r in got} == {first.messageId, second.messageId}


def test_several_ids_in_one_parameter(server: MockServer, client: httpx.Client) -> None:
    first, second = server.store.records("/tts/3/logs")[:2]
    got = results(client.get(f"/tts/3/logs?messageId={first.messageId},{second.messageId}"))
    assert {r["messageId"] for r in got} == {first.messageId, second.messageId}


def test_no_keyword_selects_messages_without_one(server: MockServer, client: httpx.Client) -> None:
    expected = [r.messageId for r in server.store.records("/sms/1/inbox/logs") if not r.keyword]
    got = results(client.get("/sms/1/inbox/logs?keyword=NO_KEYWORD&limit=1000"))
    assert expected
    assert [r["messageId"] for r in got] == expected
    assert all("keyword" not in r for r in got)


def test_limit_default_and_maximum(server: MockServer, client: httpx.Client) -> None:
    assert len(results(client.get("/tts/3/logs"))) == 50  # the documented default
    assert len(results(client.get("/tts/3/logs?limit=7"))) == 7
    assert len(results(client.get("/tts/3/logs?limit=0"))) == 0
    assert len(results(client.get("/omni/1/logs?limit=1000"))) == 60
    newest_first = results(client.get("/email/1/logs?limit=60"))
    assert [r["sentAt"] for r in newest_first] == sorted(
        (r["sentAt"] for r in newest_first),
        key=lambda text: datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z"),
        reverse=True,
    )
    over = check(client.get("/omni/1/logs?limit=1001"))
    assert over.status_code == 400
    assert over.json()["requestError"]["serviceException"]["validationErrors"] == {
        "limit": ["1001 is greater than the maximum of 1000"]
    }


def test_invalid_parameters_get_a_400_naming_each(client: httpx.Client) -> None:
    for accept in ("application/json", "application/xml"):
        response = check(
            client.get(
                "/tts/3/logs?limit=many&sentSince=2015-02-22T17:42:05.390+01:00&bulkid=x",
                headers={"Accept": accept},
            )
        )
        assert response.status_code == 400
        body = (
            decode_json(response.content, endpoint="/tts/3/logs", status=400)
            if (accept == "application/json")
            else decode_xml(response.content, endpoint="/tts/3/logs", status=400)
        )
        problems = body.requestError.serviceException.validationErrors
        assert problems == {
            "limit": ("expected an integer, got 'many'",),
            "sentSince": (
                "'2015-02-22T17:42:05.390 01:00' does not have the form of "
                "'2015-02-22T17:42:05.390+01:00' (a '+' in a query string means a space: "
                "write it as %2B)",
            ),
            "bulkid": ("unknown query parameter; did you mean 'bulkId'?",),
        }


# ---------------------------------------------------------------- window, reports, data


def test_logs_older_than_48_hours_are_not_returned(
    server: MockServer, client: httpx.Client
) -> None:
    template = server.store.records("/tts/3/logs")[0]
    now = datetime.now(UTC).replace(microsecond=0)
    old = template.replace(messageId="old-one", sentAt=now - timedelta(hours=49))
    fresh = template.replace(messageId="fresh-one", sentAt=now - timedelta(hours=47))
    assert server.store.add("/tts/3/logs", [old, fresh]) == 2
    got = results(client.get("/tts/3/logs?messageId=old-one,fresh-one"))
    assert [r["messageId"] for r in got] == ["fresh-one"]


def test_delivery_reports_are_returned_once() -> None:
    with (
        running(seed=5, records=30, rate_limit=None) as mock,
        httpx.Client(base_url=mock.url, auth=mock.credentials.basic) as session,
    ):
        first = results(session.get("/tts/3/reports?limit=20"))
        xml = check(session.get("/tts/3/reports?limit=5", headers={"Accept": "application/xml"}))
        second = decode_xml(xml.content, endpoint="/tts/3/reports").results
        third = results(session.get("/tts/3/reports"))
        assert (len(first), len(second), len(third)) == (20, 5, 5)
        ids = [r["messageId"] for r in first] + [r.messageId for r in second]
        ids += [r["messageId"] for r in third]
        assert sorted(ids) == sorted(r.messageId for r in mock.store.records("/tts/3/logs"))
        assert results(session.get("/tts/3/reports")) == []
        assert len(results(session.get("/tts/3/logs?limit=1000"))) == 30  # logs stay


def test_a_voice_log_and_its_report_share_the_message() -> None:
    contract = load_contract()
    made = generate(contract, catalogue(contract), seed=3, count=60)
    logs = made["/tts/3/logs"]
    reports = {r.messageId: r for r in made["/tts/3/reports"]}
    shared = 0
    for log in logs:
        report = reports.get(log.messageId)
        if report is None:
            continue
        shared += 1
        for name in ("bulkId", "to", "sentAt", "doneAt", "duration", "price", "status"):
            assert report[name] == log[name], name
        assert report.mccMnc == log.mccmnc
    assert shared == 60


def test_records_from_a_file_and_from_python() -> None:
    entry = corpus_entries(id="tts-logs/06-response-xml-getting-logs-without-any-query-parameter")[
        0
    ]
    body = corpus_text(entry)
    with (
        running(records=0, window_hours=None, data=[("/tts/3/logs", body)]) as mock,
        httpx.Client(base_url=mock.url, auth=mock.credentials.basic) as session,
    ):
        got = check(session.get("/tts/3/logs", headers={"Accept": "application/xml"}))
        assert decode_xml(got.content, endpoint="/tts/3/logs") == decode_xml(
            body, endpoint="/tts/3/logs"
        )
        mock.store.add(
            "getEmailLogs",
            {
                "messageId": "m1",
                "to": "a@example.com",
                "from": "b@example.com",
                "text": "hello",
                "sentAt": "2026-01-01T10:00:00.000+0000",
                "doneAt": "2026-01-01T10:00:01.000+0000",
                "price": {"pricePerMessage": Decimal("0.0005"), "currency": "EUR"},
                "status": {
                    "groupId": 3,
                    "groupName": "DELIVERED",
                    "id": 5,
                    "name": "DELIVERED_TO_HANDSET",
                    "description": "delivered",
                },
            },
        )
        assert [r["messageId"] for r in results(session.get("/email/1/logs"))] == ["m1"]


# ---------------------------------------------------------------- auth and rate


def test_basic_and_app_credentials(server: MockServer) -> None:
    good = [
        {"Authorization": server.credentials.basic_header},
        {"Authorization": server.credentials.app_header},
        {"Authorization": "app " + server.credentials.api_keys[0]},
    ]
    bad = [
        {},
        {"Authorization": "Basic " + "QWxhZGRpbjp3cm9uZw=="},  # Aladdin:wrong
        {"Authorization": "Basic !!not base64!!"},
        {"Authorization": "App wrong-key"},
        {"Authorization": "Bearer " + server.credentials.api_keys[0]},
    ]
    for headers in good:
        assert (
            check(httpx.get(server.url + "/tts/3/logs?limit=1", headers=headers)).status_code == 200
        )
    for headers in bad:
        for accept in ("application/json", "application/xml"):
            response = check(
                httpx.get(server.url + "/tts/3/logs", headers={**headers, "Accept": accept})
            )
            assert response.status_code == 401
            assert response.headers["content-type"] == accept
            assert b"UNAUTHORIZED" in response.content


def test_rate_limit_per_key() -> None:
    with running(records=1, rate_limit=3, api_keys=["k1", "k2"]) as mock:
        first = {"Authorization": "App k1"}
        for _ in range(3):
            assert check(httpx.get(mock.url + "/omni/1/logs", headers=first)).status_code == 200
        for accept in ("application/json", "application/xml"):
            limited = check(
                httpx.get(mock.url + "/omni/1/logs", headers={**first, "Accept": accept})
            )
            assert limited.status_code == 429
            assert b"TOO_MANY_REQUESTS" in limited.content
            assert 1 <= int(limited.headers["retry-after"]) <= 60
        other = {"Authorization": "App k2"}
        assert check(httpx.get(mock.url + "/omni/1/logs", headers=other)).status_code == 200
        assert check(httpx.get(mock.url + "/email/1/logs", headers=first)).status_code == 200


# ---------------------------------------------------------------- profiles and variants


def test_profiles_select_the_contract() -> None:
    assert get_profile("documented").contract is load_contract("documented")
    with pytest.raises(SpecError, match="unknown profile 'nope'; expected one of live, documented"):
        get_profile("nope")
    with pytest.raises(SpecError, match="unknown profile"):
        MockServer(profile="nope")


@pytest.mark.parametrize("profile", ["live", "documented"])
def test_each_profile_answers_as_it_describes(profile: str) -> None:
    """Every answer of a profile's mock is valid, strictly, under that profile; under live the
    XML variants include the vendor's root alias voiceLogsResponse."""
    xml = {"Accept": "application/xml"}
    with running(records=3, rate_limit=None, variants="cycle", profile=profile) as mock:
        roots = set()
        for path in PATHS:
            for accept in ("application/json", "application/xml"):
                for _ in range(3):
                    answer = httpx.get(
                        mock.url + path, headers={"Accept": accept}, auth=mock.credentials.basic
                    )
                    assert answer.status_code == 200
                    assert validate(answer, profile=profile, strict=True) == []
        for _ in range(3):
            body = httpx.get(mock.url + "/tts/3/logs", headers=xml, auth=mock.credentials.basic)
            roots.add(etree.fromstring(body.content).tag)
    assert ("voiceLogsResponse" in roots) == (profile == "live")


def test_xml_variants_cycle_and_pick_the_omni_shapes(client: httpx.Client) -> None:
    xml = {"Accept": "application/xml"}
    canonical = check(client.get("/omni/1/logs?limit=2", headers=xml))
    assert canonical.content.split(b"?>")[1].lstrip().startswith(b"<smsLogsResponse>")
    picked = check(
        client.get("/omni/1/logs?limit=2", headers={**xml, "X-Mock-Xml-Root": "omniLogsResponse"})
    )
    assert (
        picked.content.split(b"?>")[1].lstrip().startswith(b"<omniLogsResponse><results><bulkId>")
    )
    assert decode_xml(picked.content, endpoint="/omni/1/logs") == decode_xml(
        canonical.content, endpoint="/omni/1/logs"
    )
    wrong = check(client.get("/tts/3/logs", headers={**xml, "X-Mock-Xml-Root": "omniLogsResponse"}))
    assert wrong.status_code == 400
    # Cycling serves every form: each shape under its root, then under each alias of it (the
    # wrapped omni logs under <omniLogsResponse>, which only live has), each in both spellings.
    for profile, forms in (("documented", 2), ("live", 3)):
        with running(records=2, rate_limit=None, variants="cycle", profile=profile) as mock:
            seen = []
            for _ in range(2 * forms):
                answer = check(
                    httpx.get(mock.url + "/omni/1/logs", headers=xml, auth=mock.credentials.basic)
                )
                assert validate(answer, profile=profile) == []
                root = etree.fromstring(answer.content)
                seen.append((root.tag, root[0][0].tag in ("result", "results")))
        expected = [("smsLogsResponse", True), ("omniLogsResponse", False)]
        if profile == "live":
            expected.append(("omniLogsResponse", True))
        assert seen == expected * 2, profile


def test_the_same_seed_gives_the_same_data() -> None:
    contract = load_contract()
    entries = catalogue(contract)
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    one = generate(contract, entries, seed=7, count=25, now=now)
    two = generate(contract, entries, seed=7, count=25, now=now)
    other = generate(contract, entries, seed=8, count=25, now=now)
    assert one == two
    assert one != other
    assert set(one) == set(PATHS)
    assert all(len(v) == 25 for v in one.values())
    for items in one.values():
        for item in items:
            moment = item["sentAt"] if "sentAt" in item else item["receivedAt"]
            assert now - timedelta(hours=48) < moment <= now


# ---------------------------------------------------------------- bad input to the server


def _raw(server: MockServer, request: bytes) -> bytes:
    with socket.create_connection((server.host, server.port), timeout=10) as conn:
        conn.sendall(request)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    return received


AUTH = b"Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"


@pytest.mark.parametrize(
    "target",
    [
        b"/tts/3/logs?%%%",
        b"/tts/3/logs?=&&=&",
        b"/tts/3/logs?limit=%FF%FE",
        b"/tts/3/logs?limit=1&limit=2",
        b"/tts/3/logs?sentSince=%00",
        b"/omni/1/logs?limit=" + b"9" * 5000,
        b"/omni/1/logs?from=" + b"a" * 9000,
        b"/omni/1/logs?" + b"&".join(b"x%d=1" % i for i in range(2000)),
        b"/tts/3/logs/../../etc/passwd",
        b"/nope",
        b"/%ZZ",
        b"/" + b"a" * 12000,
        b"*",
    ],
)
def test_bad_input_gets_a_clear_4xx(server: MockServer, target: bytes) -> None:
    answer = _raw(
        server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n" + AUTH + b"Connection: close\r\n\r\n"
    )
    status_line, _, _rest = answer.partition(b"\r\n")
    status = int(status_line.split()[1])
    assert 400 <= status < 500, answer[:300]
    assert b"Traceback" not in answer
    assert b"Internal Server Error" not in answer


def test_bad_input_bodies_name_the_problem(client: httpx.Client) -> None:
    huge = check(client.get("/omni/1/logs?from=" + "a" * 9000))
    assert huge.status_code == 400
    assert "the query string has 9005 bytes; at most 8192 are read" in huge.text
    unknown = check(client.get("/tts/3/nope"))
    assert unknown.status_code == 404
    assert "unknown path '/tts/3/nope'; expected /tts/3/logs" in unknown.text
    for method in ("POST", "DELETE", "QUERY"):
        refused = check(client.request(method, "/tts/3/logs"))
        assert refused.status_code == 405
        assert refused.headers["allow"] == "GET"


def test_binds_the_local_address_by_default() -> None:
    mock = MockServer(records=0)
    assert mock.host == "127.0.0.1"
    with mock:
        assert mock.url.startswith("http://127.0.0.1:")


def test_cycled_variants_spell_as_the_vendor_does_and_stay_valid() -> None:
    """Under live, cycling gives the vendor's spellings too: each answer valid (strictly) and
    equal in value to the canonical one."""
    xml = {"Accept": "application/xml"}
    with running(records=3, rate_limit=None, variants="cycle", profile="live") as mock:
        auth = mock.credentials.basic
        answers = [
            httpx.get(mock.url + "/tts/3/logs", headers=headers, auth=auth)
            for headers in ({}, {}, xml, xml, xml, xml)
        ]
    bodies = [answer.content for answer in answers]
    for answer in answers:
        assert validate(answer, strict=True) == []
    assert b'"mccMnc"' in bodies[1]
    assert b'"mccmnc"' not in bodies[1]
    assert re.search(rb'"sentAt":"[^"]*(Z|[+-]\d\d:\d\d)"', bodies[1])
    spelled_xml = [body for body in bodies[2:] if b"<pricePerSecond>" in body]
    assert spelled_xml
    assert all(b"<results><results>" in body.replace(b"\n", b"") for body in spelled_xml)
    values = {
        decode_json(bodies[0], endpoint="/tts/3/logs"),
        decode_json(bodies[1], endpoint="/tts/3/logs"),
        *(decode_xml(body, endpoint="/tts/3/logs") for body in bodies[2:]),
    }
    assert len(values) == 1


def test_a_record_whose_date_has_no_offset_is_refused_when_loaded() -> None:
    """The mock ages and filters records by instant: a date with no offset names none, so it
    is refused at once, not answered with a 500 at every request."""
    answer = json.loads(
        (REPO / "tests/live_corpus/tts-logs/17-java-client-voice-logs-200-json.json").read_bytes()
    )
    with running(records=0) as mock:
        assert mock.store.load("/tts/3/logs", json.dumps(answer).encode()) == 1
        answer["results"][0]["sentAt"] = answer["results"][0]["sentAt"][:19]
        with pytest.warns(ContractWarning), pytest.raises(ValueError, match="/sentAt is a date"):
            mock.store.load("/tts/3/logs", json.dumps(answer).encode())
    with pytest.raises(ValueError, match="rate_limit must be at least 1"):
        MockServer(rate_limit=-3)


def test_json_shaped_dicts_are_read_as_json() -> None:
    """Aliases and floats, as json.load gives them from a real answer."""
    log = json.loads(
        (REPO / "tests/live_corpus/tts-logs/17-java-client-voice-logs-200-json.json").read_bytes()
    )["results"][0]
    assert "mccMnc" in log
    assert isinstance(log["price"]["pricePerSecond"], float)
    with running(records=0, window_hours=None) as mock:
        assert mock.store.add("/tts/3/logs", log) == 1
        (record,) = mock.store.select("/tts/3/logs", lambda r: True, None)
    assert record.mccmnc == log["mccMnc"]
    assert record.price.pricePerSecond == Decimal(str(log["price"]["pricePerSecond"]))


def test_cycled_answers_turn_per_format_and_carry_other_offsets() -> None:
    xml = {"Accept": "application/xml"}
    with running(records=20, rate_limit=None, variants="cycle") as mock:
        auth = mock.credentials.basic
        bodies = []
        for _ in range(2):  # a client alternating formats meets each format's variants
            bodies.append(httpx.get(mock.url + "/tts/3/logs", auth=auth).content)
            httpx.get(mock.url + "/tts/3/logs", headers=xml, auth=auth)
    assert b'"mccmnc"' in bodies[0]
    assert b'"mccMnc"' in bodies[1]
    assert re.search(rb'"sentAt":"[^"]*[+-]0[15]:[03]0"', bodies[1])
    assert re.search(rb'"sentAt":"[^"]*Z"', bodies[1])
    assert re.search(rb'"sentAt":"[^"]*[+-]0[15][03]0"', bodies[0])
