"""`/problems/{slug}`: what each problem `type` the service answers with means.

A problem document's `type` is a URI reference (`/problems/gate-failed`); resolved
against the service's address it answers here, in JSON, or in HTML for a browser.
"""

from __future__ import annotations

import html
import inspect

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from service.core.errors import PROBLEM_BASE, AppError, NotFound, error_responses, problem_types

router = APIRouter(tags=["health"])


class ProblemType(BaseModel):
    type: str = Field(description="The URI reference problem documents carry in `type`.")
    title: str
    status: int = Field(description="The HTTP status it comes with.")
    description: str = Field(description="What it means and what to do about it.")


def _describe(kind: type[AppError]) -> ProblemType:
    return ProblemType(
        type=PROBLEM_BASE + kind.slug,
        title=kind.title,
        status=kind.status,
        description=" ".join((inspect.getdoc(kind) or kind.title).split()),
    )


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


@router.get("/problems", response_model=list[ProblemType])
async def list_problem_types() -> list[ProblemType]:
    """Every problem type the service answers with."""
    return [_describe(kind) for _, kind in sorted(problem_types().items())]


@router.get(
    "/problems/{slug}",
    response_model=ProblemType,
    responses={200: {"content": {"text/html": {}}}, **error_responses(404)},
)
async def get_problem_type(slug: str, request: Request) -> JSONResponse | HTMLResponse:
    """What one problem type means (HTML when a browser asks for it)."""
    kind = problem_types().get(slug)
    if kind is None:
        raise NotFound(f"No problem type is called `{slug}`; see /problems.")
    described = _describe(kind)
    if _wants_html(request):
        title = html.escape(f"{described.status} {described.title}")
        return HTMLResponse(
            "<!doctype html><html lang=en><meta charset=utf-8>"
            f"<title>{title}</title><h1>{title}</h1>"
            f"<p>{html.escape(described.description)}</p>"
            '<p><a href="/problems">Every problem type</a> · <a href="/docs">API docs</a></p>'
            "</html>"
        )
    return JSONResponse(described.model_dump())
