"""One HTTP attempt of a delivery: sign, check the address, POST, judge the answer.

Signing follows Standard Webhooks with its own library: `webhook-id` (the event's message
id, the same on every attempt and replay, so receivers can drop duplicates),
`webhook-timestamp` (this attempt's time) and `webhook-signature` (`v1,<base64 HMAC>`; two
of them while a rotated-out secret still signs). The attempt connects to the address it
checked, never to a second resolution of the name; TLS still verifies the certificate
against the name. Redirects are not followed (a 3xx is a failed attempt), proxies from the
environment are not used, and at most a few kilobytes of the answer are read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from standardwebhooks import Webhook

from service.webhooks.addresses import AddressRefused, Resolver, parse, resolve

USER_AGENT = "askwell-webhooks/1"
MAX_ANSWER_BYTES = 4096


@dataclass(frozen=True)
class Message:
    """What is sent: the message id, the body, the secrets that sign it."""

    message_id: str
    body: str
    secrets: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    started_at: datetime
    duration_ms: int
    status_code: int | None
    error: str | None

    @property
    def succeeded(self) -> bool:
        return self.error is None


def signed_headers(message: Message, moment: datetime) -> dict[str, str]:
    """The three Standard Webhooks headers for `message` sent at `moment`."""
    signatures = " ".join(
        Webhook(secret).sign(message.message_id, moment, message.body) for secret in message.secrets
    )
    return {
        "webhook-id": message.message_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signatures,
    }


async def attempt(
    url: str,
    message: Message,
    *,
    allow_loopback: bool,
    timeout_s: float,
    resolver: Resolver,
) -> Outcome:
    """POST `message` to `url` once; never raises for anything the network does."""
    started_at = datetime.now(UTC)
    clock = time.monotonic()

    def outcome(status_code: int | None, error: str | None) -> Outcome:
        return Outcome(started_at, int((time.monotonic() - clock) * 1000), status_code, error)

    try:
        target = parse(url, allow_loopback=allow_loopback)
        address = await resolve(target, allow_loopback=allow_loopback, resolver=resolver)
    except AddressRefused:
        return outcome(None, "address_refused")
    except OSError:
        return outcome(None, "dns_failed")
    headers = {
        **signed_headers(message, started_at),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "host": target.host_header,
    }
    try:
        async with (
            httpx.AsyncClient(timeout=timeout_s, follow_redirects=False, trust_env=False) as client,
            client.stream(
                "POST",
                target.url_for(address),
                content=message.body.encode(),
                headers=headers,
                # TLS: the name for SNI and the certificate check, whatever address is used.
                extensions={"sni_hostname": target.host},
            ) as answer,
        ):
            read = 0
            async for chunk in answer.aiter_raw():
                read += len(chunk)
                if read >= MAX_ANSWER_BYTES:
                    break
            status = answer.status_code
    except httpx.TimeoutException:
        return outcome(None, "timeout")
    except httpx.HTTPError:
        return outcome(None, "connection_failed")
    if 200 <= status < 300:
        return outcome(status, None)
    if 300 <= status < 400:
        return outcome(status, "redirect_not_followed")
    return outcome(status, "http_error")
