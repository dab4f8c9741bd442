"""The web application: server-driven pages (Jinja2, htmx) and a JSON API over the store.

Pages authenticate with a signed session cookie and check a per-session CSRF token on every
form POST; the API authenticates only with ``Authorization: Bearer <token>`` (never the
cookie, so a forged cross-site request cannot use it). Roles are checked on the server for
every action (see ``accounts.RIGHTS``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.middleware.sessions import SessionMiddleware

from coplaw.errors import CoplawError
from coplaw.store.db import ConflictError, Store
from coplaw.store.review import BINARY_FRAMEWORKS, TransitionError, decide
from coplaw.web import data, lawtext, workflow
from coplaw.web.accounts import RIGHTS, ROLES, Account, AccountError, Accounts, can
from coplaw.web.errors import WebError
from coplaw.web.jobs import Job, Jobs

HERE = Path(__file__).resolve().parent
ALLOWED_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".xml", ".akn", ".docx", ".pdf"})
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 20
CODE = re.compile(r"^[A-Z]{2,3}(-[A-Z0-9]{1,3})?$")
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
STATUSES = ("met", "partially_met", "not_met", "not_assessable")


class LoginRequired(Exception):
    pass


@dataclass
class Settings:
    store: Store
    accounts: Accounts
    upload_dir: Path


def _accounts(request: Request) -> Accounts:
    settings: Settings = request.app.state.settings
    return settings.accounts


def _fresh(request: Request) -> bool:
    """Requests that may change something check the account in the database itself."""
    return request.method not in ("GET", "HEAD")


def page_user(request: Request) -> Account:
    """The logged-in account of a page request, else a redirect to the login page."""
    name = request.session.get("user")
    account = (_accounts(request).get(name, fresh=_fresh(request)) if isinstance(name, str)
               else None)
    if account is None:
        raise LoginRequired()
    return account


def api_user(request: Request) -> Account:
    """The account of an API request's bearer token (the session cookie is not accepted)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise WebError(401, "an API token is required: Authorization: Bearer <token>")
    account = _accounts(request).by_token(token.strip(), fresh=_fresh(request))
    if account is None:
        raise WebError(401, "the API token is not valid")
    return account


class NewAccount(BaseModel):
    name: str
    password: str
    role: str = "viewer"


class RoleChange(BaseModel):
    role: str


class TokenRequest(BaseModel):
    label: str | None = None


class QuestionAnswer(BaseModel):
    """One answer: ``answer`` is yes, partly or no; the explanation says what is in place."""

    id: str
    answer: str
    explanation: str = ""


class AnswerSubmission(BaseModel):
    respondent: str
    answered_on: str
    answers: list[QuestionAnswer]


class Review(BaseModel):
    """A review decision sent to the API: ``version`` is the finding version you saw."""

    action: str
    version: int
    status: str | None = None
    reason: str | None = None


PageUser = Annotated[Account, Depends(page_user)]

# Downloads of the global review table, by extension.
GLOBAL_FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "html": "text/html",
}


def _rendered(write: Callable[[Path], object], suffix: str) -> bytes:
    """Bytes of a file the report stage writes (its writers take a path, not a stream)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="coplaw-web-") as tmp:
        out = Path(tmp) / f"out{suffix}"
        write(out)
        return out.read_bytes()

ApiUser = Annotated[Account, Depends(api_user)]


def create_app(store: Store, upload_dir: Path, secret: str) -> FastAPI:
    """The application over an open store (which also keeps the accounts)."""
    # FastAPI's own docs pages load their scripts from a CDN; ours is rendered here instead.
    app = FastAPI(title="coplaw", version="1", docs_url=None,
                  openapi_url="/api/openapi.json", redoc_url=None,
                  description="Findings, reviews, uploads and standards of coplaw. "
                  "Authenticate with `Authorization: Bearer <token>` "
                  "(tokens: `coplaw account token NAME`).")
    accounts = Accounts(store)
    settings = Settings(store, accounts, upload_dir)
    jobs = Jobs(store)
    jobs.interrupt_unfinished()
    reading = store.reading
    app.state.settings = settings
    app.state.jobs = jobs
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["can"] = can
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="coplaw_session",
                       max_age=12 * 3600, same_site="lax", https_only=False)

    @app.middleware("http")
    async def headers(request: Request,
                      call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # Refuse an oversized body before it is read and spooled to disk.
        length = request.headers.get("content-length", "")
        limit = MAX_FILES * MAX_FILE_BYTES + (1 << 20)
        if length.isdigit() and int(length) > limit:
            return JSONResponse({"detail": f"request larger than {limit // (1 << 20)} MB"}, 413)
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'"))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    # --- helpers ------------------------------------------------------------------------

    def csrf_token(request: Request) -> str:
        token = request.session.get("csrf")
        if not token:
            token = secrets.token_urlsafe(32)
            request.session["csrf"] = token
        return str(token)

    def render(request: Request, name: str, user: Account | None, http_status: int = 200,
               **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(
            request, name, {"user": user, "csrf": csrf_token(request), **context},
            status_code=http_status)

    async def check_csrf(request: Request) -> None:
        form = await request.form()
        sent = form.get("csrf_token") or request.headers.get("x-csrf-token") or ""
        expected = request.session.get("csrf")
        if not expected or not isinstance(sent, str) or not secrets.compare_digest(
                str(expected), sent):
            raise WebError(403, "The form's security token is missing or out of date; "
                                "reload the page and try again.")

    def need(account: Account, right: str) -> None:
        if not can(account.role, right):
            raise WebError(403, f"the {account.role} role may not {right}")

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        if is_api(request):
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            return JSONResponse({"detail": exc.message}, exc.status, headers=headers)
        name = request.session.get("user")
        user = accounts.get(name, fresh=False) if isinstance(name, str) else None
        return render(request, "error.html", user, exc.status, message=exc.message)

    @app.exception_handler(data.NotFound)
    async def _not_found(request: Request, exc: data.NotFound) -> Response:
        return await _web_error(request, WebError(404, str(exc)))

    def apply_review(account: Account, finding_id: int, action: str, version: int,
                     status: str | None, reason: str | None) -> dict[str, Any]:
        need(account, "review")
        if action not in ("accept", "override"):
            raise WebError(400, "the action must be accept or override")
        try:
            with store.session() as session:
                decide(session, finding_id, action, account.name, version,
                       status=status or None, reason=(reason or "").strip() or None)
                return data.finding(session, finding_id)
        except ConflictError as exc:
            raise WebError(409, str(exc)) from exc
        except TransitionError as exc:
            raise WebError(400, str(exc)) from exc
        except data.NotFound:
            raise
        except CoplawError as exc:
            raise WebError(404, str(exc)) from exc

    async def save_uploads(account: Account, code: str, files: list[UploadFile]) -> str:
        need(account, "upload")
        code = code.strip().upper()
        if not CODE.match(code):
            raise WebError(400, "the jurisdiction must be an ISO 3166 code such as KEN or "
                                "GB-SCT")
        files = [f for f in files if f.filename]
        if not files:
            raise WebError(400, "choose at least one file")
        if len(files) > MAX_FILES:
            raise WebError(400, f"at most {MAX_FILES} files per upload")
        folder = upload_dir / secrets.token_hex(8)
        folder.mkdir(parents=True)
        saved: list[Path] = []
        for upload in files:
            name = SAFE_NAME.sub("_", Path(upload.filename or "").name).lstrip(".") or "file"
            if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
                raise WebError(400, f"{upload.filename}: type not accepted; allowed: "
                                    f"{', '.join(sorted(ALLOWED_SUFFIXES))}")
            target = folder / name
            size = 0
            with target.open("wb") as out:
                while chunk := await upload.read(1 << 20):
                    size += len(chunk)
                    if size > MAX_FILE_BYTES:
                        out.close()
                        target.unlink()
                        raise WebError(413, f"{upload.filename}: larger than "
                                            f"{MAX_FILE_BYTES // (1024 * 1024)} MB")
                    out.write(chunk)
            if size == 0:
                target.unlink()
                raise WebError(400, f"{upload.filename}: the file is empty")
            saved.append(target)
        return jobs.start(code, saved, account.name).id

    def law_excerpts(detail: dict[str, Any]) -> list[dict[str, Any]]:
        """Group text evidence by instrument file and mark it in the law's words."""
        by_file: dict[str, list[dict[str, Any]]] = {}
        for ev in detail["evidence"]:
            if ev["kind"] == "text" and ev["origin"] == "machine" and ev["file"]:
                by_file.setdefault(ev["file"], []).append(ev)
        out = []
        for file, evs in by_file.items():
            parts = lawtext.excerpts(file, evs[0]["instrument"], [
                (e["provision"], e["quote"], e["start"], e["end"]) for e in evs])
            out.append({"instrument": evs[0]["instrument"], "title": evs[0]["title"],
                        "parts": parts})
        return out

    # --- pages --------------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/") -> HTMLResponse:
        return render(request, "login.html", None, next=next if next.startswith("/") else "/")

    @app.post("/login", include_in_schema=False, dependencies=[Depends(check_csrf)])
    def login(request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()],
              next: Annotated[str, Form()] = "/") -> Response:
        account = accounts.verify(name, password)
        if account is None:
            return render(request, "login.html", None, 401, next=next,
                          error="Wrong name or password.")
        request.session.clear()
        request.session["user"] = account.name
        request.session["csrf"] = secrets.token_urlsafe(32)
        target = next if next.startswith("/") and not next.startswith("//") else "/"
        return RedirectResponse(target, status_code=303)

    @app.post("/logout", include_in_schema=False, dependencies=[Depends(check_csrf)])
    def logout(request: Request) -> Response:
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request, user: PageUser) -> HTMLResponse:
        with reading() as session:
            view = data.overview(session)
        has_map = (HERE.parent / "report" / "worldmap.py").exists()
        return render(request, "overview.html", user, view=view, has_map=has_map)

    page_cache: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()

    @app.get("/j/{code}", response_class=HTMLResponse, include_in_schema=False)
    def jurisdiction_page(request: Request, code: str, user: PageUser, status: str = "",
                          authority: str = "") -> HTMLResponse:
        # The findings part is the same for every reader until the data changes, so it is
        # rendered once per data version (see ``data.jurisdiction_stamp``).
        with reading() as session:
            stamp = data.jurisdiction_stamp(session, code)
            key = (code, status, authority, stamp)
            body = page_cache.get(key) if stamp is not None else None
            if body is None:
                view = data.jurisdiction(session, code, status or None, authority or None)
                view["runs"] = len(data.assessments(session, code))
                body = Markup(templates.get_template("_jurisdiction_body.html").render(
                    view=view, status=status, authority=authority, statuses=STATUSES))
                page_cache[key] = body
                while len(page_cache) > 256:
                    page_cache.popitem(last=False)
        return render(request, "jurisdiction.html", user, body=body, title=code)

    @app.get("/j/{code}/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, code: str, user: PageUser, before: int | None = None,
                     after: int | None = None) -> HTMLResponse:
        with reading() as session:
            runs = data.assessments(session, code)
            if len(runs) < 2 and (before is None or after is None):
                raise WebError(404, f"{code} has fewer than two assessments to compare; "
                                    "upload the laws again with the draft bill")
            view = data.compare(session, code, before or runs[1]["id"],
                                after or runs[0]["id"])
        return render(request, "compare.html", user, view=view, runs=runs)

    def country_report_html(code: str) -> str:
        """The country report of the report stage (self-contained HTML, inline styles)."""
        from coplaw.report import country
        from coplaw.report.documents import country_html

        with reading() as session:
            if data.jurisdiction_stamp(session, code) is None:
                raise WebError(404, f"no assessment stored for jurisdiction {code!r}")
            try:
                report = country.from_store(session, code)
            except CoplawError as exc:
                raise WebError(404, str(exc)) from exc
        return country_html(report)

    def report_page(code: str) -> Response:
        page = HTMLResponse(country_report_html(code))
        # The report inlines its stylesheet and carries no script.
        page.headers["Content-Security-Policy"] = (
            "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
            "frame-ancestors 'none'")
        return page

    def report_pdf(code: str) -> Response:
        from coplaw.report.render import html_to_pdf

        html = country_report_html(code)
        pdf = _rendered(lambda out: html_to_pdf(html, out), ".pdf")
        return Response(pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="coplaw-{code}-report.pdf"'})

    @app.get("/j/{code}/report", response_class=HTMLResponse, include_in_schema=False)
    def country_report(code: str, user: PageUser) -> Response:
        return report_page(code)

    @app.get("/j/{code}/report.pdf", include_in_schema=False)
    def country_report_pdf(code: str, user: PageUser) -> Response:
        """The same country report as a PDF, for handing to a ministry."""
        return report_pdf(code)

    @app.get("/reports/global.{fmt}", include_in_schema=False)
    def global_table(fmt: str, user: PageUser) -> Response:
        return global_download(fmt)

    def global_download(fmt: str) -> Response:
        """The review table of the newest assessments in the ICMEC layout, with statistics."""
        from coplaw.report import exports, stats, table
        from coplaw.report.documents import table_html

        if fmt not in GLOBAL_FORMATS:
            raise WebError(404, f"the global table comes as {', '.join(GLOBAL_FORMATS)}")
        with reading() as session:
            tab = table.from_latest(session)
        if not tab.rows:
            raise WebError(404, "no stored assessment with review criteria yet")
        figures = stats.compute(tab)
        writers: dict[str, Callable[[Path], object]] = {
            "csv": lambda out: exports.write_csv(tab, out),
            "xlsx": lambda out: exports.write_xlsx(tab, figures, out),
            "json": lambda out: exports.write_json(exports.table_json(tab, figures), out),
            "html": lambda out: out.write_text(table_html(tab, figures), encoding="utf-8"),
        }
        body = _rendered(writers[fmt], f".{fmt}")
        return Response(body, media_type=GLOBAL_FORMATS[fmt], headers={
            "Content-Disposition": f'attachment; filename="coplaw-global-table.{fmt}"'})

    @app.get("/j/{code}/terminology", response_class=HTMLResponse, include_in_schema=False)
    def terminology_page(request: Request, code: str, user: PageUser) -> HTMLResponse:
        """Outdated terms in each instrument of the newest assessment, in context."""
        with reading() as session:
            instruments = data.latest_instruments(session, code)
        views = [{**inst, "terms": lawtext.terminology(inst["file"])} for inst in instruments]
        return render(request, "terminology.html", user, code=code, instruments=views)

    def answers_file(code: str) -> Path:
        return upload_dir.parent / "answers" / f"{code}.json"

    def submit_answers(user: Account, code: str, rows: list[dict[str, str]]) -> Job:
        """Validate answers with the questionnaire stage (all or nothing), merge them into
        the jurisdiction's answers file and the store, and start a re-assessment with them."""
        from coplaw.questionnaire.answers import AnswerFileError, import_file

        need(user, "review")
        if not rows:
            raise WebError(400, "no question was answered")
        with reading() as session:
            instruments = data.latest_instruments(session, code)
        folder = upload_dir.parent / "answers"
        folder.mkdir(parents=True, exist_ok=True)
        submitted = folder / f"{code}-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}.json"
        submitted.write_text(json.dumps({"jurisdiction": code, "questions": rows}), "utf-8")
        try:
            import_file(submitted, answers_file(code),
                        store.engine.url.render_as_string(hide_password=False))
        except AnswerFileError as exc:
            submitted.unlink(missing_ok=True)
            raise WebError(400, str(exc)) from exc
        return jobs.start(code, [Path(i["file"]) for i in instruments], user.name,
                          answers=answers_file(code))

    def recorded_answers(code: str) -> dict[str, Any]:
        from coplaw.questionnaire.answers import read_answers

        path = answers_file(code)
        return read_answers(path).answers if path.exists() else {}

    @app.get("/j/{code}/questionnaire", response_class=HTMLResponse, include_in_schema=False)
    def questionnaire_page(request: Request, code: str, user: PageUser) -> HTMLResponse:
        """Questions that legislation cannot answer, with the answers recorded so far."""
        from coplaw.questionnaire.questions import ANSWERS, questions

        with reading() as session:
            data.latest_instruments(session, code)  # 404 for an unknown jurisdiction
        known = recorded_answers(code)
        return render(request, "questionnaire.html", user, code=code, questions=questions(),
                      answers=known, choices=ANSWERS, today=dt.date.today().isoformat())

    @app.post("/j/{code}/questionnaire", include_in_schema=False,
              dependencies=[Depends(check_csrf)])
    async def questionnaire_submit(request: Request, code: str, user: PageUser) -> Response:
        """Validate the answers with the questionnaire stage, merge them into the
        jurisdiction's answers file and the store, and re-assess with them."""
        from coplaw.questionnaire.questions import questions

        need(user, "review")
        form = await request.form()
        respondent = str(form.get("respondent") or "").strip()
        answered_on = str(form.get("answered_on") or "").strip()
        rows = []
        for q in questions():
            answer = str(form.get(f"a:{q.id}") or "").strip()
            explanation = str(form.get(f"e:{q.id}") or "").strip()
            if answer or explanation:
                rows.append({"id": q.id, "answer": answer, "explanation": explanation,
                             "respondent": respondent, "answered_on": answered_on,
                             "source_file": f"web form ({user.name})"})
        job = submit_answers(user, code, rows)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/map.svg", include_in_schema=False)
    def map_svg(user: PageUser) -> Response:
        return world_map()

    def world_map() -> Response:
        """The world map of ICMEC criteria met, drawn by the report stage."""
        from coplaw.report import worldmap

        with reading() as session:
            view = data.overview(session)
        rows = [(j["code"], j["met"], ", ".join(
            f"{c['title']}: {j['statuses'][c['id']] or '-'}" for c in view["criteria"]))
            for j in view["jurisdictions"] if len(j["code"]) == 3]
        legend, colours = worldmap.criteria_legend()
        svg = worldmap.render_svg("ICMEC review criteria met", worldmap.criteria_values(rows),
                                  legend, colours, f"{len(rows)} jurisdictions assessed")
        return Response(svg, media_type="image/svg+xml")

    @app.get("/findings/{finding_id}", response_class=HTMLResponse, include_in_schema=False)
    def finding_page(request: Request, finding_id: int,
                     user: PageUser) -> HTMLResponse:
        with reading() as session:
            detail = data.finding(session, finding_id)
            trail = data.audit(session, 50, str(finding_id))
        trail = [t for t in trail if t["entity"] == "finding"]
        allowed = [s for s in STATUSES if detail["framework"] not in BINARY_FRAMEWORKS
                   or s in ("met", "not_met")]
        other = next((s for s in allowed if s != detail["status"]), allowed[0])
        return render(request, "finding.html", user, f=detail, laws=law_excerpts(detail),
                      trail=trail, statuses=allowed, other=other)

    @app.post("/findings/{finding_id}/review", include_in_schema=False,
              dependencies=[Depends(check_csrf)])
    def review_form(request: Request, finding_id: int, user: PageUser,
                    action: Annotated[str, Form()], version: Annotated[int, Form()],
                    status: Annotated[str, Form()] = "",
                    reason: Annotated[str, Form()] = "") -> Response:
        apply_review(user, finding_id, action, version, status, reason)
        return RedirectResponse(f"/findings/{finding_id}", status_code=303)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_page(request: Request, user: PageUser) -> HTMLResponse:
        need(user, "upload")
        return render(request, "upload.html", user, allowed=sorted(ALLOWED_SUFFIXES),
                      max_mb=MAX_FILE_BYTES // (1024 * 1024), max_files=MAX_FILES,
                      recent=[j.to_dict() for j in jobs.recent(20)])

    @app.post("/upload", include_in_schema=False, dependencies=[Depends(check_csrf)])
    async def upload(request: Request, jurisdiction: Annotated[str, Form()],
                     files: Annotated[list[UploadFile], File()],
                     user: PageUser) -> Response:
        job_id = await save_uploads(user, jurisdiction, files)
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(request: Request, job_id: str, user: PageUser) -> Response:
        job = jobs.get(job_id)
        if job is None:
            raise WebError(404, f"no assessment job {job_id}")
        fragment = request.headers.get("hx-request") == "true"
        return render(request, "_progress.html" if fragment else "job.html", user,
                      job=job.to_dict())

    @app.get("/standards", response_class=HTMLResponse, include_in_schema=False)
    def standards_page(request: Request, user: PageUser) -> HTMLResponse:
        return render(request, "standards.html", user,
                      frameworks=data.standards(data.catalogue()))

    @app.get("/standards/{item_id}", response_class=HTMLResponse, include_in_schema=False)
    def standard_page(request: Request, item_id: str,
                      user: PageUser) -> HTMLResponse:
        return render(request, "standard.html", user,
                      s=data.standard(data.catalogue(), item_id))

    @app.get("/admin/accounts", response_class=HTMLResponse, include_in_schema=False)
    def accounts_page(request: Request, user: PageUser, message: str = "") -> HTMLResponse:
        need(user, "admin")
        return render(request, "accounts.html", user, accounts=accounts.all(), roles=ROLES,
                      message=message)

    @app.post("/admin/accounts", include_in_schema=False, dependencies=[Depends(check_csrf)])
    def accounts_change(request: Request, user: PageUser, name: Annotated[str, Form()],
                        role: Annotated[str, Form()],
                        password: Annotated[str, Form()] = "") -> Response:
        """Create an account (with a password) or change an account's role (without)."""
        need(user, "admin")
        try:
            if password:
                accounts.add(name, password, role, user.name)
            else:
                if name == user.name and role != "admin":
                    raise AccountError("an administrator cannot demote their own account")
                accounts.set_role(name, role, user.name)
        except AccountError as exc:
            raise WebError(400, str(exc)) from exc
        return RedirectResponse("/admin/accounts", status_code=303)

    @app.get("/account", response_class=HTMLResponse, include_in_schema=False)
    def my_account(request: Request, user: PageUser) -> HTMLResponse:
        """One's own API tokens (issue, revoke) and password."""
        return render(request, "account.html", user, tokens=accounts.tokens(user.name),
                      new_token=request.session.pop("new_token", None),
                      message=request.session.pop("message", None))

    @app.post("/account/tokens", include_in_schema=False, dependencies=[Depends(check_csrf)])
    def my_new_token(request: Request, user: PageUser,
                     label: Annotated[str, Form()] = "") -> Response:
        # Shown once on the next page and then forgotten: only its digest is stored.
        request.session["new_token"] = accounts.new_token(user.name, label.strip() or None)
        return RedirectResponse("/account", status_code=303)

    @app.post("/account/tokens/{token_id}/revoke", include_in_schema=False,
              dependencies=[Depends(check_csrf)])
    def my_revoke(request: Request, token_id: int, user: PageUser) -> Response:
        try:
            accounts.revoke(user.name, token_id)
        except AccountError as exc:
            raise WebError(404, str(exc)) from exc
        request.session["message"] = f"Token {token_id} revoked."
        return RedirectResponse("/account", status_code=303)

    @app.post("/account/password", include_in_schema=False,
              dependencies=[Depends(check_csrf)])
    def my_password(request: Request, user: PageUser, current: Annotated[str, Form()],
                    new: Annotated[str, Form()]) -> Response:
        if accounts.verify(user.name, current) is None:
            raise WebError(403, "the current password is not right")
        try:
            accounts.set_password(user.name, new, user.name)
        except AccountError as exc:
            raise WebError(400, str(exc)) from exc
        request.session["message"] = "Password changed."
        return RedirectResponse("/account", status_code=303)

    def review_table(session: Session, name: str) -> Any:
        from coplaw.report import table

        if name == "latest":
            return table.from_latest(session)
        try:
            return table.from_edition(session, name)
        except CoplawError as exc:
            raise WebError(404, str(exc)) from exc

    def compare_editions(before: str, after: str) -> Any:
        from coplaw.report.compare import compare

        with reading() as session:
            return compare(review_table(session, before), review_table(session, after))

    def edition_csv(name: str) -> Response:
        from coplaw.store.editions import export_table

        with reading() as session:
            review_table(session, name)  # 404 for an unknown edition
            body = _rendered(lambda out: export_table(session, name, out), ".csv")
        return Response(body, media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="coplaw-edition-{name}.csv"'})

    @app.get("/editions", response_class=HTMLResponse, include_in_schema=False)
    def editions_page(request: Request, user: PageUser, before: str = "",
                      after: str = "latest") -> HTMLResponse:
        """Published editions, and what changed from one to another (or to today)."""
        from coplaw.report.table import CRITERION_TITLES

        with reading() as session:
            listed = workflow.editions(session)
        comparison = compare_editions(before, after).to_dict() if before else None
        return render(request, "editions.html", user, editions=listed, before=before,
                      after=after, comparison=comparison, titles=CRITERION_TITLES)

    @app.get("/editions/{name}.csv", include_in_schema=False)
    def edition_download(name: str, user: PageUser) -> Response:
        return edition_csv(name)

    @app.get("/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request, user: PageUser) -> HTMLResponse:
        with reading() as session:
            entries = data.audit(session)
        return render(request, "audit.html", user, entries=entries)

    # --- review workflow ----------------------------------------------------------------
    # After review: preliminary results, the letter to the government, its answers, and
    # publication (logic and refusals in ``workflow``; the store writes the audit entries).

    letters_dir = upload_dir.parent / "letters"

    def workflow_view(request: Request, user: Account, code: str, http_status: int = 200,
                      error: str | None = None) -> HTMLResponse:
        with reading() as session:
            view = workflow.state(session, code)
        return render(request, "workflow.html", user, http_status, view=view, error=error,
                      message=request.session.pop("workflow_message", None),
                      today=workflow.today())

    def workflow_step(request: Request, user: Account, code: str,
                      step: Callable[[], str]) -> Response:
        """Run one step of a workflow form: back to the page with what was done, or the page
        again with the reason it was refused."""
        try:
            message = step()
        except WebError as exc:
            if exc.status == 404:
                raise
            return workflow_view(request, user, code, exc.status, exc.message)
        request.session["workflow_message"] = message
        return RedirectResponse(f"/j/{code}/workflow", status_code=303)

    def letter_download(user: Account, code: str, letter_id: int, fmt: str) -> Response:
        """Letters are correspondence with a government before publication: the review
        team reads them, viewers do not."""
        from fastapi.responses import FileResponse

        need(user, "review")

        with reading() as session:
            found = workflow.letter_file(session, code.upper(), letter_id, fmt)
        return FileResponse(found.path, media_type=found.media_type, filename=found.filename)

    @app.get("/j/{code}/workflow", response_class=HTMLResponse, include_in_schema=False)
    def workflow_page(request: Request, code: str, user: PageUser) -> HTMLResponse:
        return workflow_view(request, user, code.upper())

    @app.post("/j/{code}/workflow/preliminary", include_in_schema=False,
              dependencies=[Depends(check_csrf)])
    def workflow_preliminary(request: Request, code: str, user: PageUser,
                             framework: Annotated[str, Form()] = "") -> Response:
        need(user, "workflow")
        code = code.upper()
        return workflow_step(request, user, code, lambda: (
            f"{len(workflow.make_preliminary(store, code, user.name, framework or None))} "
            "finding(s) are now preliminary results."))

    @app.post("/j/{code}/workflow/letters", include_in_schema=False,
              dependencies=[Depends(check_csrf)])
    def workflow_letter(request: Request, code: str, user: PageUser,
                        addressee: Annotated[str, Form()] = "",
                        reply_by: Annotated[str, Form()] = "") -> Response:
        need(user, "workflow")
        code = code.upper()

        def send() -> str:
            sent = workflow.send_letter(store, code, user.name, letters_dir, addressee,
                                        reply_by)
            return (f"Letter {sent['id']} to {sent['addressee']} written: "
                    f"{sent['findings']} result(s) sent for confirmation.")
        return workflow_step(request, user, code, send)

    @app.get("/j/{code}/letters/{letter_id}/{fmt}", include_in_schema=False)
    def letter_file(code: str, letter_id: int, fmt: str, user: PageUser) -> Response:
        return letter_download(user, code, letter_id, fmt)

    @app.post("/j/{code}/workflow/publish", include_in_schema=False,
              dependencies=[Depends(check_csrf)])
    def workflow_publish(request: Request, code: str, user: PageUser,
                         name: Annotated[str, Form()]) -> Response:
        need(user, "publish")
        code = code.upper()

        def publish() -> str:
            made = workflow.publish_edition(store, name, user.name, [code])
            return f"Edition {made['name']} published with {', '.join(made['jurisdictions'])}."
        return workflow_step(request, user, code, publish)

    @app.post("/findings/{finding_id}/answer", include_in_schema=False,
              dependencies=[Depends(check_csrf)])
    def answer_form(request: Request, finding_id: int, user: PageUser,
                    action: Annotated[str, Form()], version: Annotated[int, Form()],
                    answer_date: Annotated[str, Form()] = "",
                    answer_text: Annotated[str, Form()] = "",
                    status: Annotated[str, Form()] = "") -> Response:
        """The government's answer to a finding sent for confirmation."""
        need(user, "workflow")
        workflow.record_answer(store, finding_id, user.name, action, version, answer_date,
                               answer_text, status)
        return RedirectResponse(f"/findings/{finding_id}", status_code=303)

    # --- JSON API -----------------------------------------------------------------------

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        """The API described from its OpenAPI document, without any external script."""
        spec = app.openapi()
        name = request.session.get("user")
        routes = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                   "description": op.get("description", ""), "tags": op.get("tags", [])}
                  for path, ops in spec["paths"].items() for method, op in ops.items()]
        user = accounts.get(name, fresh=False) if isinstance(name, str) else None
        return render(request, "api.html", user, spec=spec, routes=routes)

    @app.get("/api/jurisdictions", tags=["findings"])
    def api_jurisdictions(user: ApiUser) -> dict[str, Any]:
        """Every assessed jurisdiction with its ICMEC review statuses."""
        with reading() as session:
            return data.overview(session)

    @app.get("/api/jurisdictions/{code}", tags=["findings"])
    def api_jurisdiction(code: str, user: ApiUser, status: str | None = None,
                         authority: str | None = None) -> dict[str, Any]:
        """Findings of the newest assessment, grouped by framework and area."""
        with reading() as session:
            return data.jurisdiction(session, code, status, authority)

    @app.get("/api/jurisdictions/{code}/assessments", tags=["findings"])
    def api_assessments(code: str, user: ApiUser) -> list[dict[str, Any]]:
        """Stored assessments of a jurisdiction, newest first."""
        with reading() as session:
            return data.assessments(session, code)

    @app.get("/api/jurisdictions/{code}/compare", tags=["findings"])
    def api_compare(code: str, before: int, after: int, user: ApiUser) -> dict[str, Any]:
        """Standards whose status differs between two assessments (e.g. law vs. with bill)."""
        with reading() as session:
            return data.compare(session, code, before, after)

    @app.get("/api/findings/{finding_id}", tags=["findings"])
    def api_finding(finding_id: int, user: ApiUser) -> dict[str, Any]:
        """One finding with its evidence and review history."""
        with reading() as session:
            return data.finding(session, finding_id)

    @app.post("/api/findings/{finding_id}/review", tags=["review"])
    def api_review(finding_id: int, body: Review,
                   user: ApiUser) -> dict[str, Any]:
        """Accept or override a finding; ``version`` is the version you saw (409 if stale)."""
        return apply_review(user, finding_id, body.action, body.version, body.status,
                            body.reason)

    @app.get("/api/jurisdictions/{code}/workflow", tags=["workflow"])
    def api_workflow(code: str, user: ApiUser) -> dict[str, Any]:
        """Findings of the newest assessment counted by workflow state, what blocks each next
        step, the letters sent and the editions the jurisdiction is in."""
        with reading() as session:
            return workflow.state(session, code.upper())

    @app.post("/api/jurisdictions/{code}/workflow/preliminary", tags=["workflow"])
    def api_preliminary(code: str, body: workflow.PreliminaryRequest,
                        user: ApiUser) -> dict[str, Any]:
        """Make the reviewed findings (of one framework, if given) preliminary results;
        400 naming the findings not yet reviewed."""
        need(user, "workflow")
        return {"preliminary": workflow.make_preliminary(store, code.upper(), user.name,
                                                         body.framework)}

    @app.get("/api/jurisdictions/{code}/workflow/letters", tags=["workflow"])
    def api_letters(code: str, user: ApiUser) -> list[dict[str, Any]]:
        """Confirmation letters sent to the jurisdiction's government, newest first."""
        with reading() as session:
            return workflow.letters(session, code.upper())

    @app.post("/api/jurisdictions/{code}/workflow/letters", tags=["workflow"],
              status_code=201)
    def api_send_letter(code: str, body: workflow.LetterRequest,
                        user: ApiUser) -> dict[str, Any]:
        """Write the confirmation letter (DOCX and PDF) with the preliminary results and
        mark them sent for confirmation."""
        need(user, "workflow")
        return workflow.send_letter(store, code.upper(), user.name, letters_dir,
                                    body.addressee, body.reply_by)

    @app.get("/api/jurisdictions/{code}/workflow/letters/{letter_id}/{fmt}",
             tags=["workflow"], response_class=Response)
    def api_letter_file(code: str, letter_id: int, fmt: str, user: ApiUser) -> Response:
        """A letter's file: ``fmt`` is docx or pdf."""
        return letter_download(user, code, letter_id, fmt)

    @app.post("/api/findings/{finding_id}/answer", tags=["workflow"])
    def api_answer(finding_id: int, body: workflow.GovernmentAnswer,
                   user: ApiUser) -> dict[str, Any]:
        """Record the government's answer: confirm, or correct with a status (409 if
        ``version`` is stale)."""
        need(user, "workflow")
        workflow.record_answer(store, finding_id, user.name, body.action, body.version,
                               body.answer_date, body.answer_text, body.status)
        with reading() as session:
            return data.finding(session, finding_id)

    @app.get("/api/editions/compare", tags=["reports"])
    def api_compare_editions(before: str, after: str, user: ApiUser) -> dict[str, Any]:
        """Which jurisdictions gained or lost criteria between two editions; ``latest`` is
        the newest stored assessments."""
        return compare_editions(before, after).to_dict()

    @app.get("/api/editions/{name}.csv", tags=["reports"], response_class=Response)
    def api_edition_csv(name: str, user: ApiUser) -> Response:
        """An edition as CSV in the ICMEC layout."""
        return edition_csv(name)

    @app.get("/api/editions", tags=["workflow"])
    def api_editions(user: ApiUser) -> list[dict[str, Any]]:
        """Published editions of the review table, newest first."""
        with reading() as session:
            return workflow.editions(session)

    @app.post("/api/editions", tags=["workflow"], status_code=201)
    def api_publish(body: workflow.EditionRequest, user: ApiUser) -> dict[str, Any]:
        """Publish an edition of the results sent to governments (administrators); with
        ``jurisdictions`` every one named must be ready, else 400 with the reasons."""
        need(user, "publish")
        return workflow.publish_edition(store, body.name, user.name, body.jurisdictions)

    @app.post("/api/uploads", tags=["assessment"], status_code=202)
    async def api_upload(jurisdiction: Annotated[str, Form()],
                         files: Annotated[list[UploadFile], File()],
                         user: ApiUser) -> dict[str, Any]:
        """Upload instruments and start their assessment; poll ``/api/jobs/{id}``."""
        job_id = await save_uploads(user, jurisdiction, files)
        job = jobs.get(job_id)
        assert job is not None
        return job.to_dict()

    @app.get("/api/jobs/{job_id}", tags=["assessment"])
    def api_job(job_id: str, user: ApiUser) -> dict[str, Any]:
        job = jobs.get(job_id)
        if job is None:
            raise WebError(404, f"no assessment job {job_id}")
        return job.to_dict()

    @app.get("/api/standards", tags=["standards"])
    def api_standards(user: ApiUser) -> list[dict[str, Any]]:
        return data.standards(data.catalogue())

    @app.get("/api/standards/{item_id}", tags=["standards"])
    def api_standard(item_id: str, user: ApiUser) -> dict[str, Any]:
        """One standard with its source pointer and crosswalk links."""
        return data.standard(data.catalogue(), item_id)

    @app.get("/api/audit", tags=["review"])
    def api_audit(user: ApiUser, limit: int = 200) -> list[dict[str, Any]]:
        with reading() as session:
            return data.audit(session, max(1, min(limit, 1000)))

    @app.get("/api/jobs", tags=["assessment"])
    def api_jobs(user: ApiUser, limit: int = 50) -> list[dict[str, Any]]:
        """The newest assessment jobs started from the web, with their progress."""
        return [j.to_dict() for j in jobs.recent(max(1, min(limit, 500)))]

    # --- API: reports, terminology, questionnaire ------------------------------------

    @app.get("/api/jurisdictions/{code}/report", tags=["reports"],
             response_class=HTMLResponse)
    def api_report(code: str, user: ApiUser) -> Response:
        """The country report as one self-contained HTML page."""
        return report_page(code)

    @app.get("/api/jurisdictions/{code}/report.pdf", tags=["reports"],
             response_class=Response)
    def api_report_pdf(code: str, user: ApiUser) -> Response:
        """The country report as PDF."""
        return report_pdf(code)

    @app.get("/api/reports/global.{fmt}", tags=["reports"], response_class=Response)
    def api_global_table(fmt: str, user: ApiUser) -> Response:
        """The global review table (csv, xlsx, json or html) with its statistics."""
        return global_download(fmt)

    @app.get("/api/map.svg", tags=["reports"], response_class=Response)
    def api_map(user: ApiUser) -> Response:
        """The world map coloured by the number of ICMEC review criteria met."""
        return world_map()

    @app.get("/api/jurisdictions/{code}/terminology", tags=["terminology"])
    def api_terminology(code: str, user: ApiUser) -> list[dict[str, Any]]:
        """Outdated terms in each instrument of the newest assessment, with offsets into the
        instrument's text; ``flagged`` is false when a context (a quotation, a treaty
        title) excuses the use."""
        from coplaw.terminology.lint import lint_instrument

        with reading() as session:
            instruments = data.latest_instruments(session, code)
        out = []
        for inst in instruments:
            doc = lawtext.load_instrument(inst["file"])
            out.append({"instrument": inst["key"], "title": inst["title"],
                        "readable": doc is not None,
                        "terms": [{k: v for k, v in occ.to_dict().items() if k != "file"}
                                  for occ in (lint_instrument(doc) if doc else [])]})
        return out

    @app.get("/api/jurisdictions/{code}/questionnaire", tags=["questionnaire"])
    def api_questionnaire(code: str, user: ApiUser) -> dict[str, Any]:
        """The questions legislation cannot answer, and the answers recorded so far."""
        from coplaw.questionnaire.questions import ANSWERS, questions

        with reading() as session:
            data.latest_instruments(session, code)  # 404 for an unknown jurisdiction
        known = recorded_answers(code)
        return {"jurisdiction": code, "choices": list(ANSWERS),
                "questions": [asdict(q) for q in questions()],
                "answers": {k: {f: v for f, v in asdict(a).items() if f != "source_file"}
                            for k, a in known.items()}}

    @app.post("/api/jurisdictions/{code}/questionnaire", tags=["questionnaire"],
              status_code=202)
    def api_questionnaire_submit(code: str, body: AnswerSubmission,
                                 user: ApiUser) -> dict[str, Any]:
        """Record answers (all are checked; none is kept if one is wrong) and re-assess the
        jurisdiction with them; poll ``/api/jobs/{id}``."""
        rows = [{"id": a.id, "answer": a.answer.strip(), "explanation": a.explanation.strip(),
                 "respondent": body.respondent.strip(), "answered_on": body.answered_on.strip(),
                 "source_file": f"API ({user.name})"} for a in body.answers]
        return submit_answers(user, code, rows).to_dict()

    # --- API: accounts and tokens ----------------------------------------------------

    def account_dict(account: Account) -> dict[str, Any]:
        return {"name": account.name, "role": account.role, "tokens": account.tokens,
                "rights": [r for r in RIGHTS if can(account.role, r)]}

    def account_call(call: Callable[[], object]) -> None:
        try:
            call()
        except AccountError as exc:
            raise WebError(404 if "no account" in str(exc) or "no token" in str(exc) else 400,
                           str(exc)) from exc

    @app.get("/api/me", tags=["accounts"])
    def api_me(user: ApiUser) -> dict[str, Any]:
        """The account the token belongs to, with its role and rights."""
        return account_dict(user)

    @app.get("/api/me/tokens", tags=["accounts"])
    def api_my_tokens(user: ApiUser) -> list[dict[str, Any]]:
        return [asdict(t) for t in accounts.tokens(user.name)]

    @app.post("/api/me/tokens", tags=["accounts"], status_code=201)
    def api_new_token(body: TokenRequest, user: ApiUser) -> dict[str, Any]:
        """A new token for the same account; it is shown only in this answer."""
        token = accounts.new_token(user.name, (body.label or "").strip() or None)
        return {"token": token, "id": accounts.tokens(user.name)[-1].id}

    @app.delete("/api/me/tokens/{token_id}", tags=["accounts"], status_code=204)
    def api_revoke_token(token_id: int, user: ApiUser) -> Response:
        account_call(lambda: accounts.revoke(user.name, token_id))
        return Response(status_code=204)

    @app.get("/api/accounts", tags=["accounts"])
    def api_accounts(user: ApiUser) -> list[dict[str, Any]]:
        need(user, "admin")
        return [account_dict(a) for a in accounts.all()]

    @app.post("/api/accounts", tags=["accounts"], status_code=201)
    def api_add_account(body: NewAccount, user: ApiUser) -> dict[str, Any]:
        need(user, "admin")
        account_call(lambda: accounts.add(body.name, body.password, body.role, user.name))
        found = accounts.get(body.name.strip())
        assert found is not None
        return account_dict(found)

    @app.put("/api/accounts/{name}/role", tags=["accounts"])
    def api_set_role(name: str, body: RoleChange, user: ApiUser) -> dict[str, Any]:
        need(user, "admin")
        if name == user.name and body.role != "admin":
            raise WebError(400, "an administrator cannot demote their own account")
        account_call(lambda: accounts.set_role(name, body.role, user.name))
        found = accounts.get(name)
        assert found is not None
        return account_dict(found)

    @app.delete("/api/accounts/{name}/tokens/{token_id}", tags=["accounts"],
                status_code=204)
    def api_revoke_any(name: str, token_id: int, user: ApiUser) -> Response:
        """Revoke another account's token (administrators)."""
        need(user, "admin")
        account_call(lambda: accounts.revoke(name, token_id, user.name))
        return Response(status_code=204)

    return app
