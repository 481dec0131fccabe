"""A board pack is safe whatever officers type: nothing local or remote gets into the PDF.

The hostile narrative points an image and an attachment at a local file holding a random
token, and a stylesheet and an image at a server on 127.0.0.1 that records every request.
The pack must not contain the token (in its text or any of its streams), must embed no
files, must not have asked the server for anything, and must show the markup as text.
"""

from __future__ import annotations

import http.server
import re
import secrets
import threading
from collections.abc import Iterator
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import StreamObject

from actionplans.models import Rag
from actionplans.services import progress_update_record
from governance.packs.build import board_pack_build
from governance.packs.pdf import RefusedURL, StaticFilesURLFetcher, render_pdf
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
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "https://pledge.invalid/media/board-packs/x.pdf",
        "https://pledge.invalid/static/../config/settings.py",
        "https://pledge.invalid/static/%2e%2e/config/settings.py",
        "https://pledge.invalid/static/js/init.mjs",
        "https://pledge.invalid/static/no-such-file.css",
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_files_and_data_uris(url):
    with pytest.raises(RefusedURL):
        StaticFilesURLFetcher().fetch(url)


def test_the_fetcher_serves_our_stylesheet_and_data_uris():
    fetcher = StaticFilesURLFetcher()
    stylesheet = fetcher.fetch("https://pledge.invalid/static/dist/print.css")
    assert stylesheet.content_type == "text/css"
    assert b".pledge-pack" in stylesheet.read()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
