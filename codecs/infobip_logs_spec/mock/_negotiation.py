"""Content negotiation on ``Accept``: JSON by default, XML on ``application/xml``, else none."""

from __future__ import annotations

__all__ = ["JSON", "XML", "negotiate"]

JSON = "application/json"
XML = "application/xml"
# Specificity of each range that selects a media type; JSON wins a tie, as the API's default.
RANGES = {JSON: ((JSON, 2), ("application/*", 1), ("*/*", 0)), XML: ((XML, 2),)}


def _q(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return 0.0  # a malformed weight accepts nothing rather than guess
            return q if 0.0 <= q <= 1.0 else 0.0
    return 1.0


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, or ``None`` when the client accepts neither.

    Each candidate takes the weight of the most specific range that names it (RFC 9110,
    section 12.5.1); the heavier wins, then the more specific, then JSON.
    """
    if accept is None or not accept.strip():
        return JSON
    matched: dict[str, tuple[int, float]] = {}
    for item in accept.split(","):
        media, *parameters = item.split(";")
        media = media.strip().lower()
        for candidate, ranges in RANGES.items():
            for name, specificity in ranges:
                if media == name and specificity > matched.get(candidate, (-1, 0.0))[0]:
                    matched[candidate] = (specificity, _q(parameters))
    best: str | None = None
    best_key = (0.0, -1)
    for candidate in (JSON, XML):
        if candidate in matched:
            specificity, q = matched[candidate]
            if q > 0 and (q, specificity) > best_key:
                best, best_key = candidate, (q, specificity)
    return best
