"""The web application of `extract serve`, and the one-file review page of `extract review --html`.

Starlette with Jinja2 templates (autoescaped: every value a template writes is HTML-escaped; no
template marks document data safe) and static files served from this package. Read only: no route
writes anything; the review page builds its gold file in the browser.

Errors are pages: an unknown URL or doc_id is a 404, a bad parameter a 400, a folder without a
dataset a 503, and anything unexpected a 500 page without a traceback (it goes to the server's log).
Every response carries a Content-Security-Policy that lets a page run only the app's own script and
style and load nothing from elsewhere, so even text that escaped escaping could not run.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import http
import logging
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..dataset.chart import COMPARATOR_SIGNS
from ..dataset.search import DatasetNotFoundError
from . import routes
from .data import Dataset, DocumentRows
from .review import review_context

HERE = Path(__file__).resolve().parent
TEMPLATES, STATIC = HERE / "templates", HERE / "static"
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff",
                    "referrer-policy": "no-referrer", "x-frame-options": "DENY"}
log = logging.getLogger("extract.serve")


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates' environment: autoescaped, with the helpers the templates use."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    env.globals["sign"] = lambda comparator: COMPARATOR_SIGNS.get(comparator or "", "")
    return env


class SecurityHeaders:
    """ASGI middleware: the security headers on every response (a route's own value kept)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error_page(request: Request, status: int, message: str) -> Response:
    """An error as a page of the site (never a traceback)."""
    templates: Jinja2Templates = request.app.state.templates
    title = http.HTTPStatus(status).phrase if status in http.HTTPStatus._value2member_map_ else "Error"
    return templates.TemplateResponse(request, "error.html", {"status": status, "title": title, "message": message},
                                      status_code=status)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    default = "There is no page at this address." if exc.status_code == 404 else http.HTTPStatus(exc.status_code).phrase
    detail = exc.detail if exc.detail and exc.detail != http.HTTPStatus(exc.status_code).phrase else default
    return error_page(request, exc.status_code, detail)


async def no_dataset(request: Request, exc: Exception) -> Response:
    return error_page(request, 503, "This folder holds no dataset (yet): make one with `extract run PATH --out DIR`.")


async def server_error(request: Request, exc: Exception) -> Response:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_page(request, 500, "Something went wrong on the server; its log says what.")


def create_app(out: str | Path, allowed_hosts: list[str] | None = None) -> Starlette:
    """The application over the dataset in `out`; with `allowed_hosts`, requests naming another
    host are refused (a server on the loopback address is not reachable by DNS rebinding)."""
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    app = Starlette(
        routes=[Route("/", routes.home), Route("/search", routes.search_page), Route("/search.csv", routes.search_csv),
                Route("/documents/{doc_id}", routes.document_page), Route("/compare", routes.compare_page),
                Route("/compare/chart.svg", routes.chart), Mount("/static", StaticFiles(directory=STATIC), name="static")],
        middleware=middleware,
        exception_handlers={HTTPException: http_error, DatasetNotFoundError: no_dataset, Exception: server_error})
    app.state.dataset = Dataset(Path(out))
    app.state.templates = Jinja2Templates(env=environment())
    return app


def csp_hash(text: str) -> str:
    """A CSP source allowing exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def standalone_page(rows: DocumentRows) -> str:
    """The review page of one document as one self-contained HTML file: the app's stylesheet and
    script inline (trusted files of this package), allowed by their hashes in the page's policy, so
    nothing else inline can run."""
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    js = (STATIC / "review.js").read_text(encoding="utf-8")
    csp = (f"default-src 'none'; script-src {csp_hash(js)}; style-src {csp_hash(css)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    context: dict[str, Any] = review_context(rows)
    context.update(standalone=True, css=Markup(css), js=Markup(js), csp=csp)
    return environment().get_template("document.html").render(context)
