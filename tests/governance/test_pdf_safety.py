"""A board pack is safe whatever officers type: nothing local or remote gets into the PDF.

The hostile narrative points an image and an attachment at a local file holding a random
token, and a stylesheet and an image at a server on 127.0.0.1 that records every request.
The pack must not contain the token (in its text or any of its streams), must embed no
files, must not have asked the server for anything, and must show the markup as text.
"""

from __future__ import annotations

import http.server
import logging
import re
import secrets
import threading
import time
from collections.abc import Iterator
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import StreamObject
from weasyprint.urls import URLFetcher

from actionplans.models import Rag
from actionplans.services import progress_update_record
from governance.packs import pdf
from governance.packs.build import board_pack_build
from governance.packs.pdf import (
    BASE_URL,
    PROGRESS_LOGGER,
    PackHTML,
    RefusedURL,
    StaticFilesURLFetcher,
    _PageProgress,
    read_static,
    render_pdf,
    strip_attachments,
)
from governance.packs.request import board_pack_request
from tests.conftest import build_meeting

pytestmark = pytest.mark.django_db


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { background: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def listening_server() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that records the path of every request it gets."""
    hits: list[str] = []
    handler = type("Recorder", (_Recorder,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def secret_file(tmp_path) -> tuple[str, str]:
    token = f"TOKEN{secrets.token_hex(16)}"
    path = tmp_path / "secret.txt"
    path.write_text(f"The secret is {token}\n")
    return path.as_uri(), token


def hostile_markup(file_url: str, server: str) -> str:
    return (
        f'<img src="{file_url}" alt="x">'
        f'<a rel="attachment" href="{file_url}">attachment</a>'
        f'<link rel="attachment" href="{file_url}">'
        f'<link rel="stylesheet" href="{server}/evil.css">'
        f'<img src="{server}/evil.png" alt="y">'
        f"<style>@import url({server}/imported.css);</style>"
    )


def every_stream(reader: PdfReader) -> bytes:
    """All of the PDF's streams, decompressed, one after another."""
    found = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # free entries in the cross-reference table
            continue
        if isinstance(obj, StreamObject):
            found.append(obj.get_data())
    return b"\n".join(found)


def embedded_files(reader: PdfReader) -> list[str]:
    """Names of embedded files and file attachment annotations anywhere in the PDF."""
    found = []
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("/EmbeddedFiles")
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append("/FileAttachment")
    return found


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_pack_whose_narratives_hold_hostile_markup_leaks_nothing_and_shows_it_as_text(
    council, owner, plan, listening_server, secret_file
):
    server, hits = listening_server
    file_url, token = secret_file
    markup = hostile_markup(file_url, server)
    action = plan.actions.first()
    progress_update_record(action=action, author=owner, narrative=markup, rag=Rag.RED, period=None)
    meeting = build_meeting(council, plan, date=timezone.localdate())

    pack = board_pack_build(
        pack=board_pack_request(
            meeting=meeting, plans=[plan], part="I", requested_by=owner, background=False
        )
    )

    content = pack.pdf.read()
    reader = PdfReader(BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert token not in text
    assert token.encode() not in content
    assert token.encode() not in every_stream(reader)
    assert embedded_files(reader) == []
    assert hits == []
    assert squashed(f'<a rel="attachment" href="{file_url}">') in squashed(text)
    assert squashed(f'<link rel="stylesheet" href="{server}/evil.css">') in squashed(text)


def test_even_unescaped_hostile_markup_cannot_reach_files_or_the_network(
    listening_server, secret_file
):
    """The fetcher is the wall behind autoescaping: raw markup given to the renderer itself."""
    server, hits = listening_server
    file_url, token = secret_file
    html = (
        '<html lang="en-GB"><head><title>Hostile</title>'
        f"{hostile_markup(file_url, server)}</head>"
        f"<body><p>Visible</p>{hostile_markup(file_url, server)}"
        f'<iframe src="{file_url}"></iframe><object data="{file_url}"></object>'
        f'<svg><image href="{file_url}"/><image href="{server}/svg.png"/></svg>'
        "</body></html>"
    )

    rendered = render_pdf(html)

    reader = PdfReader(BytesIO(rendered.content))
    assert "Visible" in reader.pages[0].extract_text()
    assert token.encode() not in rendered.content
    assert token.encode() not in every_stream(reader)
    assert embedded_files(reader) == []
    assert hits == []


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("file:///etc/passwd", "Board packs load only their own static files, not file:///etc"),
        ("FILE:///etc/passwd", "Board packs load only their own static files, not FILE:///etc"),
        ("http://127.0.0.1:9/x.css", "Board packs load only their own static files, not http:"),
        ("https://example.org/x.png", "Board packs load only their own static files, not https:"),
        ("ftp://example.org/x", "Board packs load only their own static files, not ftp:"),
        ("https://pledge.invalid/media/board-packs/x.pdf", "Board packs load only their own"),
        ("https://pledge.invalid/static/../config/settings.py", "Not a static file name: ../"),
        ("https://pledge.invalid/static/%2e%2e/config/settings.py", "Not a static file name"),
        ("https://pledge.invalid/static/js/init.mjs", "Board packs do not load text/javascript"),
        ("https://pledge.invalid/static/README", "Board packs do not load unknown files"),
        ("https://pledge.invalid/static/no-such-file.css", "No static file no-such-file.css"),
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_files_and_data_uris_and_says_why(url, why):
    with pytest.raises(RefusedURL, match=re.escape(why)):
        StaticFilesURLFetcher().fetch(url)


def test_behind_our_checks_weasyprints_own_fetching_allows_only_data_uris():
    with pytest.raises(ValueError, match="disallowed protocol"):
        URLFetcher.fetch(StaticFilesURLFetcher(), "file:///etc/passwd")


def test_the_fetcher_serves_our_stylesheet_and_data_uris():
    fetcher = StaticFilesURLFetcher()
    stylesheet = fetcher.fetch("https://pledge.invalid/static/dist/print.css")
    # Under its own URL, so that the relative links in it resolve.
    assert stylesheet.url == "https://pledge.invalid/static/dist/print.css"
    assert stylesheet.content_type == "text/css"
    assert b".pledge-pack" in stylesheet.read()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    "name",
    [
        "",
        "dist/../dist/print.css",
        "/dist/print.css",
        "dist\\print.css",
        "dist/print.css\x00.css",
        "dist/print.css%00.css",
        "dist/%2e%2e/dist/print.css",
    ],
)
def test_the_fetcher_refuses_a_name_that_climbs_or_hides_before_looking_for_the_file(
    name, monkeypatch
):
    # Each names a type a pack may load, so only the name checks stand between it and a
    # look-up; the finders' own checks are not this wall's to rely on.
    looked_for = []
    monkeypatch.setattr(pdf, "read_static", lambda found: looked_for.append(found) or b"")
    with pytest.raises(RefusedURL, match="Not a static file name"):
        StaticFilesURLFetcher().fetch(f"https://pledge.invalid/static/{name}")
    assert looked_for == []


@pytest.mark.parametrize("name", ["/etc/passwd", "../config/settings.py"])
def test_reading_a_static_file_refuses_a_name_outside_the_static_folders(name):
    with pytest.raises(RefusedURL, match=re.escape(f"Not a static file name: {name}")):
        read_static(name)


LONG = "a" * 250
OUTSIDE = f"https://example.org/{LONG}.css"
CLIMBING = f"../{LONG}.css"
MISSING = f"{LONG}.css"


@pytest.mark.parametrize(
    ("ask", "words", "asked"),
    [
        (
            lambda: StaticFilesURLFetcher().fetch(OUTSIDE),
            "Board packs load only their own static files, not ",
            OUTSIDE,
        ),
        (
            lambda: StaticFilesURLFetcher().fetch(f"{BASE_URL}static/{CLIMBING}"),
            "Not a static file name: ",
            CLIMBING,
        ),
        (lambda: read_static(CLIMBING), "Not a static file name: ", CLIMBING),
        (
            lambda: StaticFilesURLFetcher().fetch(f"{BASE_URL}static/{MISSING}"),
            "No static file ",
            MISSING,
        ),
    ],
)
def test_a_refusal_quotes_no_more_than_200_characters_of_what_was_asked_for(ask, words, asked):
    # WeasyPrint logs each refusal; a document cannot fill the log with one long address.
    with pytest.raises(RefusedURL) as refused:
        ask()
    assert str(refused.value) == words + asked[:200]


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("assets/images/govuk-icon-180.png", "image/png"),
        ("assets/fonts/bold-b542beb274-v2.woff2", "font/woff2"),
    ],
)
def test_the_fetcher_serves_images_and_fonts_byte_for_byte(settings, name, content_type):
    on_disk = settings.BASE_DIR / "node_modules/govuk-frontend/dist/govuk" / name
    response = StaticFilesURLFetcher().fetch(f"https://pledge.invalid/static/govuk/{name}")
    assert response.content_type == content_type
    assert response.read() == on_disk.read_bytes()


def test_the_fetcher_serves_a_file_found_only_among_the_collected_static_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "collected-only.css").write_bytes(b"p { color: #0b0c0c }")
    response = StaticFilesURLFetcher().fetch("https://pledge.invalid/static/collected-only.css")
    assert response.read() == b"p { color: #0b0c0c }"


def test_only_attachment_links_lose_their_rel():
    document = PackHTML(
        string='<link rel="stylesheet" href="/static/dist/print.css">'
        '<a rel="nofollow Attachment" href="/static/dist/print.css">print</a>'
        '<a href="/static/dist/print.css">plain</a>',
        base_url=BASE_URL,
    )
    strip_attachments(document)
    links = [element for element in document.etree_element.iter() if element.tag in {"a", "link"}]
    assert [element.get("rel") for element in links] == ["stylesheet", None, None]


def test_a_pack_embeds_nothing_even_when_a_link_attaches_one_of_our_own_static_files():
    html = (
        '<html lang="en-GB"><head><title>Attached</title>'
        '<link rel="attachment" href="/static/dist/print.css"></head><body><p>'
        '<a rel="ATTACHMENT" href="/static/govuk/assets/images/govuk-icon-180.png">icon</a>'
        "</p></body></html>"
    )
    reader = PdfReader(BytesIO(render_pdf(html).content))
    assert embedded_files(reader) == []
    assert b"\x89PNG" not in every_stream(reader)


def test_relative_links_load_our_static_files():
    """Pack templates write `/static/...`: the document's base URL puts that under the prefix
    the fetcher serves."""
    html = (
        '<html lang="en-GB"><head><title>Icon</title></head><body>'
        '<img src="/static/govuk/assets/images/govuk-icon-180.png" alt="Missing icon">'
        "</body></html>"
    )
    reader = PdfReader(BytesIO(render_pdf(html).content))
    images = reader.pages[0].images
    assert [image.image.size for image in images] == [(180, 180)]
    assert "Missing icon" not in reader.pages[0].extract_text()


def test_a_pack_is_a_tagged_pdf_ua_1_document():
    html = '<html lang="en-GB"><head><title>Tagged</title></head><body><h1>Tagged</h1></body>'
    reader = PdfReader(BytesIO(render_pdf(html).content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    metadata = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", metadata)


def test_a_pack_reports_each_page_it_lays_out_once_and_how_long_weasyprint_took():
    # "Page x of y" and a contents page that gives page numbers: WeasyPrint lays the pages
    # out a second time once it knows them.
    html = (
        '<html lang="en-GB"><head><title>Pages</title><style>'
        '@page { @bottom-center { content: "Page " counter(page) " of " counter(pages) } }'
        "a::after { content: target-counter(attr(href url), page) }</style></head><body>"
        '<a href="#three">Three is on page </a>'
        '<p style="break-before: page">Two</p><p id="three" style="break-before: page">Three</p>'
        "</body></html>"
    )
    handlers = list(PROGRESS_LOGGER.handlers)
    heard = []
    before = time.perf_counter()

    rendered = render_pdf(html, on_page=heard.append)

    assert 0 < rendered.seconds_in_weasyprint < time.perf_counter() - before
    assert rendered.pages == 3
    reader = PdfReader(BytesIO(rendered.content))
    assert len(reader.pages) == 3
    assert "Three is on page 3" in reader.pages[0].extract_text()
    assert heard == [1, 2, 3]
    assert PROGRESS_LOGGER.handlers == handlers


def test_page_progress_hears_each_page_once_and_only_from_its_own_thread():
    heard = []
    handler = _PageProgress(heard.append)

    def record(message: str, *args) -> logging.LogRecord:
        return PROGRESS_LOGGER.makeRecord(
            PROGRESS_LOGGER.name, logging.INFO, __file__, 1, message, args, None
        )

    elsewhere = []
    thread = threading.Thread(
        target=lambda: elsewhere.append(record("Step 5 - Creating layout - Page %d", 3))
    )
    thread.start()
    thread.join()
    for each in [
        record("Step 4 - Creating formatting structure"),
        record("Step 5 - Creating layout - Page ?"),
        record("Step 5 - Creating layout - Page %d", 1),
        *elsewhere,
        record("Step 5 - Creating layout - Page %d (up-to-date)", 2),
        record("Step 5 - Creating layout - Repagination #%d", 5),
        record("Step 5 - Creating layout - Page %d", 1),
        record("Step 5 - Creating layout - Page %d (up-to-date)", 2),
        record("Step 5 - Creating layout - Page %d", 3),
        record("Step 6 - Creating PDF %d", 7),
    ]:
        handler.handle(each)

    assert heard == [1, 2, 3]
