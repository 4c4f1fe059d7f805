"""`askwell batch`: submit a batch and watch it run, as a client of the HTTP API.

These commands talk to a running service over HTTP with an API key, never to its database,
so they work from wherever the API can be reached. Progress and notes go to stderr (a bar on
a terminal, a plain line per change otherwise); the summary, or with `--json` the batch's
JSON alone, goes to stdout.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Annotated, Any, Final

import typer

from service.batches.models import ITEM_STATUSES, MAX_BATCH_CONTACTS
from service.gate import Channel

if TYPE_CHECKING:
    import httpx
    from rich.console import Console
    from rich.progress import TaskID

# The HTTP client, rich's progress and the import module (which pulls in FastAPI) are
# imported where they are used: every `askwell` command loads this module.

EXIT_FAILED: Final = 1
EXIT_CANCELLED: Final = 3
EXIT_INTERRUPTED: Final = 130  # 128 + SIGINT, as a shell reports it

EXIT_CODES = f"""Exit codes: 0 the batch completed, whatever became of its items (or, for
submit, --no-wait or --dry-run went through); {EXIT_FAILED} an error from the API (its detail
is printed on stderr), the API cannot be reached, or no contact was imported; 2 a usage error;
{EXIT_CANCELLED} the batch was cancelled; {EXIT_INTERRUPTED} interrupted (Ctrl-C; the batch
goes on)."""

DEFAULT_URL = "http://127.0.0.1:8000"
FINAL_STATUSES = frozenset({"completed", "cancelled"})
# Watching survives a restart of the service or a brief overload, but not a wrong URL.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
RETRY_FOR_S = 30.0
PROBLEM_MEMBERS = frozenset({"type", "title", "status", "detail", "instance", "errors"})
ITEMS_SHOWN = 5
SKIPPED_SHOWN = 50
IMPORT_KEY_SUFFIX = ":import:{number}"

batch_app = typer.Typer(
    help="Submit batches and watch them, through the HTTP API.", no_args_is_help=True
)


# -- the API ----------------------------------------------------------------------------------


class ApiError(Exception):
    """The API answered with an error, or could not be reached (`status` None)."""

    def __init__(self, message: str, *, status: int | None = None, errors: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.errors = errors

    @property
    def transient(self) -> bool:
        return self.status is None or self.status in RETRYABLE_STATUSES


class Api:
    """The service's HTTP API, called with one key; an answer other than 2xx raises."""

    def __init__(self, url: str, api_key: str, *, timeout: float = 60.0) -> None:
        import httpx

        self.url = url.rstrip("/")
        self._client = httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Bearer {api_key}", "User-Agent": "askwell-cli"},
            timeout=timeout,
        )

    def close(self) -> None:
        self._client.close()

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        import httpx

        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise ApiError(f"cannot reach the API at {self.url}: {exc}", errors=[]) from None
        if not response.is_success:
            raise _problem(response)
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ApiError(
                f"{method} {path} answered something other than JSON: is {self.url} the "
                "askwell API?",
                status=response.status_code,
                errors=[],
            ) from None


def _problem(response: httpx.Response) -> ApiError:
    """The error of a problem+json answer (or of whatever else came back)."""
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    errors: list[str] = []
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        message = f"{status} {body.get('title') or response.reason_phrase}: {body['detail']}"
        errors = [_field_error(e) for e in body.get("errors") or [] if isinstance(e, dict)]
        # Extension members say more (e.g. `missing_contact_ids`).
        errors += [
            f"{name}: {value}" for name, value in body.items() if name not in PROBLEM_MEMBERS
        ]
    else:
        request = response.request
        message = f"{status} {response.reason_phrase} from {request.method} {request.url.path}"
    if status == 401:
        message += " (check --api-key or ASKWELL_API_KEY)"
    return ApiError(message, status=status, errors=errors)


def _field_error(error: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in error.get("loc") or [])
    return f"{where}: {error.get('msg')}" if where else str(error.get("msg"))


# -- options ----------------------------------------------------------------------------------


def _check_url(value: str) -> str:
    if not re.match(r"https?://[^/\s]+", value):
        raise typer.BadParameter(f"{value!r} is not an http:// or https:// URL")
    return value


def _check_key(value: str | None) -> str | None:
    from service.core.idempotency import MAX_KEY_LENGTH

    # Room for the suffix of the import requests' keys, with up to 99 of them.
    longest = MAX_KEY_LENGTH - len(IMPORT_KEY_SUFFIX.format(number=99))
    if value is not None and not re.fullmatch(rf"[\x21-\x7e]{{1,{longest}}}", value):
        raise typer.BadParameter(f"1–{longest} printable ASCII characters, no spaces")
    return value


Url = Annotated[
    str,
    typer.Option("--url", envvar="ASKWELL_URL", help="The API's base URL.", callback=_check_url),
]
ApiKey = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        envvar="ASKWELL_API_KEY",
        help="An API key: scope `read` to watch, `drafts:write` to submit. Required.",
        show_default=False,
    ),
]
Interval = Annotated[
    float, typer.Option("--interval", min=0.1, max=60.0, help="Seconds between polls.")
]
AsJson = Annotated[
    bool,
    typer.Option(
        "--json", help="Print only the final batch as JSON on stdout (the summary on stderr)."
    ),
]


@contextmanager
def _api(url: str, api_key: str | None) -> Iterator[Api]:
    """The API; an API error ends the command with its detail on stderr."""
    if not api_key:
        raise typer.BadParameter(
            "none given: pass --api-key or set ASKWELL_API_KEY", param_hint="--api-key"
        )
    api = Api(url, api_key)
    try:
        yield api
    except ApiError as exc:
        _note(f"error: {exc.message}")
        for error in exc.errors:
            _note(f"  {error}")
        raise typer.Exit(EXIT_FAILED) from None
    finally:
        api.close()


def _note(text: str) -> None:
    typer.echo(text, err=True)


def _fail(text: str, code: int = EXIT_FAILED) -> typer.Exit:
    _note(f"error: {text}")
    return typer.Exit(code)


def _print_json(payload: Any) -> None:
    typer.echo(json.dumps(payload, indent=2))


# -- the contacts file ------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactIds:
    """Contacts that exist already, by id (in order, without repeats)."""

    ids: list[uuid.UUID]


@dataclass(frozen=True)
class ContactRows:
    """Contacts given as data, as import request bodies of at most MAX_ROWS rows each."""

    media_type: str
    rows: int
    requests: list[tuple[int, bytes]]  # (rows before this request, its body)


def read_contacts(path: Path) -> ContactIds | ContactRows:
    """Contact ids or contact data, told apart by the file's content."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise _bad_file(path, f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise _bad_file(path, "is not UTF-8 text") from None
    content = text.strip()
    if not content:
        raise _bad_file(path, "is empty")
    if content[0] in "[{":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise _bad_file(path, f"is not valid JSON ({exc})") from None
        return _from_json(path, data)
    lines = [line.strip() for line in content.splitlines()]
    first = next((line for line in lines if line and not line.startswith("#")), "")
    if _uuid(first) is not None:
        return _from_id_lines(path, lines)
    return _from_csv(path, text)


def _bad_file(path: Path, problem: str) -> typer.BadParameter:
    return typer.BadParameter(f"{path} {problem}", param_hint="--contacts")


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _from_id_lines(path: Path, lines: list[str]) -> ContactIds:
    ids: list[uuid.UUID] = []
    for number, line in enumerate(lines, start=1):
        if not line or line.startswith("#"):
            continue
        contact_id = _uuid(line)
        if contact_id is None:
            raise _bad_file(path, f"line {number} is not a contact id (one UUID per line)")
        ids.append(contact_id)
    return _unique(path, ids)


def _from_json(path: Path, data: Any) -> ContactIds | ContactRows:
    if isinstance(data, dict):
        if set(data) != {"contacts"} or not isinstance(data["contacts"], list):
            raise _bad_file(path, 'is a JSON object but not {"contacts": [...]}')
        rows: list[Any] = data["contacts"]
    else:
        rows = data
    if not rows:
        raise _bad_file(path, "lists no contacts")
    if all(isinstance(row, str) for row in rows):
        ids: list[uuid.UUID] = []
        for index, row in enumerate(rows):
            contact_id = _uuid(row)
            if contact_id is None:
                raise _bad_file(path, f"item {index} of the list is not a contact id")
            ids.append(contact_id)
        return _unique(path, ids)
    from service.contacts.importing import MAX_ROWS

    if not all(isinstance(row, dict) for row in rows):
        raise _bad_file(path, "must list contact ids (strings) or contacts (objects), not both")
    _check_size(path, len(rows))
    requests = [
        (start, json.dumps({"contacts": rows[start : start + MAX_ROWS]}).encode())
        for start in range(0, len(rows), MAX_ROWS)
    ]
    return ContactRows("application/json", len(rows), requests)


def _from_csv(path: Path, text: str) -> ContactRows:
    from service.contacts.importing import CSV_MEDIA_TYPE, MAX_ROWS

    # Split as the service reads it: the header is the first line, records follow (RFC 4180).
    header = re.match(r"[^\r\n]*", text)
    assert header is not None
    rest = text[header.end() :]
    rest = rest[2:] if rest.startswith("\r\n") else rest[1:]
    try:
        records = list(csv.reader(io.StringIO(rest, newline=""), strict=True))
    except csv.Error:
        # One request, and the service says where the CSV goes wrong.
        rows = sum(1 for line in rest.splitlines() if line.strip())
        return ContactRows(CSV_MEDIA_TYPE, rows, [(0, text.encode())])
    rows = sum(1 for record in records if any(record))
    _check_size(path, rows)
    if len(records) <= MAX_ROWS:
        return ContactRows(CSV_MEDIA_TYPE, rows, [(0, text.encode())])
    requests = []
    for start in range(0, len(records), MAX_ROWS):
        # Blank lines are kept (as empty records) so that the service's row numbers plus
        # `start` are the file's row numbers.
        out = io.StringIO(newline="")
        out.write(header.group() + "\r\n")
        csv.writer(out, lineterminator="\r\n").writerows(records[start : start + MAX_ROWS])
        requests.append((start, out.getvalue().encode()))
    return ContactRows(CSV_MEDIA_TYPE, rows, requests)


def _check_size(path: Path, count: int) -> None:
    if count > MAX_BATCH_CONTACTS:
        raise _bad_file(
            path,
            f"has {count:,} contacts; a batch takes at most {MAX_BATCH_CONTACTS:,}: split the "
            "file and submit one batch per part",
        )


def _unique(path: Path, ids: list[uuid.UUID]) -> ContactIds:
    unique = list(dict.fromkeys(ids))
    if len(unique) < len(ids):
        _note(f"note: {len(ids) - len(unique)} repeated contact ids were left out")
    _check_size(path, len(unique))
    return ContactIds(unique)


def import_contacts(api: Api, contacts: ContactRows, *, key: str | None) -> list[uuid.UUID]:
    """Import the contacts; rows with errors are reported on stderr and left out. A row that
    is a person the tenant has already (same e-mail or LinkedIn profile) is that contact."""
    found: list[uuid.UUID] = []
    invalid = matched = 0
    again = ""
    for number, (before, body) in enumerate(contacts.requests, start=1):
        headers = {"Content-Type": contacts.media_type}
        if key is not None:
            headers["Idempotency-Key"] = key + IMPORT_KEY_SUFFIX.format(number=number)
        try:
            response = api.call("POST", "/v1/contacts/import", content=body, headers=headers)
        except ApiError:
            if found:
                _note(f"{len(found)} contacts were imported or matched before this error")
            raise
        again = again or _replayed(response)
        result = response.json()
        invalid += _report_errors(result, before)
        rows = sorted(result["created"] + result.get("matched", []), key=lambda r: r["row"])
        found += [uuid.UUID(r["contact_id"]) for r in rows]
        matched += len(result.get("matched", []))
    left_out = f"; left out {invalid} row{'s' * (invalid != 1)} with errors" if invalid else ""
    known = f" ({matched} of them already known)" if matched else ""
    _note(f"imported {len(found)} of {contacts.rows} contacts{known}{left_out}{again}")
    return list(dict.fromkeys(found))


def _report_errors(result: dict[str, Any], before: int) -> int:
    for row in result["errors"]:
        for error in row["errors"]:
            _note(f"row {before + row['row']}: {_field_error(error)}")
    return len(result["errors"])


def import_dry_run(api: Api, contacts: ContactRows) -> tuple[list[int], list[uuid.UUID]]:
    """What importing the contacts would do, storing nothing: (the rows that would be new
    contacts, the existing contacts the others are)."""
    would_import: list[int] = []
    would_match: list[uuid.UUID] = []
    for before, body in contacts.requests:
        response = api.call(
            "POST",
            "/v1/contacts/import",
            content=body,
            params={"dry_run": "true"},
            headers={"Content-Type": contacts.media_type},
        )
        result = response.json()
        _report_errors(result, before)
        would_import += [before + row for row in result["would_import"]]
        would_match += [
            uuid.UUID(r["contact_id"]) for r in result["would_match"] if r["contact_id"]
        ]
    return would_import, list(dict.fromkeys(would_match))


# -- watching ---------------------------------------------------------------------------------


def _done(batch: dict[str, Any]) -> int:
    counts = batch["counts"]
    return int(batch["total"]) - int(counts["queued"]) - int(counts["drafting"])


def _counts(batch: dict[str, Any]) -> str:
    counts = batch["counts"]
    return ", ".join(f"{state} {counts[state]}" for state in ITEM_STATUSES if counts.get(state))


class _Lines:
    """Progress as one plain line per change: for logs and pipes."""

    def __init__(self) -> None:
        self._started = time.monotonic()
        self._last = ""

    def __enter__(self) -> _Lines:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, batch: dict[str, Any]) -> None:
        line = f"{batch['status']} {_done(batch)}/{batch['total']} ({_counts(batch)})"
        if line != self._last:
            self._last = line
            _note(f"[{time.monotonic() - self._started:6.1f}s] {line}")

    def note(self, text: str) -> None:
        _note(text)


class _Bar:
    """Progress as a bar, on a terminal."""

    def __init__(self, console: Console) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> _Bar:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def update(self, batch: dict[str, Any]) -> None:
        fields = {
            "description": batch["status"],
            "completed": _done(batch),
            "total": batch["total"],
            "counts": _counts(batch),
        }
        if self._task is None:
            self._task = self._progress.add_task(**fields)
        else:
            self._progress.update(self._task, **fields)

    def note(self, text: str) -> None:
        self._progress.console.print(text, markup=False, highlight=False)


def watch_batch(api: Api, batch_id: str, *, interval: float, as_json: bool) -> None:
    """Follow the batch to its end, summarize it; exits with EXIT_CANCELLED if cancelled."""
    from rich.console import Console

    console = Console(stderr=True)
    terminal = console.is_terminal and not console.is_dumb_terminal
    display = _Bar(console) if terminal else _Lines()
    try:
        with display:
            batch = _follow(api, batch_id, interval=interval, display=display)
    except KeyboardInterrupt:
        resume = "askwell batch watch" + ("" if api.url == DEFAULT_URL else f" --url {api.url}")
        _note(f"stopped watching; the batch goes on. Resume with: {resume} {batch_id}")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    summary = _summary(api, batch)
    if as_json:
        _note(summary)
        _print_json(batch)
    else:
        typer.echo(summary)
    if batch["status"] == "cancelled":
        raise typer.Exit(EXIT_CANCELLED)


def _follow(api: Api, batch_id: str, *, interval: float, display: _Lines | _Bar) -> dict[str, Any]:
    path = f"/v1/batches/{batch_id}"
    seen = False
    failing_since: float | None = None
    while True:
        try:
            batch: dict[str, Any] = api.json("GET", path)
        except ApiError as exc:
            # Once the batch has been seen, a restart or an overload of the service is
            # waited out for a while; anything else (and a wrong URL or key) ends the watch.
            if not (seen and exc.transient):
                raise
            if failing_since is None:
                failing_since = time.monotonic()
                display.note(f"{exc.message}; trying again for {RETRY_FOR_S:.0f} s")
            elif time.monotonic() - failing_since > RETRY_FOR_S:
                raise
            time.sleep(max(interval, 1.0))
            continue
        seen, failing_since = True, None
        display.update(batch)
        if batch["status"] in FINAL_STATUSES:
            return batch
        time.sleep(interval)


def _summary(api: Api, batch: dict[str, Any]) -> str:
    counts = batch["counts"]
    lines = [
        f"batch {batch['id']} {batch['status']}: {_done(batch)} of {batch['total']} items "
        f"done{_wall_time(batch)}"
    ]
    lines += [f"  {state:<13}{counts[state]:>6}" for state in ITEM_STATUSES]
    for status in ("failed", "model_failed", "skipped"):
        count = int(counts[status])
        if not count:
            continue
        page = api.json(
            "GET",
            f"/v1/batches/{batch['id']}/items",
            params={"status": status, "limit": ITEMS_SHOWN},
        )
        items = page["items"]
        shown = f"the first {len(items)} of {count}" if len(items) < count else str(count)
        lines.append(f"{status} ({shown}):")
        lines += [f"  {_item(item)}" for item in items]
    return "\n".join(lines)


def _item(item: dict[str, Any]) -> str:
    text = f"contact {item['contact_id']}: {item.get('reason') or 'no reason given'}"
    return f"{text}: {item['detail']}" if item.get("detail") else text


def _wall_time(batch: dict[str, Any]) -> str:
    end = batch.get("finished_at") or batch.get("cancelled_at")
    if not end:
        return ""
    seconds = (
        datetime.fromisoformat(end) - datetime.fromisoformat(batch["created_at"])
    ).total_seconds()
    minutes, rest = divmod(max(seconds, 0.0), 60)
    took = f"{int(minutes)} min {rest:.0f} s" if minutes else f"{rest:.1f} s"
    return f" in {took} (wall time, from submission)"


# -- commands ---------------------------------------------------------------------------------


def _paragraphs(text: str) -> str:
    """Help text written wrapped, rewrapped by the terminal: single line breaks go."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


@batch_app.command(
    help=_paragraphs(f"""Submit a batch for the contacts in FILE, then watch it until it ends.

FILE is told apart by its content: (1) a CSV file with a header row, as POST
/v1/contacts/import takes it; (2) a JSON file as the import takes it, {{"contacts": [...]}}, or
a JSON list of such contact objects; (3) contacts that exist already: a JSON list of contact
ids, or one contact id (UUID) per line, where blank lines and lines starting with # are
ignored.

Contacts given as data (1, 2) are imported first; rows with errors are reported on stderr and
left out, and the batch is submitted for the contacts imported. A batch takes at most
{MAX_BATCH_CONTACTS:,} contacts.

--dry-run only prints what would happen, and writes nothing: which rows would be imported as
new contacts, which are people the tenant has already, and which of those would be drafted for
and which skipped, and why.

--idempotency-key K makes the command safe to run again after a failure: the batch is
submitted with K and the import requests with K:import:1, K:import:2, ...; a repeat gets the
first answers back instead of importing or submitting again (so the same K can follow a dry
run without importing twice).

{EXIT_CODES}"""),
)
def submit(
    requester: Annotated[
        uuid.UUID, typer.Option("--requester", help="The requester's id.", show_default=False)
    ],
    contacts: Annotated[
        Path,
        typer.Option(
            "--contacts",
            metavar="FILE",
            help="CSV or JSON contacts to import, or contact ids (see above).",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ],
    channel: Annotated[Channel, typer.Option("--channel", help="Where the drafts go.")] = "email",
    prompt_version: Annotated[
        int | None,
        typer.Option(
            "--prompt-version", min=1, help="Pin a prompt version; default: the tenant's."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only say what would be drafted and skipped.")
    ] = False,
    idempotency_key: Annotated[
        str | None,
        typer.Option(
            "--idempotency-key",
            metavar="K",
            help="Make a repeat safe (see above).",
            callback=_check_key,
            show_default=False,
        ),
    ] = None,
    no_wait: Annotated[
        bool,
        typer.Option("--no-wait", help="Do not watch: print the batch's id (or JSON) and return."),
    ] = False,
    interval: Interval = 1.0,
    as_json: AsJson = False,
    url: Url = DEFAULT_URL,
    api_key: ApiKey = None,
) -> None:
    source = read_contacts(contacts)
    body: dict[str, Any] = {"requester_id": str(requester), "channel": channel}
    if prompt_version is not None:
        body["prompt_version"] = prompt_version
    if dry_run:
        body["dry_run"] = True
    with _api(url, api_key) as api:
        try:
            batch = _submit(api, source, body, key=idempotency_key)
        except KeyboardInterrupt:
            _note(
                "interrupted: the contacts imported so far stay, and the batch may or may not "
                "have been submitted; with --idempotency-key, running the command again with the "
                "same key imports and submits nothing twice"
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
        if dry_run:
            if as_json:
                _print_json(batch)
            else:
                typer.echo(_dry_run_text(batch, len(body["contact_ids"])))
        elif no_wait:
            if as_json:
                _print_json(batch)
            else:
                typer.echo(batch["id"])
        else:
            watch_batch(api, batch["id"], interval=interval, as_json=as_json)


def _submit(
    api: Api, source: ContactIds | ContactRows, body: dict[str, Any], *, key: str | None
) -> dict[str, Any]:
    """Import the contacts if need be, then POST the batch; or, for a dry run, ask both what
    they would do: a dry run writes nothing (so the same key can submit afterwards)."""
    dry_run = bool(body.get("dry_run"))
    would_import: list[int] = []
    if isinstance(source, ContactRows) and dry_run:
        would_import, ids = import_dry_run(api, source)
    elif isinstance(source, ContactRows):
        ids = import_contacts(api, source, key=key)
        if not ids:
            raise _fail("no contact was imported, so no batch was submitted")
    else:
        ids = source.ids
    body["contact_ids"] = [str(contact_id) for contact_id in ids]
    if dry_run:
        batch: dict[str, Any] = {"would_draft": [], "skipped": [], "channel": body["channel"]}
        if ids:
            batch = api.call("POST", "/v1/batches", json=body).json()
        return {**batch, "would_import": would_import, "would_match": [str(i) for i in ids]}
    headers = {"Idempotency-Key": key} if key is not None else {}
    response = api.call("POST", "/v1/batches", json=body, headers=headers)
    batch = response.json()
    _note(f"batch {batch['id']} submitted: {batch['total']} contacts{_replayed(response)}")
    return batch


def _replayed(response: httpx.Response) -> str:
    if response.headers.get("Idempotent-Replayed") == "true":
        return " (replayed: this idempotency key was used before)"
    return ""


def _dry_run_text(result: dict[str, Any], total: int) -> str:
    skipped = result["skipped"]
    lines = []
    if result.get("would_import"):
        rows = result["would_import"]
        lines.append(
            f"dry run: would import {len(rows)} new contact{'s' * (len(rows) != 1)} (rows "
            f"{', '.join(map(str, rows[:20]))}{', ...' if len(rows) > 20 else ''}): they would "
            "be drafted for if their rows carry research facts"
        )
    lines.append(
        f"dry run: would draft {len(result['would_draft'])} of {total} contacts, "
        f"skip {len(skipped)} (channel {result['channel']})"
    )
    lines += [
        f"  contact {s['contact_id']}: {s['reason']}: {s['detail']}"
        for s in skipped[:SKIPPED_SHOWN]
    ]
    if len(skipped) > SKIPPED_SHOWN:
        lines.append(f"  and {len(skipped) - SKIPPED_SHOWN} more (--json lists them all)")
    return "\n".join(lines)


@batch_app.command(
    help=_paragraphs(f"""Watch batch ID until it is completed or cancelled, then summarize it.

Shows a progress bar on a terminal, a plain line per change otherwise (both on stderr). The
summary gives the items per state, the wall time and the first few failed and skipped items
with their reasons. Ctrl-C stops watching, not the batch.

{EXIT_CODES}"""),
)
def watch(
    batch_id: Annotated[
        uuid.UUID, typer.Argument(metavar="ID", help="The batch's id.", show_default=False)
    ],
    interval: Interval = 1.0,
    as_json: AsJson = False,
    url: Url = DEFAULT_URL,
    api_key: ApiKey = None,
) -> None:
    with _api(url, api_key) as api:
        watch_batch(api, str(batch_id), interval=interval, as_json=as_json)
