"""Shared API schema pieces: strict input models, bounded strings, cursor pages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    model_validator,
)
from sqlmodel import SQLModel
from starlette.responses import Response

T = TypeVar("T")

# Characters PostgreSQL cannot store in text, or that cannot be encoded as UTF-8.
_NUL = "\x00"
# The same for query parameters, as a pattern the contract shows (PostgreSQL refuses NUL).
NO_NUL = "^[^\\x00]*$"


def _reject_unstorable(value: Any, path: str = "") -> None:
    if isinstance(value, str):
        if _NUL in value:
            raise ValueError(f"{path or 'value'}: NUL characters are not allowed")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{path or 'value'}: text must be valid Unicode") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _reject_unstorable(key, path)
            _reject_unstorable(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _reject_unstorable(item, f"{path}[{index}]")


class StrictInput(SQLModel):
    """Request bodies: unknown fields are refused, and so is text a database cannot store."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        _reject_unstorable(data)
        return data


def _json_integer(value: Any) -> Any:
    # JSON types must match: `true` is not 1 and "5" is not 5, though pydantic's lax mode
    # says they are. 73.0 is an integer to JSON Schema, so it is one here too.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a JSON integer")
    return value


def _json_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a JSON number")
    return value


def _in_utc(value: datetime) -> datetime:
    # A moment the database stores in UTC must exist in UTC: year 1 at +14:00 does not.
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the moment is out of range once converted to UTC") from None


# An RFC 3339 date-time with a zone, as the UTC moment it names.
UTCMoment = Annotated[AwareDatetime, AfterValidator(_in_utc)]


def _rfc3339_only(value: object) -> object:
    # Pydantic also reads a bare number as a Unix time; the schema promises RFC 3339 only.
    if isinstance(value, str) and not re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        raise ValueError("must be an RFC 3339 date-time with a time zone")
    return value


# The same, for a query parameter: only an RFC 3339 string is read as a moment.
UTCMomentQuery = Annotated[UTCMoment, BeforeValidator(_rfc3339_only)]

# Put these last in `Annotated[int, Ge(1), JSON_INTEGER]`: constraints placed before the
# check stay visible in the schema as `minimum`/`maximum`.
JSON_INTEGER = BeforeValidator(_json_integer)
JSON_NUMBER = BeforeValidator(_json_number)


def bounded(max_length: int, min_length: int = 0) -> Any:
    """A string type with length bounds that show in the OpenAPI schema."""
    return Annotated[
        str, StringConstraints(min_length=min_length, max_length=max_length, strip_whitespace=False)
    ]


ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ListItem = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Page(BaseModel, Generic[T]):
    """One page of a list; pass `next_cursor` back as `cursor` for the next one."""

    items: list[T]
    next_cursor: str | None = None


def json_response(
    model: BaseModel, *, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """Serialize an already-validated model once; FastAPI would validate it again first."""
    return Response(
        model.model_dump_json(),
        status_code=status_code,
        media_type="application/json",
        headers=headers,
    )
