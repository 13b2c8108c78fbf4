"""API fields whose OpenAPI description says what the portal really sends."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
        "example": "18:00:00",
        "description": "Local time in Sweden (Europe/Stockholm), HH:MM[:SS].",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day as Swedes write it, without an offset: a meeting starts at
    18:00 local time whatever the season. JSON Schema's `time` format requires an
    offset (RFC 3339), which a meeting's start has not."""
