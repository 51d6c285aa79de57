"""Typed classes for every payload object of the spec, one per component.

Generated from spec/generated/openapi.live.yaml (the live profile, which has every field the
documented one has) by tools/generate_schemas.py; do not edit. Fields keep the spec's names; a
name that is a Python keyword gets a trailing underscore (``from_``). The classes serve both
profiles.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ._model import Record


class VoicePrice(Record, component="VoicePrice"):
    """Price of a voice message. JSON names the amount `pricePerSecond`; XML, and the vendor's
    field tables, name it `pricePerMessage`.
    """

    __slots__ = ()

    pricePerSecond: Decimal | None
    """Price per one second of the voice message."""

    currency: str | None
    """The currency in which the price is expressed."""


class MessagePrice(Record, component="MessagePrice"):
    """Price of a message."""

    __slots__ = ()

    pricePerMessage: Decimal | None
    """Price per one message."""

    currency: str | None
    """The currency in which the price is expressed."""


class Status(Record, component="Status"):
    """Indicates whether the message is successfully sent, not sent, delivered, not delivered,
    waiting for delivery or any other possible status.
    """

    __slots__ = ()

    groupId: int | None
    """Status group ID."""

    groupName: str | None
    """Status group name."""

    id: int | None
    """Status ID."""

    name: str | None
    """Status name."""

    description: str | None
    """Human-readable description of the status."""

    action: str | None
    """Action that should be taken to eliminate the error. Documented for e-mail and omni logs
    only, but a voice logs example carries it too, so every status may have it.
    """


class Error(Record, component="Error"):
    """Indicates whether an error occurred."""

    __slots__ = ()

    groupId: int | None
    """Error group ID."""

    groupName: str | None
    """Error group name. The examples spell the no-error group both `OK` and `Ok`, so it is a
    free string, not an enumeration.
    """

    id: int | None
    """Error ID."""

    name: str | None
    """Error name."""

    description: str | None
    """Human-readable description of the error."""

    permanent: bool | None
    """Tells if the error is permanent."""


class VoiceLog(Record, component="VoiceLog"):
    """The log of one sent voice message."""

    __slots__ = ()

    bulkId: str | None
    """The ID that uniquely identifies the request."""

    messageId: str | None
    """The ID that uniquely identifies the message sent."""

    to: str | None
    """The message destination address."""

    from_: str | None
    """Sender ID that can be alphanumeric or numeric."""

    text: str | None
    """Text of the message that was sent."""

    sentAt: datetime | None
    """A date and time as the API and the vendor's SDKs write it: `yyyy-MM-dd'T'HH:mm:ss`, an
    optional fraction of 1 to 9 digits, and an offset `Z`, `±hh:mm` or `±hhmm`
    (`2015-02-23T17:40:31.773+0100`, `2022-12-06T13:37:15Z`, `2022-06-01T18:00:00.00+00:00`).
    The calendar is checked as in the documented profile. Digits past the sixth (finer than a
    microsecond, which Python's datetime cannot hold) must be zeros, so that what validates
    also decodes (written without an alternation of counted repeats, which libxml2's regular
    expressions get wrong). A date with no offset at all matches `x-tolerated-pattern` only,
    the pattern of this profile's schema files: accepted with a warning, never read as local
    time; the strict variants use `pattern`.
    """

    doneAt: datetime | None
    """A date and time as the API and the vendor's SDKs write it: `yyyy-MM-dd'T'HH:mm:ss`, an
    optional fraction of 1 to 9 digits, and an offset `Z`, `±hh:mm` or `±hhmm`
    (`2015-02-23T17:40:31.773+0100`, `2022-12-06T13:37:15Z`, `2022-06-01T18:00:00.00+00:00`).
    The calendar is checked as in the documented profile. Digits past the sixth (finer than a
    microsecond, which Python's datetime cannot hold) must be zeros, so that what validates
    also decodes (written without an alternation of counted repeats, which libxml2's regular
    expressions get wrong). A date with no offset at all matches `x-tolerated-pattern` only,
    the pattern of this profile's schema files: accepted with a warning, never read as local
    time; the strict variants use `pattern`.
    """

    duration: int | None
    """Call duration in seconds."""

    mccmnc: str | None
    """Mobile country and network codes. The documentation spells it `mccmnc`; the vendor's
    OpenAPI document and SDKs `mccMnc` (JSON) and `<mccMnc>` (XML).
    """

    price: VoicePrice | None
    """Price of a voice message. JSON names the amount `pricePerSecond`; XML, and the vendor's
    field tables, name it `pricePerMessage`.
    """

    status: Status | None
    """Indicates whether the message is successfully sent, not sent, delivered, not delivered,
    waiting for delivery or any other possible status.
    """

    error: Error | None
    """Indicates whether an error occurred."""


class VoiceLogsResponse(Record, component="VoiceLogsResponse"):
    """Voice message logs."""

    __slots__ = ()

    results: tuple[VoiceLog, ...]
    """Collection of logs."""


class VoiceReport(Record, component="VoiceReport"):
    """The delivery report of one voice message."""

    __slots__ = ()

    bulkId: str | None
    """Bulk ID."""

    messageId: str | None
    """Message ID."""

    to: str | None
    """Destination address."""

    sentAt: datetime | None
    """A date and time as the API and the vendor's SDKs write it: `yyyy-MM-dd'T'HH:mm:ss`, an
    optional fraction of 1 to 9 digits, and an offset `Z`, `±hh:mm` or `±hhmm`
    (`2015-02-23T17:40:31.773+0100`, `2022-12-06T13:37:15Z`, `2022-06-01T18:00:00.00+00:00`).
    The calendar is checked as in the documented profile. Digits past the sixth (finer than a
    microsecond, which Python's datetime cannot hold) must be zeros, so that what validates
    also decodes (written without an alternation of counted repeats, which libxml2's regular
    expressions get wrong). A date with no offset at all matches `x-tolerated-pattern` only,
    the pattern of this profile's schema files: accepted with a warning, never read as local
    time; the strict variants use `pattern`.
    """

    doneAt: datetime | None
    """A date and time as the API and the vendor's SDKs write it: `yyyy-MM-dd'T'HH:mm:ss`, an
    optional fraction of 1 to 9 digits, and an offset `Z`, `±hh:mm` or `±hhmm`
    (`2015-02-23T17:40:31.773+0100`, `2022-12-06T13:37:15Z`, `2022-06-01T18:00:00.00+00:00`).
    The calendar is checked as in the documented profile. Digits past the sixth (finer than a
    microsecond, which Python's datetime cannot hold) must be zeros, so that what validates
    also decodes (written without an alternation of counted repeats, which libxml2's regular
    expressions get wrong). A date with no offset at all matches `x-tolerated-pattern` only,
    the pattern of this profile's schema files: accepted with a warning, never read as local
    time; the strict variants use `pattern`.
    """

    duration: int | None
    """Call duration in seconds."""

    mccMnc: str | None
    """Mobile country and network codes; absent when unknown (a documented report lacks it)."""

    dtmfCodes: str | None
    """DTMF code entered by user: an empty string if the user pressed nothing, `null` in an IVR
    if the user did not take part in the Collect action.
    """

    recordedAudioFileUrl: str | None
    """URL to retrieve recorded calls; present only for messages with the record feature
    activated.
    """

    price: VoicePrice | None
    """Price of a voice message. JSON names the amount `pricePerSecond`; XML, and the vendor's
    field tables, name it `pricePerMessage`.
    """

    status: Status | None
    """Indicates whether the message is successfully sent, not sent, delivered, not delivered,
    waiting for delivery or any other possible status.
    """

    error: Error | None
    """Indicates whether an error occurred."""

    startTime: datetime | None
    """When the call was established and started ringing."""

    endTime: datetime | None
    """When the call ended."""

    answerTime: datetime | None
    """When the call was answered."""

    fileDuration: Decimal | None
    """Duration of the message's audio file, in seconds (`19.3`). The vendor's document says
    `format: double`; it is read as an exact decimal like every number here, so that `19.30`
    keeps its spelling.
    """

    callbackData: str | None
    """Custom data sent over to the notifyUrl."""

    scenarioId: str | None
    """The ID that uniquely identifies the IVR scenario."""

    scenarioName: str | None
    """Name of the IVR scenario."""


class VoiceReportsResponse(Record, component="VoiceReportsResponse"):
    """Voice delivery reports, one per message."""

    __slots__ = ()

    results: tuple[VoiceReport, ...]
    """Collection of reports, one per every message."""


class EmailLog(Record, component="EmailLog"):
    """The log of one sent e-mail."""

    __slots__ = ()

    bulkId: str | None
    """The ID that uniquely identifies the request."""

    messageId: str | None
    """The ID that uniquely identifies the message sent."""

    to: str | None
    """The message destination address. The page's reference example prints
    `recipient:::at:::infobip.com`, an artefact of the page export's e-mail obfuscation.
    """

    from_: str | None
    """Sender e-mail address."""

    text: str | None
    """Text of the message that was sent."""

    sentAt: datetime | None
    """A date and time as the API and the vendor's SDKs write it: `yyyy-MM-dd'T'HH:mm:ss`, an
    optional fraction of 1 to 9 digits, and an offset `Z`, `±hh:mm` or `±hhmm`
    (`2015-02-23T17:40:31.773+0100`, `2022-12-06T13:37:15Z`, `2022-06-01T18:00:00.00+00:00`).
    The calendar is checked as in the documented profile. Digits past the sixth (finer than a
    microsecond, which Python's datetime cannot hold) must be zeros, so that what validates
    also decodes (written without an alternation of counted repeats, which libxml2's regular
    expressions get wrong). A date with no offset at all matches `x-tolerated-pattern` only,
    the pattern of this profile's schema files: accepted with a warning, never read as local
    time; the strict variants use `pattern`.
    """

    doneAt: datetime | None
    """A date and time as the API and the vendor's SDKs write it: `yyyy-MM-dd'T'HH:mm:ss`, an
    optional fraction of 1 to 9 digits, and an offset `Z`, `±hh:mm` or `±hhmm`
    (`2015-02-23T17:40:31.773+0100`, `2022-12-06T13:37:15Z`, `2022-06-01T18:00:00.00+00:00`).
    The calendar is checked as in the documented profile. Digits past the sixth (finer than a
    microsecond, which Python's datetime cannot hold) must be zeros, so that what validates
    also decodes (written without an alternation of counted repeats, which libxml2's regular
    expressions get wrong). A date with no offset at all matches `x-tolerated-pattern` only,
    the pattern of this profile's schema files: accepted with a warning, never read as local
    time; the strict variants use `pattern`.
    """

    messageCount: int | None
    """How many parts the message was split into; always 1 for e-mail. Documented, but absent
    from every example, so optional.
    """

    price: MessagePrice | None
    """Price of a message."""

    status: Status | None
    """Indicates whether the message is successfully sent, not sent, delivered, not delivered,
    waiting for delivery or any other possible status.
    """

    error: Error | None
    """Indicates whether an error occurred."""

    channel: str | None
    """Channel of the message (`EMAIL`). Not in the vendor's field table, but present in every
    e-mail example.
    """

    applicationId: str | None
    """The Application ID sent in the e-mail request."""

    entityId: str | None
    """The Entity ID sent in the e-mail request."""


class EmailLogsResponse(Record, component="EmailLogsResponse"):
    """E-mail logs."""

    __slots__ = ()

    results: tuple[EmailLog, ...]
    """Collection of logs."""


class OmniLog(Record, component="OmniLog"):
    """The log of one message sent over any channel."""

    __slots__ = ()

    bulkId: str | None
    """The ID that uniquely identifies the request."""

    messageId: str | None
    """The ID that uniquely identifies the message sent."""

    channel: str | None
    """Channel that was used for message delivering. The parameter table lists SMS, VOICE, VIBER,
    WHATSAPP, PUSH and EMAIL; the response table lists only SMS, VIBER, EMAIL and PUSH, but
    the examples also carry VOICE.
    """

    to: str | None
    """The message destination address."""

    from_: str | None
    """Sender ID that can be alphanumeric or numeric."""

    text: str | None
    """Text of the message that was sent."""

    sentAt: datetime | None
    """A date and time as the API and the vendor's SDKs write it: `yyyy-MM-dd'T'HH:mm:ss`, an
    optional fraction of 1 to 9 digits, and an offset `Z`, `±hh:mm` or `±hhmm`
    (`2015-02-23T17:40:31.773+0100`, `2022-12-06T13:37:15Z`, `2022-06-01T18:00:00.00+00:00`).
    The calendar is checked as in the documented profile. Digits past the sixth (finer than a
    microsecond, which Python's datetime cannot hold) must be zeros, so that what validates
    also decodes (written without an alternation of counted repeats, which libxml2's regular
    expressions get wrong). A date with no offset at all matches `x-tolerated-pattern` only,
    the pattern of this profile's schema files: accepted with a warning, never read as local
    time; the strict variants use `pattern`.
    """

    doneAt: datetime | None
    """A date and time as the API and the vendor's SDKs write it: `yyyy-MM-dd'T'HH:mm:ss`, an
    optional fraction of 1 to 9 digits, and an offset `Z`, `±hh:mm` or `±hhmm`
    (`2015-02-23T17:40:31.773+0100`, `2022-12-06T13:37:15Z`, `2022-06-01T18:00:00.00+00:00`).
    The calendar is checked as in the documented profile. Digits past the sixth (finer than a
    microsecond, which Python's datetime cannot hold) must be zeros, so that what validates
    also decodes (written without an alternation of counted repeats, which libxml2's regular
    expressions get wrong). A date with no offset at all matches `x-tolerated-pattern` only,
    the pattern of this profile's schema files: accepted with a warning, never read as local
    time; the strict variants use `pattern`.
    """

    messageCount: int | None
    """The number of sent message segments. One documented XML example names the element
    `smsCount`.
    """

    mccmnc: str | None
    """Mobile country and network codes. The documentation spells it `mccmnc`; the vendor's
    OpenAPI document and SDKs `mccMnc` (JSON) and `<mccMnc>` (XML).
    """

    price: MessagePrice | None
    """Price of a message."""

    status: Status | None
    """Indicates whether the message is successfully sent, not sent, delivered, not delivered,
    waiting for delivery or any other possible status.
    """

    error: Error | None
    """Indicates whether an error occurred."""


class OmniLogsResponse(Record, component="OmniLogsResponse"):
    """Omni-channel logs; in XML the `smsLogsResponse` shape with wrapped results."""

    __slots__ = ()

    results: tuple[OmniLog, ...]
    """Collection of logs."""


class MOLog(Record, component="MOLog"):
    """The log of one received (mobile-originated) message."""

    __slots__ = ()

    messageId: str
    """The ID that uniquely identifies the received message."""

    to: str
    """The message destination address."""

    receivedAt: datetime
    """A date and time as the API and the vendor's SDKs write it: `yyyy-MM-dd'T'HH:mm:ss`, an
    optional fraction of 1 to 9 digits, and an offset `Z`, `±hh:mm` or `±hhmm`
    (`2015-02-23T17:40:31.773+0100`, `2022-12-06T13:37:15Z`, `2022-06-01T18:00:00.00+00:00`).
    The calendar is checked as in the documented profile. Digits past the sixth (finer than a
    microsecond, which Python's datetime cannot hold) must be zeros, so that what validates
    also decodes (written without an alternation of counted repeats, which libxml2's regular
    expressions get wrong). A date with no offset at all matches `x-tolerated-pattern` only,
    the pattern of this profile's schema files: accepted with a warning, never read as local
    time; the strict variants use `pattern`.
    """

    from_: str
    """Sender ID that can be alphanumeric or numeric."""

    text: str
    """Text of the message that was sent."""

    cleanText: str
    """Text of the message that was sent without the keyword."""

    keyword: str | None
    """Keyword extracted from the message text; absent when the message had none."""

    smsCount: int
    """The number of sent message segments (`messageCount` in the other logs)."""


class MOLogsResponse(Record, component="MOLogsResponse"):
    """Received message logs."""

    __slots__ = ()

    results: tuple[MOLog, ...]
    """Collection of logs."""


class ServiceException(Record, component="ServiceException"):
    """What went wrong."""

    __slots__ = ()

    messageId: str
    """Identifier of the error."""

    text: str
    """Human-readable description of the error."""

    validationErrors: dict[str, tuple[str, ...]] | None
    """Messages per request field that failed validation. In XML each field is an element named
    after the field, repeated once per message; the vendor does not document the XML form, so
    the XSD accepts any element there. A field is listed only with at least one message: an
    empty list would have no XML form.
    """


class RequestError(Record, component="RequestError"):
    """The error of a request."""

    __slots__ = ()

    serviceException: ServiceException
    """What went wrong."""


class ApiException(Record, component="ApiException"):
    """The body of an error answer (4xx or 5xx), in JSON and XML alike."""

    __slots__ = ()

    requestError: RequestError
    """The error of a request."""


__all__ = [
    "ApiException",
    "EmailLog",
    "EmailLogsResponse",
    "Error",
    "MOLog",
    "MOLogsResponse",
    "MessagePrice",
    "OmniLog",
    "OmniLogsResponse",
    "RequestError",
    "ServiceException",
    "Status",
    "VoiceLog",
    "VoiceLogsResponse",
    "VoicePrice",
    "VoiceReport",
    "VoiceReportsResponse",
]
