"""Bulk import over HTTP: JSON and CSV, row-by-row errors, all-or-nothing storage, retries."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.engine import Engine

from service.contacts import service as contacts_service
from service.contacts.importing import CSV_PATTERN, IMPORT_REQUEST_BODY, MAX_ROWS
from service.core.idempotency import IdempotencyRecord, request_hash
from tests.conftest import TenantKey
from tests.support.databases import unit_of_work

URL = "/v1/contacts/import"
CSV = {"Content-Type": "text/csv"}

ANA = {
    "name": "Ana Pérez",
    "title": "Director of Nursing Informatics",
    "organization": "Mercy Health",
    "seniority": "executive",
    "email": "ana.perez@mercy.example",
    "research": {
        "facts": [
            {"text": "Leads the EHR rollout.", "about": "role"},
            {
                "text": "Mercy Health opened a virtual-care hub.",
                "about": "organization",
                "source_url": "https://mercy.example/news/hub",
            },
        ],
        "notes": "Spoke at HIMSS 2026.",
    },
}


def send_json(
    client: TestClient, tenant: TenantKey, contacts: list[Any], **headers: str
) -> Response:
    return client.post(URL, json={"contacts": contacts}, headers={**tenant.headers, **headers})


def send_csv(client: TestClient, tenant: TenantKey, text: str | bytes, **headers: str) -> Response:
    body = text.encode() if isinstance(text, str) else text
    return client.post(URL, content=body, headers={**tenant.headers, **CSV, **headers})


def listed(client: TestClient, tenant: TenantKey) -> list[dict[str, Any]]:
    page = client.get("/v1/contacts", params={"limit": 100}, headers=tenant.headers)
    items: list[dict[str, Any]] = page.json()["items"]
    return items


def research_of(client: TestClient, tenant: TenantKey, contact_id: str) -> Response:
    return client.get(f"/v1/contacts/{contact_id}/research/latest", headers=tenant.headers)


def test_json_import_stores_each_contact_with_its_research(
    client: TestClient, tenant: TenantKey
) -> None:
    response = send_json(client, tenant, [ANA, {"name": "Li Wei"}])
    assert response.status_code == 200, response.text
    report = response.json()
    assert [item["row"] for item in report["created"]] == [1, 2]
    assert report["errors"] == []
    assert report["counts"] == {"rows": 2, "created": 2, "matched": 0, "invalid": 0}

    ana_id, li_id = (item["contact_id"] for item in report["created"])
    ana = client.get(f"/v1/contacts/{ana_id}", headers=tenant.headers).json()
    assert {k: ana[k] for k in ANA if k != "research"} == {
        k: v for k, v in ANA.items() if k != "research"
    }
    research = research_of(client, tenant, ana_id).json()
    assert research["version"] == 1
    assert research["notes"] == "Spoke at HIMSS 2026."
    assert research["facts"] == [
        {"text": "Leads the EHR rollout.", "about": "role", "source_url": None},
        ANA["research"]["facts"][1],  # type: ignore[index]
    ]
    assert research_of(client, tenant, li_id).status_code == 404


def test_imported_contacts_list_in_row_order(client: TestClient, tenant: TenantKey) -> None:
    names = [f"Person {i:02}" for i in range(30)]
    send_json(client, tenant, [{"name": name} for name in names])
    assert [item["name"] for item in listed(client, tenant)] == names


def test_csv_import_maps_columns_to_contact_and_research(
    client: TestClient, tenant: TenantKey
) -> None:
    text = (
        "name,organization,seniority,fact_1,fact_1_about,fact_2,fact_2_source_url,"
        "research_notes\r\n"
        "Ana Pérez,Mercy Health,senior,Leads the EHR rollout.,role,Wrote on triage.,"
        "https://blog.example/triage,Met at HIMSS\r\n"
        "Li Wei,Globex,,,,,,\r\n"
    )
    response = send_csv(client, tenant, text)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["counts"] == {"rows": 2, "created": 2, "matched": 0, "invalid": 0}
    ana_id, li_id = (item["contact_id"] for item in report["created"])
    ana = client.get(f"/v1/contacts/{ana_id}", headers=tenant.headers).json()
    assert (ana["name"], ana["organization"], ana["seniority"]) == (
        "Ana Pérez",
        "Mercy Health",
        "senior",
    )
    assert ana["title"] is None  # no column: no value
    research = research_of(client, tenant, ana_id).json()
    assert research["facts"] == [
        {"text": "Leads the EHR rollout.", "about": "role", "source_url": None},
        {
            "text": "Wrote on triage.",
            "about": "person",  # the default when fact_<n>_about is absent
            "source_url": "https://blog.example/triage",
        },
    ]
    assert research["notes"] == "Met at HIMSS"
    li = client.get(f"/v1/contacts/{li_id}", headers=tenant.headers).json()
    assert li["seniority"] is None  # an empty cell is no value, not ""
    assert research_of(client, tenant, li_id).status_code == 404


def test_invalid_json_rows_are_reported_and_the_valid_ones_stored(
    client: TestClient, tenant: TenantKey
) -> None:
    rows: list[Any] = [
        {"name": "Valid One"},
        {"name": ""},
        {"name": "Bad Fact", "research": {"facts": [{"text": "x", "about": "company"}]}},
        {"name": "Unknown Field", "tenant_id": str(uuid.uuid4())},
        {"name": "Empty Research", "research": {}},
        {"name": "Nul\u0000Name"},
        {**ANA, "name": "Valid Two"},
    ]
    response = send_json(client, tenant, rows)
    assert response.status_code == 200, response.text
    report = response.json()
    assert [item["row"] for item in report["created"]] == [1, 7]
    assert report["counts"] == {"rows": 7, "created": 2, "matched": 0, "invalid": 5}
    errors = {item["row"]: item["errors"] for item in report["errors"]}
    assert list(errors) == [2, 3, 4, 5, 6]
    assert [e["loc"] for e in errors[2]] == [["name"]]
    assert [e["loc"] for e in errors[3]] == [["research", "facts", 0, "about"]]
    assert [e["loc"] for e in errors[4]] == [["tenant_id"]]
    assert [e["loc"] for e in errors[5]] == [["research"]]
    assert "NUL" in errors[6][0]["msg"]
    assert all(e["msg"] and e["type"] for row in errors.values() for e in row)
    # A row whose contact is fine but whose research is not stores neither.
    assert sorted(item["name"] for item in listed(client, tenant)) == ["Valid One", "Valid Two"]
    valid_two = report["created"][1]["contact_id"]
    assert len(research_of(client, tenant, valid_two).json()["facts"]) == 2


def test_errors_never_echo_the_rejected_values(client: TestClient, tenant: TenantKey) -> None:
    secret = "sk-do-not-echo-this-9f8e7d"
    response = send_json(client, tenant, [{"name": secret * 10, "email": secret}])
    assert response.json()["counts"]["invalid"] == 1
    assert [e["loc"] for e in response.json()["errors"][0]["errors"]] == [["name"], ["email"]]
    assert secret not in response.text


def test_invalid_csv_rows_are_reported_by_column(client: TestClient, tenant: TenantKey) -> None:
    text = (
        "name,email,notes,fact_1,fact_1_about,fact_2_about,research_notes\n"
        "Good One,good@example.org,,,,,\n"  # row 1
        "Bad Email,not-an-email,,,,,\n"  # row 2
        "Bad About,,,A fact,company,,\n"  # row 3
        "Too,Many,Cells,,,,,\n"  # row 4
        "No Fact Text,,,,,role,\n"  # row 5
        "Nul,,a\x00b,,,,\n"  # row 6
        ",,,,,,Only notes\n"  # row 7: no name
        "Good Two,,,Fact,,,\n"  # row 8
    )
    response = send_csv(client, tenant, text)
    assert response.status_code == 200, response.text
    report = response.json()
    assert [item["row"] for item in report["created"]] == [1, 8]
    errors = {item["row"]: [e["loc"] for e in item["errors"]] for item in report["errors"]}
    assert errors == {
        2: [["email"]],
        3: [["fact_1_about"]],
        4: [[]],
        5: [["fact_2"]],
        6: [["notes"]],
        7: [["name"]],
    }
    assert sorted(item["name"] for item in listed(client, tenant)) == ["Good One", "Good Two"]


def test_csv_blank_lines_are_skipped_but_keep_their_number(
    client: TestClient, tenant: TenantKey
) -> None:
    response = send_csv(client, tenant, "name,title\nA,\n\n,\nB,\n,x\n")
    report = response.json()
    assert [item["row"] for item in report["created"]] == [1, 4]
    assert [item["row"] for item in report["errors"]] == [5]
    assert report["counts"] == {"rows": 3, "created": 2, "matched": 0, "invalid": 1}


def test_csv_byte_order_mark_and_crlf_are_understood(client: TestClient, tenant: TenantKey) -> None:
    response = send_csv(client, tenant, "\ufeffname,title\r\nAna,Nurse\r\n".encode())
    assert response.json()["counts"] == {"rows": 1, "created": 1, "matched": 0, "invalid": 0}
    [contact] = listed(client, tenant)
    assert (contact["name"], contact["title"]) == ("Ana", "Nurse")


def test_csv_quoted_cells_keep_commas_quotes_and_line_breaks(
    client: TestClient, tenant: TenantKey
) -> None:
    text = 'name,notes,fact_1\n"Pérez, Ana","Said ""hi"",\nthen left","Runs A, B and C"\n'
    response = send_csv(client, tenant, text)
    assert response.json()["counts"]["created"] == 1, response.text
    [contact] = listed(client, tenant)
    assert contact["name"] == "Pérez, Ana"
    assert contact["notes"] == 'Said "hi",\nthen left'
    research = research_of(client, tenant, contact["id"]).json()
    assert research["facts"][0]["text"] == "Runs A, B and C"


def test_csv_with_header_only_imports_nothing(client: TestClient, tenant: TenantKey) -> None:
    response = send_csv(client, tenant, "name,title\n")
    assert response.status_code == 200
    assert response.json() == {
        "dry_run": False,
        "created": [],
        "matched": [],
        "errors": [],
        "counts": {"rows": 0, "created": 0, "matched": 0, "invalid": 0},
        "erased": [],
        "would_import": [],
        "would_match": [],
    }


def assert_problem(response: Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


@pytest.mark.parametrize(
    ("text", "status", "slug", "loc"),
    [
        ("", 422, "validation-error", ["body", "header"]),
        ("\nname\nAna\n", 422, "validation-error", ["body", "header"]),
        ("Ana Pérez,Mercy Health\n", 422, "validation-error", ["body", "header", 1]),
        ("name,emial\nAna,a@b.c\n", 422, "validation-error", ["body", "header", 2]),
        ("name,Title\nAna,x\n", 422, "validation-error", ["body", "header", 2]),
        ("name, title\nAna,x\n", 422, "validation-error", ["body", "header", 2]),
        ('"name",title\nAna,x\n', 422, "validation-error", ["body", "header", 1]),
        ("name,title,\nAna,x,\n", 422, "validation-error", ["body", "header", 3]),
        ("name,fact_0\nAna,x\n", 422, "validation-error", ["body", "header", 2]),
        ("name,notes,name\nA,b,c\n", 422, "validation-error", ["body", "header", 3]),
        ('name,notes\nAna,"never closed\nBo,x\n', 400, "malformed-csv", ["body"]),
        ('name,notes\nAna,"closed"then more\n', 400, "malformed-csv", ["body"]),
        (b"name\nAn\xe9\n", 400, "malformed-csv", ["body"]),
    ],
)
def test_csv_whole_body_problems_store_nothing(
    client: TestClient,
    tenant: TenantKey,
    text: str | bytes,
    status: int,
    slug: str,
    loc: list[Any],
) -> None:
    problem = assert_problem(send_csv(client, tenant, text), status)
    assert problem["type"] == f"/problems/{slug}"
    assert problem["errors"][0]["loc"] == loc
    assert listed(client, tenant) == []


@pytest.mark.parametrize(
    ("body", "status", "loc"),
    [
        (b"{not json", 400, ["body", 1]),
        (b"", 422, ["body"]),
        (b"[]", 422, ["body"]),
        (b'{"rows": []}', 422, ["body", "contacts"]),
        (b'{"contacts": {"name": "A"}}', 422, ["body", "contacts"]),
        (b'{"contacts": [{"name": "A"}], "extra": 1}', 422, ["body", "extra"]),
        (b'{"contacts": [{"name": "A"}, "B"]}', 422, ["body", "contacts", 1]),
    ],
)
def test_json_whole_body_problems_store_nothing(
    client: TestClient, tenant: TenantKey, body: bytes, status: int, loc: list[Any]
) -> None:
    response = client.post(
        URL, content=body, headers={**tenant.headers, "Content-Type": "application/json"}
    )
    problem = assert_problem(response, status)
    assert problem["errors"][0]["loc"] == loc
    assert listed(client, tenant) == []


def test_a_thousand_rows_are_accepted(client: TestClient, tenant: TenantKey) -> None:
    response = send_json(client, tenant, [{"name": f"P{i}"} for i in range(MAX_ROWS)])
    assert response.status_code == 200
    assert response.json()["counts"]["created"] == MAX_ROWS


def test_more_than_a_thousand_json_rows_are_refused_whole(
    client: TestClient, tenant: TenantKey
) -> None:
    response = send_json(client, tenant, [{"name": f"P{i}"} for i in range(MAX_ROWS + 1)])
    problem = assert_problem(response, 422)
    assert problem["errors"][0]["loc"] == ["body", "contacts"]
    assert listed(client, tenant) == []


def test_more_than_a_thousand_csv_rows_are_refused_whole(
    client: TestClient, tenant: TenantKey
) -> None:
    text = "name\n" + "".join(f"P{i}\n" for i in range(MAX_ROWS + 1))
    problem = assert_problem(send_csv(client, tenant, text), 422)
    assert str(MAX_ROWS) in problem["detail"]
    assert listed(client, tenant) == []


def test_a_failure_while_storing_stores_nothing_and_frees_the_key(
    client: TestClient, tenant: TenantKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the database went away mid-import")

    rows = [{"name": "No research"}, ANA]
    with monkeypatch.context() as patch:
        # Contacts are flushed first; the research of row 2 then fails to be built.
        patch.setattr(contacts_service, "ResearchSummary", broken)
        response = send_json(client, tenant, rows, **{"Idempotency-Key": "retry-me"})
        assert response.status_code == 500
    assert listed(client, tenant) == []
    retried = send_json(client, tenant, rows, **{"Idempotency-Key": "retry-me"})
    assert retried.status_code == 200
    assert "idempotent-replayed" not in retried.headers
    assert retried.json()["counts"]["created"] == 2


def test_idempotent_replay_returns_the_first_answer(client: TestClient, tenant: TenantKey) -> None:
    rows = [ANA, {"name": ""}]
    first = send_json(client, tenant, rows, **{"Idempotency-Key": "import-1"})
    again = send_json(client, tenant, rows, **{"Idempotency-Key": "import-1"})
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert len(listed(client, tenant)) == 1

    other = send_json(client, tenant, [{"name": "Someone else"}], **{"Idempotency-Key": "import-1"})
    problem = assert_problem(other, 422)
    assert problem["errors"][0]["loc"] == ["header", "idempotency-key"]
    assert len(listed(client, tenant)) == 1


def test_a_replay_after_an_erasure_names_nobody_and_creates_nobody(
    client: TestClient, tenant: TenantKey
) -> None:
    rows = [ANA, {"name": "Bo Lindqvist"}]
    first = send_json(client, tenant, rows, **{"Idempotency-Key": "import-erased"}).json()
    erased_id = first["created"][0]["contact_id"]
    assert client.delete(f"/v1/contacts/{erased_id}", headers=tenant.headers).status_code == 204
    again = send_json(client, tenant, rows, **{"Idempotency-Key": "import-erased"})
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert erased_id not in again.text
    replay = again.json()
    assert replay["erased"] == [1]
    assert replay["created"] == first["created"][1:]
    assert replay["counts"]["created"] == 1
    assert [item["name"] for item in listed(client, tenant)] == ["Bo Lindqvist"]


def test_idempotent_replay_of_csv_and_a_changed_file(client: TestClient, tenant: TenantKey) -> None:
    text = "name\nAna\n"
    first = send_csv(client, tenant, text, **{"Idempotency-Key": "csv-1"})
    again = send_csv(client, tenant, text, **{"Idempotency-Key": "csv-1"})
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    changed = send_csv(client, tenant, "name\nAna\nBo\n", **{"Idempotency-Key": "csv-1"})
    assert_problem(changed, 422)
    assert [item["name"] for item in listed(client, tenant)] == ["Ana"]


def test_key_still_in_use_answers_409(
    engine: Engine, app: FastAPI, client: TestClient, tenant: TenantKey
) -> None:
    text = "name\nAna\n"
    with unit_of_work(engine) as session:
        session.add(
            IdempotencyRecord(
                tenant_id=tenant.tenant_id,
                endpoint=contacts_service.IMPORT_ENDPOINT,
                key="busy",
                request_hash=request_hash({"csv": text}),
            )
        )
    response = send_csv(client, tenant, text, **{"Idempotency-Key": "busy"})
    assert_problem(response, 409)
    assert response.headers["retry-after"] == "1"
    assert listed(client, tenant) == []


def test_same_key_in_two_tenants_is_two_imports(
    client: TestClient, tenant: TenantKey, other_tenant: TenantKey
) -> None:
    mine = send_json(client, tenant, [{"name": "Mine"}], **{"Idempotency-Key": "shared"})
    theirs = send_json(client, other_tenant, [{"name": "Mine"}], **{"Idempotency-Key": "shared"})
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.json()["created"] != mine.json()["created"]
    assert len(listed(client, other_tenant)) == 1


def test_other_tenants_cannot_see_imported_contacts(
    client: TestClient, tenant: TenantKey, other_tenant: TenantKey
) -> None:
    report = send_json(client, tenant, [ANA]).json()
    contact_id = report["created"][0]["contact_id"]
    assert listed(client, other_tenant) == []
    foreign = client.get(f"/v1/contacts/{contact_id}", headers=other_tenant.headers)
    assert foreign.status_code == 404
    foreign_research = client.get(
        f"/v1/contacts/{contact_id}/research", headers=other_tenant.headers
    )
    assert foreign_research.status_code == 404
    assert [item["id"] for item in listed(client, tenant)] == [contact_id]


def test_import_needs_the_write_scope(client: TestClient, key_with: Any) -> None:
    reader = key_with("read")
    assert_problem(send_json(client, reader, [{"name": "A"}]), 403)
    assert_problem(send_csv(client, reader, "name\nA\n"), 403)
    writer = key_with("drafts:write")
    assert send_csv(client, writer, "name\nA\n").status_code == 200
    anonymous = client.post(URL, json={"contacts": []})
    assert_problem(anonymous, 401)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/xml", "text/tab-separated-values", "text/html"]
)
def test_other_media_types_answer_415(
    client: TestClient, tenant: TenantKey, content_type: str
) -> None:
    response = client.post(
        URL, content=b"name\nAna\n", headers={**tenant.headers, "Content-Type": content_type}
    )
    problem = assert_problem(response, 415)
    assert "text/csv" in problem["detail"]
    assert listed(client, tenant) == []


@pytest.mark.parametrize("path", ["/v1/contacts", "/v1/requesters"])
def test_csv_is_still_refused_on_other_routes(
    client: TestClient, tenant: TenantKey, path: str
) -> None:
    response = client.post(path, content=b"name\nAna\n", headers={**tenant.headers, **CSV})
    problem = assert_problem(response, 415)
    assert problem["detail"] == "Send the body as application/json."


def test_csv_with_charset_parameter_is_accepted(client: TestClient, tenant: TenantKey) -> None:
    response = client.post(
        URL,
        content=b"name\nAna\n",
        headers={**tenant.headers, "Content-Type": "text/csv; charset=utf-8"},
    )
    assert response.json()["counts"]["created"] == 1


def test_csv_over_the_size_limit_answers_413(client: TestClient, tenant: TenantKey) -> None:
    text = "name,notes\n" + "A," + "x" * (1024 * 1024) + "\n"
    assert_problem(send_csv(client, tenant, text), 413)
    assert listed(client, tenant) == []


def test_openapi_documents_both_media_types_and_the_report(app: FastAPI) -> None:
    operation = app.openapi()["paths"][URL]["post"]
    content = operation["requestBody"]["content"]
    assert set(content) == {"application/json", "text/csv"}
    assert content["application/json"]["schema"]["properties"]["contacts"]["maxItems"] == MAX_ROWS
    assert content["text/csv"]["schema"]["pattern"] == CSV_PATTERN
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/ContactImportResult"}
    assert {"400", "409", "413", "415", "422"} <= set(operation["responses"])


CSV_BODIES = [
    "name\n",
    "name",
    "\ufeffname,title\r\nAna,x\r\n",
    "title,name,fact_12,fact_12_about,fact_3_source_url,research_notes\n,,,,,\n",
    'name,notes\n"A, B","x\n""y"""\n\n',
    "name\rAna\rBo",
    "name,notes\nToo,many,cells\n",
    "",
    "\n",
    "Name\nAna\n",
    "name,name\nA,B\n",
    "name,notes,title,notes\n",
    "name ,title\n",
    '"name"\nAna\n',
    'name\n"open\n',
    'name\n"closed"x\n',
    "name,fact_01\n",
    "name,fact_1_aboutx\n",
]


@pytest.mark.parametrize("text", CSV_BODIES)
def test_csv_pattern_says_what_the_server_accepts(
    client: TestClient, tenant: TenantKey, text: str
) -> None:
    """The documented pattern is a contract: clients (and the fuzzer) may rely on it."""
    response = send_csv(client, tenant, text)
    documented = re.search(CSV_PATTERN, text) is not None
    assert (response.status_code == 200) is documented, (text, response.text)


def test_documented_examples_import_cleanly(client: TestClient, tenant: TenantKey) -> None:
    content = IMPORT_REQUEST_BODY["content"]
    as_json = client.post(URL, json=content["application/json"]["example"], headers=tenant.headers)
    as_csv = send_csv(client, tenant, content["text/csv"]["example"])
    for response in (as_json, as_csv):
        assert response.status_code == 200
        assert response.json()["counts"] == {"rows": 1, "created": 1, "matched": 0, "invalid": 0}


def test_many_research_rows_in_one_import(client: TestClient, tenant: TenantKey) -> None:
    rows = [
        {"name": f"P{i}", "research": {"facts": [{"text": f"Fact {i}", "about": "person"}]}}
        for i in range(50)
    ]
    report = send_json(client, tenant, rows).json()
    assert report["counts"]["created"] == 50
    last = report["created"][-1]["contact_id"]
    assert research_of(client, tenant, last).json()["facts"][0]["text"] == "Fact 49"


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE", "PUT"])
def test_import_path_is_not_taken_for_a_contact_id(
    client: TestClient, tenant: TenantKey, method: str
) -> None:
    response = client.request(method, URL, json={"name": "x"}, headers=tenant.headers)
    assert_problem(response, 405)
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_a_contact_id_that_is_no_uuid_names_no_contact(
    client: TestClient, tenant: TenantKey, method: str
) -> None:
    response = client.request(
        method, "/v1/contacts/not-a-uuid", json={"name": "x"}, headers=tenant.headers
    )
    assert_problem(response, 404)
