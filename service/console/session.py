"""The console's session cookie and CSRF tokens.

The cookie is stateless: itsdangerous signs (and timestamps) the API key's id, the
reviewer's name and the session's CSRF token. Nothing else is trusted from it: every
request reads the key again, so a revoked key's session ends at its next request.
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import dataclass

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from service.core.config import Settings

COOKIE = "askwell_console"
# A session lasts a working day; then the reviewer signs in again.
MAX_AGE_S = 8 * 60 * 60
CSRF_FIELD = "csrf_token"
_SALT = "askwell-console-session"


@dataclass(frozen=True, slots=True)
class ConsoleSession:
    """What the cookie says: a CSRF token always; once signed in, the key and the name."""

    csrf: str
    key_id: uuid.UUID | None = None
    reviewer: str | None = None

    @classmethod
    def anonymous(cls) -> ConsoleSession:
        return cls(csrf=secrets.token_urlsafe(32))

    @classmethod
    def signed_in(cls, *, key_id: uuid.UUID, reviewer: str) -> ConsoleSession:
        # A new token at sign-in: one planted before it is worth nothing after.
        return cls(csrf=secrets.token_urlsafe(32), key_id=key_id, reviewer=reviewer)

    def csrf_matches(self, presented: object) -> bool:
        return isinstance(presented, str) and hmac.compare_digest(
            presented.encode(), self.csrf.encode()
        )


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    # The pepper is the service's one secret; the salt keeps these signatures apart from
    # every other use of it.
    return URLSafeTimedSerializer(settings.api_key_pepper.get_secret_value(), salt=_SALT)


def read_session(request: Request, settings: Settings) -> ConsoleSession | None:
    """The request's session, or None when there is no cookie or it is forged or expired."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(settings).loads(raw, max_age=MAX_AGE_S)
    except BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
        return None
    key_id, reviewer = data.get("key"), data.get("name")
    if key_id is None or not isinstance(reviewer, str):
        return ConsoleSession(csrf=data["csrf"])
    try:
        return ConsoleSession(
            csrf=data["csrf"], key_id=uuid.UUID(hex=str(key_id)), reviewer=reviewer
        )
    except ValueError:
        return None


def write_session(response: Response, session: ConsoleSession, settings: Settings) -> None:
    data: dict[str, str] = {"csrf": session.csrf}
    if session.key_id is not None and session.reviewer is not None:
        data |= {"key": session.key_id.hex, "name": session.reviewer}
    response.set_cookie(
        COOKIE,
        _serializer(settings).dumps(data),
        max_age=MAX_AGE_S,
        path="/console",
        httponly=True,
        samesite="strict",
        secure=settings.environment != "development",
    )


def clear_session(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE,
        path="/console",
        httponly=True,
        samesite="strict",
        secure=settings.environment != "development",
    )
