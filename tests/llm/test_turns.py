"""Drafting requests prepare and send in arrival order (service.llm.turns)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from service.llm import turns
from service.llm.client import LLMClient
from tests.llm.conftest import DRAFT_SCHEMA, MESSAGES, complete, run
from tests.support.llm_server import LLMServer, Reply

MakeClient = Callable[..., LLMClient]


def test_turns_are_taken_in_arrival_order_and_handed_on() -> None:
    events: list[str] = []

    async def request(name: str, prepare_s: float, fail: bool = False) -> None:
        async with turns.send_turn():
            events.append(f"{name} prepares")
            await asyncio.sleep(prepare_s)  # other requests may run, but not prepare
            if fail:
                raise RuntimeError("refused before any model call")
            events.append(f"{name} sends")
            turns.hand_on()
            assert not turns.holding()
            await asyncio.sleep(0.05)  # waiting for the model: the next one prepares
            events.append(f"{name} answered")

    async def main() -> None:
        results = await asyncio.gather(
            request("a", 0.02),
            request("b", 0.0, fail=True),
            request("c", 0.0),
            return_exceptions=True,
        )
        assert isinstance(results[1], RuntimeError)

    asyncio.run(main())
    assert events == [
        "a prepares",
        "a sends",
        "b prepares",  # b failed: its turn was handed on anyway
        "c prepares",
        "c sends",
        "a answered",
        "c answered",
    ]


def test_hand_on_without_a_turn_does_nothing() -> None:
    assert not turns.holding()
    turns.hand_on()
    assert not turns.holding()


def test_a_model_call_hands_the_turn_on_once_it_is_sent(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(Reply.ok(delay_s=0.5), Reply.ok())
    client = make_client()
    handed_on_at: list[float] = []

    async def first() -> Any:
        async with turns.send_turn():
            return await complete(client)

    async def second() -> None:
        await asyncio.sleep(0.01)  # arrives after the first
        async with turns.send_turn():
            handed_on_at.append(time.monotonic())

    async def main() -> tuple[Any, float]:
        started = time.monotonic()
        result, _ = await asyncio.gather(first(), second())
        await client.aclose()
        return result, started

    result, started = run(main())
    assert result.attempt_count == 1
    # The second request got its turn while the first one's model call was in flight...
    assert handed_on_at[0] - started < 0.4, handed_on_at[0] - started
    # ...and the call had reached the server by then.
    assert llm_server.chat_requests[0].received_at <= handed_on_at[0] + 0.05


def test_waiting_for_a_free_llm_slot_hands_the_turn_on(
    llm_server: LLMServer, make_client: MakeClient
) -> None:
    llm_server.script(Reply.ok(delay_s=0.5), Reply.ok(), Reply.ok())
    client = make_client(concurrency=1)
    got_turn: list[float] = []

    async def call() -> Any:
        return await client.complete_json(
            messages=MESSAGES, schema=DRAFT_SCHEMA, schema_name="draft"
        )

    async def holder() -> None:
        await call()  # holds the only slot for 0.5 s, without a turn

    async def waiting() -> None:
        await asyncio.sleep(0.02)
        async with turns.send_turn():
            await call()  # must wait for the slot

    async def behind() -> None:
        await asyncio.sleep(0.04)
        async with turns.send_turn():
            got_turn.append(time.monotonic())

    async def main() -> float:
        started = time.monotonic()
        await asyncio.gather(holder(), waiting(), behind())
        await client.aclose()
        return started

    started = run(main())
    assert got_turn[0] - started < 0.3, got_turn[0] - started
