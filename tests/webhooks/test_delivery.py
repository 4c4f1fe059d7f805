"""One attempt, against a real receiver on loopback: signatures, redirects, addresses."""

from __future__ import annotations

import asyncio
import json

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from service.webhooks.delivery import Message, Outcome, attempt
from service.webhooks.service import new_secret
from tests.webhooks.support import Receiver, receiver


def fixed(*addresses: str):  # type: ignore[no-untyped-def]
    async def resolve(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolve


def send(url: str, message: Message, *, allow_loopback: bool = True, resolver=None) -> Outcome:  # type: ignore[no-untyped-def]
    return asyncio.run(
        attempt(
            url,
            message,
            allow_loopback=allow_loopback,
            timeout_s=5,
            resolver=resolver or fixed("127.0.0.1"),
        )
    )


@pytest.fixture
def hooks() -> Receiver:
    with receiver() as r:
        yield r  # type: ignore[misc]


BODY = json.dumps({"type": "webhook.test", "timestamp": "2026-12-03T10:00:00+00:00", "data": {}})


def test_the_signature_verifies_with_the_standard_library(hooks: Receiver) -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    outcome = send(hooks.url("/signed"), Message("msg_1", BODY, (secret,)))
    assert outcome.succeeded
    assert outcome.status_code == 200
    [got] = hooks.at("/signed")
    assert got.headers["webhook-id"] == "msg_1"
    assert got.headers["webhook-signature"].startswith("v1,")
    assert got.headers["content-type"] == "application/json"
    assert Webhook(secret).verify(got.body, got.headers) == json.loads(BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(got.body, got.headers)
    tampered = got.body.replace(b"webhook.test", b"webhook.tost")
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(tampered, got.headers)


def test_after_a_rotation_both_secrets_verify(hooks: Receiver) -> None:
    new, old = new_secret(), new_secret()
    send(hooks.url("/rotated"), Message("msg_2", BODY, (new, old)))
    [got] = hooks.at("/rotated")
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    for secret in (new, old):
        Webhook(secret).verify(got.body, got.headers)


def test_redirects_are_not_followed(hooks: Receiver) -> None:
    hooks.script["/moved"] = [302]
    outcome = send(hooks.url("/moved"), Message("msg_3", BODY, (new_secret(),)))
    assert (outcome.status_code, outcome.error) == (302, "redirect_not_followed")
    assert [r.path for r in hooks.received] == ["/moved"]


def test_a_server_error_is_a_failed_attempt(hooks: Receiver) -> None:
    hooks.script["/down"] = [503]
    outcome = send(hooks.url("/down"), Message("msg_4", BODY, (new_secret(),)))
    assert (outcome.status_code, outcome.error, outcome.succeeded) == (503, "http_error", False)


def test_a_name_resolving_to_loopback_is_refused_and_never_connected(hooks: Receiver) -> None:
    """DNS rebinding: the name was public at registration, it is loopback now."""
    url = f"https://hooks.example.test:{hooks.port}/rebound"
    outcome = send(url, Message("msg_5", BODY, (new_secret(),)), allow_loopback=False)
    assert outcome.error == "address_refused"
    assert hooks.received == []


@pytest.mark.parametrize(
    "addresses",
    [
        ("10.0.0.7",),
        ("192.168.1.1",),
        ("169.254.169.254",),
        ("::1",),
        ("fd00::1",),
        ("100.64.0.1",),
        ("93.184.215.14", "127.0.0.1"),
        ("::ffff:127.0.0.1",),
        ("0.0.0.0",),
    ],
)
def test_every_address_of_the_name_must_be_public(addresses: tuple[str, ...]) -> None:
    outcome = send(
        "https://hooks.example.test/x",
        Message("msg_6", BODY, (new_secret(),)),
        allow_loopback=False,
        resolver=fixed(*addresses),
    )
    assert outcome.error == "address_refused"


def test_it_connects_to_the_address_it_checked(hooks: Receiver) -> None:
    """The name is resolved once, by the check; the request goes to that address with the
    name in `Host`."""
    calls: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    outcome = send(
        hooks.url("/named", host="localhost"), Message("m", BODY, (new_secret(),)), resolver=resolve
    )
    assert outcome.succeeded
    assert calls == ["localhost"]
    [got] = hooks.at("/named")
    assert got.headers["host"] == f"localhost:{hooks.port}"


def test_an_unresolvable_name_fails_the_attempt() -> None:
    outcome = send(
        "https://nowhere.example.test/x", Message("m", BODY, (new_secret(),)), resolver=fixed()
    )
    assert outcome.error == "dns_failed"
