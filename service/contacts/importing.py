"""Bulk import of contacts: the JSON and CSV bodies, read and checked row by row.

No I/O here. A problem with the body as a whole (malformed, wrong shape, no header, too many
rows) raises, so nothing is stored; a row's problems are kept with its number, so that the
other rows can still be stored.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.contacts.models import ContactCreate
from service.core.errors import BadRequest, FieldError, Unprocessable, UnsupportedMediaType
from service.core.idempotency import request_hash
from service.research.models import ResearchCreate

MAX_ROWS = 1000
# A row with a hundred bad facts says enough after twenty.
MAX_ROW_ERRORS = 20
MAX_HEADER_ERRORS = 50
CSV_MEDIA_TYPE = "text/csv"

Loc = list[str | int]


class MalformedJson(BadRequest):
    slug = "malformed-json"


class MalformedCsv(BadRequest):
    slug = "malformed-csv"


class ContactImportRow(ContactCreate):
    """One contact to import, with its first research version if there is one."""

    research: ResearchCreate | None = None


class ContactImport(BaseModel):
    """The JSON body. Each contact is checked on its own, so any object is a row here."""

    model_config = ConfigDict(extra="forbid")

    contacts: list[dict[str, Any]] = Field(
        max_length=MAX_ROWS,
        description="The fields of `ContactCreate`, and optionally `research` shaped like "
        "`ResearchCreate`. A row with a problem is reported in the answer's `errors`.",
    )


class ImportedContact(BaseModel):
    row: int = Field(description="The row's number, counted from 1.")
    contact_id: uuid.UUID


class WouldMatch(BaseModel):
    """Dry run: a row that is a person the tenant has, or an earlier row of the import."""

    row: int
    contact_id: uuid.UUID | None = Field(
        default=None, description="The tenant's contact this row is (null: see same_as_row)."
    )
    same_as_row: int | None = Field(
        default=None, description="The earlier row of this import that is the same person."
    )


class ImportRowErrors(BaseModel):
    row: int = Field(description="The row's number, counted from 1.")
    errors: list[FieldError] = Field(
        description="Why the row was not stored; `loc` is the field's path in the row (JSON) "
        "or the column (CSV), empty for the row as a whole."
    )


class ImportCounts(BaseModel):
    rows: int = Field(description="Rows read; blank CSV lines are not rows.")
    created: int
    matched: int = Field(default=0, description="Rows that are a person the tenant has.")
    invalid: int


class ContactImportResult(BaseModel):
    """What an import stored, which rows were people the tenant already has, and why the
    other rows were not stored. A dry run stores nothing and says what it would do."""

    dry_run: bool = False
    created: list[ImportedContact]
    matched: list[ImportedContact] = Field(
        default_factory=list,
        description="Rows whose person the tenant already has (same e-mail or LinkedIn "
        "profile, or an earlier row of this import): the existing contact, left as it is.",
    )
    errors: list[ImportRowErrors]
    counts: ImportCounts
    erased: list[int] = Field(
        default_factory=list,
        description="In a replay: the rows whose contacts were erased since the import.",
    )
    would_import: list[int] = Field(
        default_factory=list, description="Dry run: the rows that would become new contacts."
    )
    would_match: list[WouldMatch] = Field(
        default_factory=list,
        description="Dry run: the rows that are people the tenant has, or repeat an earlier row.",
    )


@dataclass(frozen=True)
class ImportBatch:
    """A body read and checked: its valid rows and the others' errors, in row order."""

    valid: list[tuple[int, ContactImportRow]]
    invalid: list[ImportRowErrors]
    fingerprint: str

    def report(
        self,
        created: Sequence[tuple[int, uuid.UUID]],
        matched: Sequence[tuple[int, uuid.UUID]],
        *,
        dry_run: bool = False,
    ) -> ContactImportResult:
        """The answer: `created` and `matched` as (row, contact id); in a dry run the
        created ids are the ones the rows would get, and are not shown: a row matching one
        of them names that row instead."""
        made = [ImportedContact(row=row, contact_id=cid) for row, cid in created]
        found = [ImportedContact(row=row, contact_id=cid) for row, cid in matched]
        counts = ImportCounts(
            rows=len(self.valid) + len(self.invalid),
            created=0 if dry_run else len(made),
            matched=0 if dry_run else len(found),
            invalid=len(self.invalid),
        )
        if dry_run:
            new_row = {cid: row for row, cid in created}
            return ContactImportResult(
                dry_run=True,
                created=[],
                errors=self.invalid,
                counts=counts,
                would_import=[row for row, _ in created],
                would_match=[
                    WouldMatch(row=row, same_as_row=new_row[cid])
                    if cid in new_row
                    else WouldMatch(row=row, contact_id=cid)
                    for row, cid in matched
                ],
            )
        return ContactImportResult(created=made, matched=found, errors=self.invalid, counts=counts)


def read_import(body: bytes, *, content_type: str | None) -> ImportBatch:
    """Read a JSON or CSV import body; raises for a problem with the body as a whole."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type == CSV_MEDIA_TYPE:
        return _read_csv(body)
    if not body:
        raise Unprocessable(
            "The request body is missing.",
            errors=[{"loc": ["body"], "msg": "Field required", "type": "missing"}],
        )
    if media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        return _read_json(body)
    raise UnsupportedMediaType("Send the body as application/json or text/csv.")


def _read_json(body: bytes) -> ImportBatch:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise MalformedJson(
            "The request body is not valid JSON.",
            errors=[{"loc": ["body", exc.pos], "msg": "JSON decode error", "type": "json_invalid"}],
        ) from None
    except UnicodeDecodeError:
        raise MalformedJson(
            "The request body is not valid JSON.",
            errors=[{"loc": ["body"], "msg": "not valid UTF-8", "type": "json_invalid"}],
        ) from None
    except (RecursionError, ValueError):  # nested too deeply, a number too long to read
        raise MalformedJson(
            "The request body cannot be read as JSON.",
            errors=[{"loc": ["body"], "msg": "unreadable JSON", "type": "json_invalid"}],
        ) from None
    try:
        rows = ContactImport.model_validate(data).contacts
    except ValidationError as exc:
        raise Unprocessable(
            f"The body must be an object with a `contacts` list of at most {MAX_ROWS} "
            "objects; see `errors`.",
            errors=[
                {
                    "loc": ["body", *map(_printable, err["loc"])],
                    "msg": err["msg"],
                    "type": err["type"],
                }
                for err in exc.errors(include_url=False, include_input=False)[:MAX_HEADER_ERRORS]
            ],
        ) from None
    valid: list[tuple[int, ContactImportRow]] = []
    invalid: list[ImportRowErrors] = []
    for number, raw in enumerate(rows, start=1):
        _sort(number, _check(raw), valid, invalid)
    return ImportBatch(valid, invalid, fingerprint=request_hash({"json": data}))


def _printable(part: str | int) -> str | int:
    # A top-level member's name is echoed in `loc`; one that cannot be rendered is shown escaped.
    return part if isinstance(part, int) or part.isprintable() else repr(part)


def _check(
    raw: Any, rename: Callable[[tuple[str | int, ...]], Loc] = list
) -> ContactImportRow | list[FieldError]:
    try:
        return ContactImportRow.model_validate(raw)
    except ValidationError as exc:
        # Never echo the input back: it may be large, personal or a secret.
        return [
            FieldError(loc=rename(err["loc"]), msg=err["msg"], type=err["type"])
            for err in exc.errors(include_url=False, include_input=False)[:MAX_ROW_ERRORS]
        ]


def _sort(
    number: int,
    checked: ContactImportRow | list[FieldError],
    valid: list[tuple[int, ContactImportRow]],
    invalid: list[ImportRowErrors],
) -> None:
    if isinstance(checked, ContactImportRow):
        valid.append((number, checked))
    else:
        invalid.append(ImportRowErrors(row=number, errors=checked))


# CSV columns: the contact's fields, the research notes, and facts numbered from 1.
CONTACT_COLUMNS = tuple(ContactCreate.model_fields)
RESEARCH_NOTES = "research_notes"
_FACT_COLUMN = re.compile(r"fact_([1-9][0-9]*)(?:_(about|source_url))?")
_COLUMN = "(?:{}|{}|fact_[1-9][0-9]*(?:_about|_source_url)?)".format(
    "|".join(CONTACT_COLUMNS), RESEARCH_NOTES
)
_CELL_END = r"(?=[,\r\n]|$)"
_CELL = r'(?:"(?:[^"]|"")*"|[^",\r\n][^,\r\n]*|)'
_LINE_BREAK = r"(?:\r\n|\r(?!\n)|\n)"
# What the server accepts, as a pattern for clients and fuzzers: a header of known, unique
# column names, then RFC 4180 records. The checks below are the same, done by `csv`.
CSV_PATTERN = (
    r"^\ufeff?"
    rf"(?!(?:[^,\r\n]*,)*({_COLUMN}){_CELL_END}(?:,[^,\r\n]*)*,\1{_CELL_END})"
    rf"{_COLUMN}(?:,{_COLUMN})*"
    rf"(?:{_LINE_BREAK}{_CELL}(?:,{_CELL})*)*$"
)


def _read_csv(body: bytes) -> ImportBatch:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MalformedCsv(
            "The CSV body is not valid UTF-8.",
            errors=[{"loc": ["body"], "msg": "not valid UTF-8", "type": "csv_invalid"}],
        ) from None
    first_line = re.match(r"[^\r\n]*", text)
    assert first_line is not None
    header = _read_header(first_line.group())
    rest = text[first_line.end() :]
    rest = rest[2:] if rest.startswith("\r\n") else rest[1:]
    # strict: an unclosed quote would otherwise swallow every row after it into one cell.
    reader = csv.reader(io.StringIO(rest, newline=""), strict=True)
    try:
        # A blank line is no row, but keeps its number so that numbers follow the file.
        records = [(number, record) for number, record in enumerate(reader, 1) if any(record)]
    except csv.Error as exc:
        raise MalformedCsv(
            f"The CSV body cannot be read after the header, at line {reader.line_num}: {exc}.",
            errors=[{"loc": ["body"], "msg": str(exc), "type": "csv_invalid"}],
        ) from None
    if len(records) > MAX_ROWS:
        raise Unprocessable(
            f"At most {MAX_ROWS} contacts per request; this body has {len(records)}.",
            errors=[{"loc": ["body"], "msg": f"at most {MAX_ROWS} rows", "type": "too_long"}],
        )
    valid: list[tuple[int, ContactImportRow]] = []
    invalid: list[ImportRowErrors] = []
    for number, record in records:
        _sort(number, _csv_row(header, record), valid, invalid)
    return ImportBatch(valid, invalid, fingerprint=request_hash({"csv": text}))


def _read_header(line: str) -> list[str]:
    if not line:
        raise Unprocessable(
            "The CSV body needs a header row naming its columns.",
            errors=[{"loc": ["body", "header"], "msg": "missing header row", "type": "missing"}],
        )
    columns = line.split(",")
    errors: list[dict[str, Any]] = []
    for position, column in enumerate(columns, start=1):
        # Columns are reported by position: a data row sent without a header is personal.
        if not (
            column in CONTACT_COLUMNS or column == RESEARCH_NOTES or _FACT_COLUMN.fullmatch(column)
        ):
            errors.append(_header_error(position, "unknown column", "csv_column"))
        elif column in columns[: position - 1]:
            errors.append(_header_error(position, "duplicate column", "csv_column"))
    if errors:
        raise Unprocessable(
            "The first line must name the columns, each once, exactly as documented (no "
            f"quotes or spaces): {', '.join(CONTACT_COLUMNS)}, {RESEARCH_NOTES}, fact_<n>, "
            "fact_<n>_about, fact_<n>_source_url. Columns are counted from 1.",
            errors=errors[:MAX_HEADER_ERRORS],
        )
    return columns


def _header_error(position: int, msg: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", "header", position], "msg": msg, "type": kind}


def _csv_row(header: list[str], record: list[str]) -> ContactImportRow | list[FieldError]:
    if len(record) != len(header):
        msg = f"expected {len(header)} cells, found {len(record)}"
        return [FieldError(loc=[], msg=msg, type="csv_cells")]
    cells = {column: cell for column, cell in zip(header, record, strict=True) if cell}
    problems = [
        FieldError(loc=[column], msg="NUL characters are not allowed", type="value_error")
        for column, cell in cells.items()
        if "\x00" in cell
    ]
    if problems:
        return problems
    row: dict[str, Any] = {column: cells[column] for column in CONTACT_COLUMNS if column in cells}
    facts: list[dict[str, Any]] = []
    fact_columns: list[str] = []
    for number in sorted({int(m[1]) for c in header if (m := _FACT_COLUMN.fullmatch(c))}):
        column = f"fact_{number}"
        about, source_url = cells.get(f"{column}_about"), cells.get(f"{column}_source_url")
        if column not in cells:
            if about or source_url:
                problems.append(
                    FieldError(loc=[column], msg="a fact needs its text", type="missing")
                )
            continue
        facts.append({"text": cells[column], "about": about or "person", "source_url": source_url})
        fact_columns.append(column)
    if facts or RESEARCH_NOTES in cells:
        row["research"] = {"facts": facts, "notes": cells.get(RESEARCH_NOTES)}
    checked = _check(row, rename=lambda loc: _csv_loc(loc, fact_columns))
    if isinstance(checked, ContactImportRow):
        return problems or checked
    return (problems + checked)[:MAX_ROW_ERRORS]


def _csv_loc(loc: tuple[str | int, ...], fact_columns: list[str]) -> Loc:
    """A row's error location as the CSV column it came from."""
    match loc:
        case ("research", "facts", int(index), "text", *_):
            return [fact_columns[index]]
        case ("research", "facts", int(index), str(field), *_):
            return [f"{fact_columns[index]}_{field}"]
        case ("research", "facts", int(index), *_):
            return [fact_columns[index]]
        case ("research", "notes", *_) | ("research",):
            return [RESEARCH_NOTES]
    return list(loc)


IMPORT_REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": ContactImport.model_json_schema(),
            "example": {
                "contacts": [
                    {
                        "name": "Ana Pérez",
                        "organization": "Mercy Health",
                        "research": {
                            "facts": [{"text": "Leads the EHR rollout.", "about": "role"}]
                        },
                    }
                ]
            },
        },
        CSV_MEDIA_TYPE: {
            "schema": {
                "type": "string",
                "pattern": CSV_PATTERN,
                "description": "UTF-8 CSV: a header row naming the columns, then one contact "
                "a row. See the operation's description for the columns.",
            },
            "example": "name,organization,fact_1,fact_1_about,research_notes\r\n"
            'Ana Pérez,Mercy Health,"Leads the EHR rollout, since 2024.",role,Met at HIMSS\r\n',
        },
    },
}

IMPORT_DESCRIPTION = f"""\
Import up to {MAX_ROWS:,} contacts at once, each with an optional first research version.

**JSON** (`application/json`): `{{"contacts": [...]}}`; each item has the fields of
`ContactCreate` and an optional `research` object shaped like `ResearchCreate`
(`facts`, `notes`).

**CSV** (`text/csv`, UTF-8; a byte-order mark is allowed): the first line names the columns,
exactly as written here (lower case, no quotes, no spaces). Every column is optional and they
may come in any order, but none twice:

- `{"`, `".join(CONTACT_COLUMNS)}`: the contact's fields;
- `fact_1`, `fact_2`, …: the text of a research fact; `fact_<n>_about` (`person`,
  `organization` or `role`; `person` when empty or absent) and `fact_<n>_source_url` go with
  `fact_<n>`;
- `{RESEARCH_NOTES}`: the research's free text.

An empty cell means no value. Quote a cell that holds a comma, a quote or a line break, and
double the quotes inside it (RFC 4180). Every row has as many cells as the header. A row with
no fact and no research notes gets no research.

**Rows** are numbered from 1 in both formats: row 1 is `contacts[0]`, or the first record
after the CSV header (a blank line is skipped but keeps its number). Each row is checked on its
own.
The valid rows are stored, each contact with its research, all in one transaction; each
invalid row is listed in `errors` with its number and, for each problem, `loc` (the field's
path within the row for JSON, the column for CSV) and `msg`. The answer is 200 even when no
row was stored.

**The body as a whole** is refused, and nothing stored, when it is malformed JSON or CSV (400),
not of the shape above, a CSV without a valid header row, or has more than {MAX_ROWS:,} rows
(422), larger than the size limit (413), or of another media type (415).

With an `Idempotency-Key`, a retry is safe: a replay returns the first answer with
`Idempotent-Replayed: true`; the same key with another body is refused (422).
"""
