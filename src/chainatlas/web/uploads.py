"""The upload page: editors send documents and workbooks, follow the job and read its report (`services.uploads`).

Each form posts its files with the CSRF token; a file of the wrong kind or over the CLI's size limit is refused
with one line (400) before anything is stored. Accepted files are written to a temporary folder under their
uploaded names and the job starts in a background thread; the browser goes to `/upload/{id}`, which refreshes
itself until the job is done and then shows its report with links to the pages it changed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from chainatlas.analytics.table import Limits
from chainatlas.ingest.decode import MAX_BYTES
from chainatlas.ingest.formats import DOCUMENT_SUFFIXES
from chainatlas.input_files import too_large
from chainatlas.services.uploads import Runner, Upload, end_dead_jobs, find_job, recent_jobs, start_job
from chainatlas.web.deps import Db, EditUser, StoreId, check_csrf, store_of, templates_of

router = APIRouter(include_in_schema=False)
Token = Annotated[str | None, Form()]
Text = Annotated[str, Form()]
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".csv"})
MAX_NAME = 200  # characters of an uploaded file's name
RECENT = 20  # jobs listed on the upload page
_CHUNK = 1 << 20


def _refuse(detail: str) -> HTTPException:
    return HTTPException(status_code=400, detail=detail)


def _name(upload: UploadFile) -> str:
    """The uploaded file's own name (no folders of the sender's machine); 400 when it has none usable."""
    name = PureWindowsPath(PurePosixPath(upload.filename or "").name).name.strip()
    if not name or name.startswith(".") or len(name) > MAX_NAME:
        raise _refuse(f"{name or 'a file'}: not a usable file name")
    return name


def _save(upload: UploadFile, target: Path, limit: int) -> None:
    """Copy an upload to `target`, refusing (400) one larger than `limit` bytes."""
    size = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise _refuse(f"{target.name}: {too_large(upload.size or size, limit)}")
            out.write(chunk)


def _stage(uploads: list[UploadFile], suffixes: frozenset[str], limit: int) -> tuple[Path, list[Path]]:
    """The uploads checked (kind, size) and written to a new temporary folder, each in its own subfolder;
    nothing is left behind when one is refused."""
    if not any(u.filename for u in uploads):
        raise _refuse("no file chosen")
    folder = Path(tempfile.mkdtemp(prefix="chainatlas-upload-"))
    try:
        paths = []
        for number, upload in enumerate(uploads):
            name = _name(upload)
            if PurePosixPath(name).suffix.lower() not in suffixes:
                raise _refuse(f"{name}: not one of {', '.join(sorted(suffixes))}")
            if upload.size is not None and upload.size > limit:
                raise _refuse(f"{name}: {too_large(upload.size, limit)}")
            place = folder / str(number) if len(uploads) > 1 else folder
            place.mkdir(exist_ok=True)
            _save(upload, place / name, limit)
            paths.append(place / name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, paths


def _start(request: Request, user: EditUser, kind: str, uploads: list[UploadFile], **options: str) -> Response:
    documents = kind == "documents"
    limit = MAX_BYTES if documents else Limits().file_bytes
    folder, paths = _stage(uploads, DOCUMENT_SUFFIXES if documents else WORKBOOK_SUFFIXES, limit)
    runner: Runner = request.app.state.upload_runner
    job = start_job(store_of(request), Upload(kind, user.name, folder, paths, options), runner)
    return RedirectResponse(f"/upload/{job}", status_code=303)


def _end_dead_jobs(request: Request) -> None:
    """Before jobs are shown: those whose server stopped mid-job end as failed."""
    end_dead_jobs(store_of(request), request.app.state.clock())


@router.get("/upload")
def upload_page(request: Request, user: EditUser, db: Db) -> Response:
    _end_dead_jobs(request)
    recent = recent_jobs(db, RECENT)
    context = {"jobs": recent, "today": dt.date.today().isoformat(), "max_document": MAX_BYTES,
               "max_workbook": Limits().file_bytes}  # fmt: skip
    return templates_of(request).TemplateResponse(request, "upload.html", context)


@router.post("/upload/documents")
def upload_documents(
    request: Request, user: EditUser, files: Annotated[list[UploadFile], File()], csrf: Token = None
) -> Response:
    check_csrf(request, csrf)
    return _start(request, user, "documents", files)


@router.post("/upload/projects")
def upload_projects(
    request: Request, user: EditUser, file: Annotated[UploadFile, File()], today: Text, sheet: Text = "",
    csrf: Token = None,
) -> Response:  # fmt: skip
    check_csrf(request, csrf)
    try:
        dt.date.fromisoformat(today)
    except ValueError:
        raise _refuse(f"today: {today!r} is not a date (YYYY-MM-DD)") from None
    return _start(request, user, "projects", [file], today=today, sheet=sheet)


@router.post("/upload/register")
def upload_register(
    request: Request, user: EditUser, file: Annotated[UploadFile, File()], sheet: Text = "", csrf: Token = None
) -> Response:
    check_csrf(request, csrf)
    return _start(request, user, "register", [file], sheet=sheet)


@router.post("/upload/dataset")
def upload_dataset(
    request: Request, user: EditUser, file: Annotated[UploadFile, File()], name: Text, metric: Text, region: Text,
    activity: Text, value: Text, year: Text = "", unit: Text = "", sheet: Text = "", csrf: Token = None,
) -> Response:  # fmt: skip
    check_csrf(request, csrf)
    for what, given in (("name", name), ("metric", metric), ("region", region), ("activity", activity),
                        ("value", value)):  # fmt: skip
        if not given.strip():
            raise _refuse(f"{what}: required")
    options = {"name": name.strip(), "metric": metric.strip(), "region": region, "activity": activity,
               "value": value, "year": year, "unit": unit.strip(), "sheet": sheet}  # fmt: skip
    return _start(request, user, "dataset", [file], **options)


@router.get("/upload/{job_id}")
def job_page(request: Request, user: EditUser, db: Db, job_id: StoreId) -> Response:
    _end_dead_jobs(request)
    job = find_job(db, job_id)
    if job is None:
        raise HTTPException(status_code=404, detail=f"no upload with id {job_id}")
    return templates_of(request).TemplateResponse(request, "upload_job.html", {"job": job})
