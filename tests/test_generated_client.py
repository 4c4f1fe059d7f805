"""A client generated from the committed contract works: openapi-python-client generates
it without a warning, and it creates a requester, a contact and research, drafts, and
approves the draft with the ETag it was given."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from service.examples import REQUEST_BODIES
from tests.conftest import REPO_ROOT, TenantKey

PACKAGE = "askwell_client"


def _generate(directory: Path) -> str:
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(REPO_ROOT / "openapi" / "openapi.json"),
            "--config",
            str(REPO_ROOT / "openapi" / "client-config.yml"),
            "--meta",
            "none",
            "--output-path",
            str(directory / PACKAGE),
        ],
        capture_output=True,
        text=True,
        # Its post-generation hooks run ruff from PATH.
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def test_a_generated_client_drafts_and_approves(
    tmp_path: Path, client: TestClient, tenant: TenantKey
) -> None:
    output = _generate(tmp_path)
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(tmp_path))
    try:
        models: Any = importlib.import_module(f"{PACKAGE}.models")
        api = importlib.import_module(f"{PACKAGE}.client")
        requesters: Any = importlib.import_module(f"{PACKAGE}.api.requesters.create_requester")
        contacts: Any = importlib.import_module(f"{PACKAGE}.api.contacts.create_contact")
        research: Any = importlib.import_module(f"{PACKAGE}.api.research.add_research")
        drafts: Any = importlib.import_module(f"{PACKAGE}.api.drafts.create_draft")
        review: Any = importlib.import_module(f"{PACKAGE}.api.review.approve_draft")

        # The generated client on the in-process app (TestClient is an httpx.Client). The
        # key goes on the suite's shared client for this test only (removed below).
        client.headers.update(tenant.headers)
        generated = api.Client(base_url=str(client.base_url))
        generated.set_httpx_client(client)

        requester = requesters.sync(
            client=generated,
            body=models.RequesterCreate.from_dict(REQUEST_BODIES["RequesterCreate"]),
        )
        assert isinstance(requester, models.RequesterRead), requester
        contact = contacts.sync(
            client=generated, body=models.ContactCreate.from_dict(REQUEST_BODIES["ContactCreate"])
        )
        assert isinstance(contact, models.ContactRead), contact
        stored = research.sync(
            contact.id,
            client=generated,
            body=models.ResearchCreate.from_dict(REQUEST_BODIES["ResearchCreate"]),
        )
        assert isinstance(stored, models.ResearchRead), stored

        created = drafts.sync_detailed(
            client=generated,
            body=models.DraftCreate(
                requester_id=requester.id, contact_id=contact.id, channel=models.Channel.EMAIL
            ),
        )
        assert created.status_code == 201, created.content
        draft = created.parsed
        assert isinstance(draft, models.DraftRead)
        assert draft.status == models.DraftStatus.NEEDS_REVIEW, draft.gate

        approved = review.sync_detailed(
            draft.id,
            client=generated,
            body=models.ApprovalCreate(reviewer="Jordan"),
            if_match=created.headers["ETag"],
        )
        assert approved.status_code == 200, approved.content
        assert approved.parsed.status == models.DraftStatus.APPROVED
    finally:
        for name in tenant.headers:
            client.headers.pop(name, None)
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]
