"""A real, scriptable OpenAI-compatible HTTP server on 127.0.0.1 standing in for the LLM.

It is a small HTTP/1.1 server written directly on asyncio streams (not a framework), because
tests need to misbehave in ways a framework will not let them: drop the connection without
answering, send a body that is not JSON, or hang past the client's timeout.

In tests::

    with LLMServer() as server:
        server.script(Reply.rate_limited(retry_after="1"), Reply.ok({"subject": None, "body": "…"}))
        client = AsyncOpenAI(base_url=server.base_url, api_key="test", max_retries=0)
        ...
        assert len(server.chat_requests) == 2

For benchmarks::

    python -m tests.support.llm_server --port 8099 --latency-ms 500

`flavour` mimics how servers that cannot run here refuse what they do not support, in
their documented error shapes (`FLAVOURS`): llama-cpp-python (a `json_schema` request is a
500 naming `response_format`; `{"type": "json_object", "schema": ...}` is its own form),
vLLM (errors as a top-level `{"object": "error", ...}`; a schema its grammar backend
cannot compile is a 400; 400 for a prompt longer than the context), Ollama (404 "model not
found, try pulling it first"; before 0.5 it ignored `json_schema` and answered prose).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import inspect
import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "DEFAULT_DRAFT",
    "FLAVOURS",
    "Flavour",
    "LLMServer",
    "RecordedRequest",
    "Reply",
    "Responder",
    "compose_draft",
    "default_responder",
]

DEFAULT_DRAFT: dict[str, Any] = {
    "subject": "20 minutes to hear how you moved from analytics into product at Acme?",
    "body": (
        "Hi Dana,\n\n"
        "I read your post on how Acme's data platform team rebuilt its experimentation "
        "pipeline. I'm a data analyst at a logistics firm moving toward product work, and "
        "your path from analytics into product management is the one I hope to follow.\n\n"
        "Would you have 15-20 minutes for a call in the next few weeks? I'd love to ask how "
        "you made the move from analytics into product, and which skills matter most on "
        "your team. If you're too busy, I'd be glad to speak with a colleague instead.\n\n"
        "I know your time is valuable and will keep it brief.\n\nThanks,\nSam"
    ),
}

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    411: "Length Required",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_MAX_BODY = 8 * 1024 * 1024


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request as the server received it."""

    method: str
    path: str
    headers: Mapping[str, str]  # lower-cased names
    body: bytes
    json: Any  # the parsed body, or None when it was empty or not JSON
    received_at: float  # time.monotonic()
    index: int  # 0-based order of arrival

    @property
    def response_format_type(self) -> str | None:
        """`response_format.type` of a chat request, or None when it was not sent."""
        if isinstance(self.json, dict) and isinstance(self.json.get("response_format"), dict):
            value = self.json["response_format"].get("type")
            return value if isinstance(value, str) else None
        return None


@dataclass(frozen=True)
class Flavour:
    """How one kind of server answers what it does not support."""

    name: str
    # What a refused response_format is answered with.
    refusal_status: int = 400
    json_schema_refusal: str = (
        "response_format of type 'json_schema' is not supported by this server"
    )
    json_object_refusal: str = "Invalid value for 'response_format': 'json_object' is not supported"
    # "openai": {"error": {...}}; "vllm": {"object": "error", "message": ..., ...} at the top.
    error_shape: str = "openai"
    # Which response_format types it supports (None: as the server's switches say).
    json_schema: bool | None = None
    json_object_schema: bool | None = None  # {"type": "json_object", "schema": {...}}
    # Accepts `json_schema` but ignores it, answering free text (Ollama before 0.5).
    ignores_json_schema: bool = False
    # Refuses a chat for a model it does not serve (Ollama, vLLM: 404).
    unknown_model_status: int | None = None
    unknown_model_message: str = "The model `{model}` does not exist."
    # Tokens of context: a request whose prompt plus max_tokens exceed it is refused (400).
    context_tokens: int | None = None
    context_message: str = "This model's maximum context length is {context} tokens."


FLAVOURS: dict[str, Flavour] = {
    "openai": Flavour("openai"),
    # llama-cpp-python's server: its error wrapper turns the request's validation error
    # into a 500 whose message is the pydantic error, naming response_format.
    "llama_cpp_python": Flavour(
        "llama_cpp_python",
        refusal_status=500,
        json_schema_refusal=(
            "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', "
            "'response_format', 'type'), 'msg': \"Input should be 'text' or 'json_object'\", "
            "'input': 'json_schema', 'ctx': {'expected': \"'text' or 'json_object'\"}}\n\n  "
            'File "llama_cpp/server/app.py", line 376, in create_chat_completion\n    '
            "POST /v1/chat/completions"
        ),
        json_schema=False,
        json_object_schema=True,
        context_tokens=2048,
        context_message=("Requested tokens ({requested}) exceed context window of {context}"),
    ),
    # vLLM: a schema the guided-decoding backend cannot compile is a 400, in vLLM's own
    # top-level error shape; a prompt too long for the context is a 400 too.
    "vllm": Flavour(
        "vllm",
        json_schema_refusal="The provided JSON schema contains features not supported by xgrammar.",
        error_shape="vllm",
        json_schema=False,
        json_object_schema=True,  # the extra `schema` key is ignored
        unknown_model_status=404,
        unknown_model_message="The model `{model}` does not exist.",
        context_tokens=4096,
        context_message=(
            "This model's maximum context length is {context} tokens. However, you requested "
            "{requested} tokens. Please reduce the length of the messages or completion."
        ),
    ),
    # Ollama's OpenAI-compatible API: 404 for a model not pulled; before 0.5 it took
    # `json_schema` without error and ignored it.
    "ollama": Flavour(
        "ollama",
        ignores_json_schema=True,
        unknown_model_status=404,
        unknown_model_message='model "{model}" not found, try pulling it first',
    ),
}


@dataclass(frozen=True)
class Reply:
    """How the server answers one request. Build with the class-method helpers."""

    content: str | dict[str, Any] | None = None  # message content; dicts are JSON-encoded
    status: int = 200
    error: dict[str, Any] | None = None  # OpenAI error object for non-2xx replies
    delay_s: float = 0.0  # wait before answering (a long delay is a hang)
    headers: Mapping[str, str] = field(default_factory=dict)
    finish_reason: str = "stop"
    refusal: str | None = None
    raw_body: bytes | None = None  # sent verbatim instead of a JSON body
    drop: bool = False  # close the socket without answering
    usage: Mapping[str, int] | None = None  # overrides the computed token counts

    @classmethod
    def ok(cls, content: str | dict[str, Any] | None = None, **kw: Any) -> Reply:
        return cls(content=DEFAULT_DRAFT if content is None else content, **kw)

    @classmethod
    def error_reply(
        cls,
        status: int,
        message: str = "error",
        *,
        type: str = "server_error",
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        delay_s: float = 0.0,
    ) -> Reply:
        err = {"message": message, "type": type, "param": None, "code": code}
        return cls(status=status, error=err, headers=dict(headers or {}), delay_s=delay_s)

    @classmethod
    def rate_limited(
        cls, *, retry_after: str | None = None, retry_after_ms: str | None = None
    ) -> Reply:
        headers = {}
        if retry_after is not None:
            headers["Retry-After"] = retry_after
        if retry_after_ms is not None:
            headers["retry-after-ms"] = retry_after_ms
        return cls.error_reply(
            429,
            "Rate limit reached for requests",
            type="requests",
            code="rate_limit_exceeded",
            headers=headers,
        )

    @classmethod
    def insufficient_quota(cls) -> Reply:
        return cls.error_reply(
            429,
            "You exceeded your current quota, please check your plan and billing details.",
            type="insufficient_quota",
            code="insufficient_quota",
        )

    @classmethod
    def malformed(cls) -> Reply:
        """A 200 whose body is not JSON at all."""
        return cls(raw_body=b'{"id": "chatcmpl-broken", "choices": [')

    @classmethod
    def truncated(cls, content: str = '{"subject": null, "body": "Hi Dana, I read') -> Reply:
        return cls(content=content, finish_reason="length")

    @classmethod
    def refused(cls, refusal: str = "I'm sorry, I can't help with that.") -> Reply:
        return cls(content=_NO_CONTENT_STR, refusal=refusal)

    @classmethod
    def empty(cls) -> Reply:
        return cls(content="")

    @classmethod
    def dropped(cls) -> Reply:
        return cls(drop=True)

    @classmethod
    def hang(cls, seconds: float = 30.0) -> Reply:
        return cls(delay_s=seconds)


# A refusal carries `content: null`; a sentinel string keeps `Reply.content` simple to type.
_NO_CONTENT_STR = "\x00<no content>\x00"

Responder = Callable[[RecordedRequest], "Reply | Awaitable[Reply]"]


def default_responder(request: RecordedRequest) -> Reply:
    """Answer every chat request with a valid draft.

    When the request is a rendered askwell prompt (`draft_request` / `follow_up`), the draft
    is composed from it (contact's name, first research fact, requester's role, channel
    budget), so it can pass the gate end to end; otherwise it is `DEFAULT_DRAFT`.
    """
    draft = compose_draft(request.json)
    return Reply.ok(draft if draft is not None else DEFAULT_DRAFT)


def _field(block: str, label: str) -> str | None:
    match = re.search(rf"^{label}: (.+)$", block, re.MULTILINE)
    return match.group(1).strip() if match else None


_THIRD_PERSON = re.compile(r"^(\w+?)(ches|shes|sses|xes|s)\b")


def _second_person(fact: str) -> str:
    """A research fact ("Leads the nurse informatics team at X") said to its subject
    ("you lead the nurse informatics team at X"); a fact that is not a verb phrase is kept."""
    head, _, rest = fact.partition(" ")
    verb = head.lower()
    if not head[:1].isupper() or not verb.isalpha():
        return fact
    matched = _THIRD_PERSON.match(verb)
    if matched and not verb.endswith(("ss", "us", "is")):
        stem, ending = matched.groups()
        verb = stem + ending[:-2] if ending in ("ches", "shes", "sses", "xes") else stem
    return f"you {verb} {rest}".strip()


def _with_article(role: str) -> str:
    return f"{'an' if role[:1].lower() in 'aeiou' else 'a'} {role}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def compose_draft(body: Any) -> dict[str, Any] | None:
    """A plausible, rule-following draft built from a rendered askwell prompt, or None.

    It writes as a careful model would: the hook is a research fact about the contact
    (their own deed or role, not only their organization's), said to them, with the
    requester's reason for caring; the questions come from the requester's interests.
    """
    try:
        user = next(m["content"] for m in body["messages"] if m.get("role") == "user")
    except (KeyError, TypeError, StopIteration):
        return None
    if not isinstance(user, str):
        return None
    profiles = re.findall(r"<profile_data>\n(.*?)</profile_data>", user, re.DOTALL)
    research = re.search(r"<research_data>\n(.*?)</research_data>", user, re.DOTALL)
    if len(profiles) < 2:
        return None
    requester, contact = profiles[0], profiles[1]
    contact_name = _field(contact, "Name") or ""
    first = contact_name.split()[0] if contact_name else ""
    me = (_field(requester, "Name") or "").split(" ")[0]
    if not first or not me:
        return None
    role = _field(requester, "Current role") or "someone exploring this field"
    goal = (_field(requester, "Wants to learn") or "").split(";")[0].strip().rstrip(".")
    interests = [i.strip() for i in (_field(requester, "Interests") or "").split(";") if i.strip()]
    org = _field(contact, "Organization") or "your organization"
    channel = _field(user, "Channel") or "email"
    senior = bool(re.search(r"^Contact seniority: (senior|executive)", user, re.MULTILINE))
    facts = re.findall(r"^- about the (\w+): (.+)$", research.group(1) if research else "", re.M)
    # Their own deeds first: a role fact often restates the contact's title.
    own = [text for about, text in facts if about == "person"] + [
        text for about, text in facts if about == "role"
    ]
    fact = (own or [text for _, text in facts] or [""])[0].strip().rstrip(".")
    hook = _second_person(fact) if own else ""
    field = interests[0] if interests else "this field"
    if channel == "linkedin_connection_note":
        ask = "you or a colleague" if senior else "you"
        opening = f"I read that {hook[:70]}." if hook else f"I'm drawn to {field} at {org}."
        note = (
            f"Hi {first}, {opening} As {_with_article(role)} moving toward {field}, could "
            f"{ask} spare 15 minutes on which skills carried over and what year one involved?"
        )
        return {"subject": None, "body": note[:200]}
    if hook:
        reason = (
            f"I read that {hook}. I'm {_with_article(role)}, and "
            f"{_lower_first(goal) if goal else f'moving into {field}'} is exactly what I'm "
            f"working out for myself, so your experience would help me more than any guide."
        )
    else:
        reason = f"I'm {_with_article(role)} hoping to move into {field} at a place like {org}."
    colleague = (
        " If you're too busy, I'd be glad to speak with one of your colleagues instead."
        if senior
        else ""
    )
    second = interests[1] if len(interests) > 1 else "the day-to-day work"
    body_text = (
        f"Hi {first},\n\n{reason}\n\n"
        f"Would you have 15–20 minutes for a short call in the coming weeks? I'd love to ask "
        f"which skills from my current work carried over best into {field}, and how {second} "
        f"shapes a typical week on your team.{colleague}"
        f"\n\nI know your time is valuable and I'll keep it brief.\n\nThank you,\n{me}"
    )
    subject = f"15–20 minutes on {field} at {org}?" if channel == "email" else None
    return {"subject": subject, "body": body_text}


def _count_tokens(text: str) -> int:
    # A rough, deterministic stand-in for a tokenizer (about four characters a token).
    return max(1, (len(text) + 3) // 4)


class LLMServer:
    """An OpenAI-compatible server on 127.0.0.1, run in a background thread or in the foreground."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        responder: Responder | None = None,
        latency_s: float = 0.0,
        supports_json_schema: bool = True,
        supports_json_object: bool = True,
        model: str = "askwell-test-model",
        flavour: str | Flavour = "openai",
    ) -> None:
        self.host = host
        self.port = port
        self.responder: Responder = responder or default_responder
        self.latency_s = latency_s
        self.supports_json_schema = supports_json_schema
        self.supports_json_object = supports_json_object
        self.model = model
        self.flavour = FLAVOURS[flavour] if isinstance(flavour, str) else flavour
        self._script: deque[Reply] = deque()
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._counter = itertools.count()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopping: asyncio.Event | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._startup_error: BaseException | None = None
        self._in_flight = 0
        self._peak_in_flight = 0

    # -- scripting and inspection (thread-safe) -------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def script(self, *replies: Reply) -> None:
        """Queue replies; each chat request takes the next one, then the responder answers."""
        with self._lock:
            self._script.extend(replies)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._script)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def peak_in_flight(self) -> int:
        """The most chat requests this server was answering at once (since `reset`)."""
        with self._lock:
            return self._peak_in_flight

    def stats(self) -> dict[str, Any]:
        """What `GET /askwell/stats` answers, for a server in another process; `received`
        is each chat request's arrival (`time.monotonic()`, the same clock in every process
        of the machine)."""
        chats = self.chat_requests
        return {
            "chat_requests": len(chats),
            "peak_in_flight": self.peak_in_flight,
            "received": [r.received_at for r in chats],
        }

    def reset(self) -> None:
        """Forget scripted replies and recorded requests; restore the default behaviour."""
        with self._lock:
            self._script.clear()
            self._requests.clear()
            self._peak_in_flight = self._in_flight
        self.responder = default_responder
        self.latency_s = 0.0
        self.supports_json_schema = True
        self.supports_json_object = True
        self.flavour = FLAVOURS["openai"]

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> LLMServer:
        """Start in a daemon thread; returns once the socket is bound (port 0 → ephemeral)."""
        if self._thread is not None:
            raise RuntimeError("server already started")
        # Started again after `stop()` (an outage in a test): wait for this start's socket.
        self._ready.clear()
        self._startup_error = None
        self._thread = threading.Thread(target=self._run_thread, name="llm-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout=10):
            raise RuntimeError("LLM test server did not start")
        if self._startup_error is not None:
            raise RuntimeError("LLM test server failed to start") from self._startup_error
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stopping is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
            self._thread.join(timeout=10)
        self._thread = None

    def __enter__(self) -> LLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run_thread(self) -> None:
        asyncio.run(self.serve())

    async def serve(self) -> None:
        """Serve until `stop()` is called (or forever when run from the command line)."""
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        try:
            self._server = await asyncio.start_server(
                self._on_connection, self.host, self.port, backlog=2048, limit=_MAX_BODY
            )
        except BaseException as exc:
            self._startup_error = exc
            self._ready.set()
            raise
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            await self._stopping.wait()
        finally:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    # -- HTTP -----------------------------------------------------------------------------

    async def _on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # type: ignore[arg-type]
        try:
            while True:
                request = await self._read_request(reader)
                if request is None:
                    break
                keep_open = await self._handle(request, writer)
                if not keep_open:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            self._tasks.discard(task)  # type: ignore[arg-type]
            with contextlib.suppress(Exception):
                writer.close()

    async def _read_request(self, reader: asyncio.StreamReader) -> RecordedRequest | None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            body = b"".join(chunks)
        else:
            length = int(headers.get("content-length", "0"))
            body = await reader.readexactly(min(length, _MAX_BODY)) if length else b""
        parsed: Any = None
        if body:
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
        recorded = RecordedRequest(
            method=method,
            path=target.split("?", 1)[0],
            headers=headers,
            body=body,
            json=parsed,
            received_at=time.monotonic(),
            index=next(self._counter),
        )
        with self._lock:
            self._requests.append(recorded)
        return recorded

    async def _handle(self, request: RecordedRequest, writer: asyncio.StreamWriter) -> bool:
        if request.method == "GET" and request.path == "/v1/models":
            body = {
                "object": "list",
                "data": [
                    {"id": self.model, "object": "model", "created": 0, "owned_by": "askwell"}
                ],
            }
            await self._send(writer, 200, json.dumps(body).encode(), {})
            return True
        if request.method == "GET" and request.path == "/askwell/stats":
            await self._send(writer, 200, json.dumps(self.stats()).encode(), {})
            return True
        if request.path != "/v1/chat/completions":
            await self._send_error(
                writer, 404, f"Unknown path {request.path}", "invalid_request_error"
            )
            return True
        if request.method != "POST":
            await self._send_error(writer, 405, "Method not allowed", "invalid_request_error")
            return True
        if not isinstance(request.json, dict) or "messages" not in request.json:
            await self._send_error(
                writer,
                400,
                "Request body must be a JSON object with messages",
                "invalid_request_error",
            )
            return True
        refused = self._refuse(request.json)
        if refused is not None:
            status, message, param = refused
            await self._send_error(writer, status, message, "invalid_request_error", param=param)
            return True

        with self._lock:
            self._in_flight += 1
            self._peak_in_flight = max(self._peak_in_flight, self._in_flight)
        try:
            return await self._answer(request, writer)
        finally:
            with self._lock:
                self._in_flight -= 1

    async def _answer(self, request: RecordedRequest, writer: asyncio.StreamWriter) -> bool:
        assert isinstance(request.json, dict)
        with self._lock:
            reply = self._script.popleft() if self._script else None
        if reply is None:
            produced = self.responder(request)
            reply = await produced if inspect.isawaitable(produced) else produced
            if self.latency_s:
                reply = replace(reply, delay_s=reply.delay_s + self.latency_s)
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        if reply.drop:
            transport = writer.transport
            transport.abort()  # reset the socket: the client sees no response at all
            return False
        if reply.raw_body is not None:
            await self._send(writer, reply.status, reply.raw_body, reply.headers)
            return True
        if reply.status >= 400:
            error = reply.error or {
                "message": "error",
                "type": "server_error",
                "param": None,
                "code": None,
            }
            await self._send(
                writer, reply.status, json.dumps({"error": error}).encode(), reply.headers
            )
            return True
        await self._send(
            writer,
            reply.status,
            json.dumps(self._completion(request.json, reply)).encode(),
            reply.headers,
        )
        return True

    def _refuse(self, body: dict[str, Any]) -> tuple[int, str, str | None] | None:
        """(status, message, param) of a request this server refuses, else None."""
        flavour = self.flavour
        model = body.get("model")
        if flavour.unknown_model_status is not None and model != self.model:
            return (
                flavour.unknown_model_status,
                flavour.unknown_model_message.format(model=model),
                "model",
            )
        fmt = body.get("response_format")
        kind = fmt.get("type") if isinstance(fmt, dict) else None
        has_schema = isinstance(fmt, dict) and "schema" in fmt
        json_schema = self.supports_json_schema and flavour.json_schema is not False
        if kind == "json_schema" and not json_schema and not flavour.ignores_json_schema:
            return (flavour.refusal_status, flavour.json_schema_refusal, "response_format")
        if kind == "json_object":
            supported = self.supports_json_object
            if has_schema and flavour.json_object_schema is not None:
                supported = supported and flavour.json_object_schema
            if not supported:
                return (flavour.refusal_status, flavour.json_object_refusal, "response_format")
        if flavour.context_tokens is not None:
            budget = body.get("max_tokens") or body.get("max_completion_tokens") or 0
            prompt = _count_tokens(json.dumps(body.get("messages", [])))
            requested = prompt + int(budget)
            if requested > flavour.context_tokens:
                message = flavour.context_message.format(
                    context=flavour.context_tokens, requested=requested
                )
                return (400, message, None)
        return None

    def ignores_response_format(self, body: Any) -> bool:
        """A `json_schema` request this server takes but does not honour."""
        fmt = body.get("response_format") if isinstance(body, dict) else None
        return (
            self.flavour.ignores_json_schema
            and isinstance(fmt, dict)
            and fmt.get("type") == "json_schema"
        )

    def _completion(self, body: dict[str, Any], reply: Reply) -> dict[str, Any]:
        if reply.content == _NO_CONTENT_STR:
            content: str | None = None
        elif isinstance(reply.content, dict):
            content = json.dumps(reply.content)
        else:
            content = reply.content
        prompt_text = json.dumps(body.get("messages", []))
        prompt_tokens = _count_tokens(prompt_text)
        completion_tokens = _count_tokens(content or reply.refusal or "")
        usage = dict(
            reply.usage
            or {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            }
        )
        index = len(self._requests)
        return {
            "id": f"chatcmpl-askwell-{index}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", self.model),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": reply.refusal},
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": usage,
        }

    async def _send_error(
        self,
        writer: asyncio.StreamWriter,
        status: int,
        message: str,
        type_: str,
        *,
        param: str | None = None,
    ) -> None:
        await self._send(
            writer, status, json.dumps(self.error_body(status, message, type_, param)).encode(), {}
        )

    def error_body(
        self, status: int, message: str, type_: str, param: str | None = None
    ) -> dict[str, Any]:
        """An error in this flavour's shape."""
        if self.flavour.error_shape == "vllm":
            return {
                "object": "error",
                "message": message,
                "type": "BadRequestError" if status < 500 else "InternalServerError",
                "param": param,
                "code": status,
            }
        if self.flavour.name == "llama_cpp_python" and status >= 500:
            type_ = "internal_server_error"
        return {"error": {"message": message, "type": type_, "param": param, "code": None}}

    async def _send(
        self, writer: asyncio.StreamWriter, status: int, body: bytes, headers: Mapping[str, str]
    ) -> None:
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
        merged = {"content-type": "application/json", "x-request-id": f"req-{time.monotonic_ns()}"}
        merged.update({k.lower(): v for k, v in headers.items()})
        merged["content-length"] = str(len(body))
        merged["connection"] = "keep-alive"
        lines.extend(f"{name}: {value}" for name, value in merged.items())
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="OpenAI-compatible stand-in LLM server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument(
        "--latency-ms", type=float, default=0.0, help="fixed delay before every reply"
    )
    parser.add_argument("--no-json-schema", action="store_true", help="reject json_schema with 400")
    parser.add_argument(
        "--flavour", choices=sorted(FLAVOURS), default="openai", help="whose errors to mimic"
    )
    args = parser.parse_args(argv)
    server = LLMServer(
        host=args.host,
        port=args.port,
        latency_s=args.latency_ms / 1000,
        supports_json_schema=not args.no_json_schema,
        flavour=args.flavour,
    )

    async def run() -> None:
        task = asyncio.create_task(server.serve())
        await asyncio.get_running_loop().run_in_executor(None, server._ready.wait)
        print(f"LLM stand-in listening on {server.base_url}", flush=True)
        await task

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


if __name__ == "__main__":
    main()
