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
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.config import get_settings
from service.core.errors import NotFound
from service.core.schemas import Page

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


def decode_cursor(cursor: str, *, scope: str, kind: type[SortValue]) -> tuple[SortValue, uuid.UUID]:
    """The position a cursor names in the list `scope`; 404 for anything else.

    The signature is checked before anything in the payload is used: a forged cursor is
    never parsed, let alone sent to the database.
    """
    try:
        encoded, signature = cursor.split(".")
        payload = _unb64(encoded)
        if not hmac.compare_digest(_unb64(signature), _mac(scope, payload)):
            raise _no_such_position()
        raw, row_hex = json.loads(payload)
        row_id = uuid.UUID(hex=str(row_hex))
        if kind is datetime:
            moment = datetime.fromisoformat(str(raw))
            if moment.tzinfo is None:
                raise ValueError("naive")
            return moment, row_id
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw, row_id
        raise ValueError("bad sort value")
    except (ValueError, TypeError, UnicodeError, binascii.Error, json.JSONDecodeError):
        raise _no_such_position() from None


async def paginate(
    session: AsyncSession,
    statement: Any,
    *,
    sort: Any,
    id_column: Any,
    key: Callable[[Any], tuple[SortValue, uuid.UUID]],
    to_read: Callable[[Any], R],
    limit: int,
    cursor: str | None,
    scope: str,
    descending: bool = False,
    sort_type: type[SortValue] = datetime,
    scalars: bool = True,
) -> Page[R]:
    """Run `statement` as one page ordered by `(sort, id)`.

    A cursor is checked before the statement runs, so a foreign or forged one reads nothing.
    With `scalars` each item is the statement's first column (an ORM object), else a row.
    """
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
    result = await session.execute(statement.limit(limit + 1))
    rows: Sequence[Any] = result.scalars().all() if scalars else result.all()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(scope, *key(rows[-1]))
    return Page[R](items=[to_read(row) for row in rows], next_cursor=next_cursor)
