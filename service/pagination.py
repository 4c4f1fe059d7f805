"""Opaque keyset cursors: stable order, no offsets, bound to one tenant's list.

A cursor names a position `(sort value, id)` in one list of one tenant and carries a MAC
over that binding. A cursor from another tenant or another list, or a forged or mangled
one, answers 404 exactly like a cursor that points nowhere; a cursor whose row was deleted
since still works, because it is a position, not a reference.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import and_, or_
from sqlalchemy.orm import Mapped
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from service.config import get_settings
from service.errors import NotFound
from service.rawdb import Dialect
from service.schemas import Page

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100

SortValue = datetime | int


_MAC_BYTES = 12


@lru_cache(maxsize=1)
def _cursor_key() -> bytes:
    pepper = get_settings().api_key_pepper.get_secret_value()
    return hashlib.sha256(b"askwell-cursor\0" + pepper.encode()).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode("ascii"))


def _mac(scope: str, payload: bytes) -> bytes:
    message = scope.encode() + b"\0" + payload
    return hmac.new(_cursor_key(), message, hashlib.sha256).digest()[:_MAC_BYTES]


def encode_cursor(scope: str, value: SortValue, row_id: uuid.UUID) -> str:
    raw = value.isoformat() if isinstance(value, datetime) else value
    payload = json.dumps([raw, row_id.hex], separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_b64(_mac(scope, payload))}"


def _no_such_position() -> NotFound:
    return NotFound(
        "No such position in this list; pass a `next_cursor` from this list's previous page."
    )


@dataclass(frozen=True, slots=True)
class Position:
    """A cursor read but not yet checked against the list it claims to belong to."""

    value: SortValue
    row_id: uuid.UUID
    payload: bytes
    signature: bytes

    def check(self, scope: str) -> None:
        """404 unless the cursor was made for the list `scope`."""
        if not hmac.compare_digest(self.signature, _mac(scope, self.payload)):
            raise _no_such_position()


def read_cursor(cursor: str, *, kind: type[SortValue]) -> Position:
    """Parse a cursor (404 when it is not one); `Position.check` says whose it is."""
    try:
        encoded, signature = cursor.split(".")
        payload = _unb64(encoded)
        raw, row_hex = json.loads(payload)
        row_id = uuid.UUID(hex=str(row_hex))
        if kind is datetime:
            moment = datetime.fromisoformat(str(raw))
            if moment.tzinfo is None:
                raise ValueError("naive")
            value: SortValue = moment
        elif isinstance(raw, int) and not isinstance(raw, bool):
            value = raw
        else:
            raise ValueError("bad sort value")
        return Position(value, row_id, payload, _unb64(signature))
    except (ValueError, TypeError, UnicodeError, binascii.Error, json.JSONDecodeError):
        raise _no_such_position() from None


def decode_cursor(cursor: str, *, scope: str, kind: type[SortValue]) -> tuple[SortValue, uuid.UUID]:
    position = read_cursor(cursor, kind=kind)
    position.check(scope)
    return position.value, position.row_id


def paginate(
    session: Session,
    statement: SelectOfScalar[T],
    *,
    sort: Mapped[Any],
    id_column: Mapped[Any],
    key: Callable[[T], tuple[SortValue, uuid.UUID]],
    to_read: Callable[[T], R],
    limit: int,
    cursor: str | None,
    scope: str,
    descending: bool = False,
    sort_type: type[SortValue] = datetime,
) -> Page[R]:
    """Run `statement` as one page ordered by `(sort, id)`."""
    if cursor is not None:
        value, row_id = decode_cursor(cursor, scope=scope, kind=sort_type)
        if descending:
            statement = statement.where(or_(sort < value, and_(sort == value, id_column < row_id)))
        else:
            statement = statement.where(or_(sort > value, and_(sort == value, id_column > row_id)))
    if descending:
        statement = statement.order_by(sort.desc(), id_column.desc())
    else:
        statement = statement.order_by(sort.asc(), id_column.asc())
    rows: Sequence[T] = session.exec(statement.limit(limit + 1)).all()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(scope, *key(rows[-1]))
    return Page[R](items=[to_read(row) for row in rows], next_cursor=next_cursor)


def raw_keyset(
    dialect: Dialect, position: Position | None, *, sort: str, id_column: str = "id"
) -> tuple[str, list[Any]]:
    """`paginate`'s position filter for plain SQL, ascending by `(sort, id)`.

    Returns a condition to AND into the WHERE clause (`"1 = 1"` for the first page) and its
    parameters; the caller orders by `sort, id` and fetches one row more than the limit.
    The caller also checks `position` against its list before it answers.
    """
    if position is None:
        return "1 = 1", []
    assert isinstance(position.value, datetime)
    moment = dialect.time_param(position.value)
    key = dialect.uuid_param(position.row_id)
    return f"({sort} > ? OR ({sort} = ? AND {id_column} > ?))", [moment, moment, key]
