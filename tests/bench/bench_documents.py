"""Documents: time to first view and peak memory of a 100-page PDF and a 10,000-member zip, against
pypdf and zipfile alone. Figures only (no targets).

Each side runs in a fresh Python process, so its peak resident set (``ru_maxrss``) is its own:

- ``app``: the App, headless at 80x24, against a server on 127.0.0.1 in this process serving a
  ticket with the file (the preview cap raised to 64 MiB). The clock starts at ``enter`` on the
  attachment and stops when the first page's text, or the listing, is on screen (fetched, judged
  by its bytes, decoded in a daemon thread, drawn). Memory is the peak after it less the resident
  set just before ``enter``.
- ``bare``: a script that reads the same file and extracts the first page's text with pypdf, or
  lists every member with zipfile; memory is the peak less the resident set after its imports.

Sides alternate; one warm-up of each is discarded.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import zipfile
from pathlib import Path

from common import Sample, bare_child, first_view_child, time_children

from app.demo.files import pdf_pages, service_log
from tests.fault_server import FaultServer, Reply
from tests.helpers import serve_files

APP_CHILD = first_view_child(
    size=(80, 24),
    imports="",
    shown="""
    def shown(app):
        if sys.argv[3] == "pdf":
            from widgets.attachments.pdf_pages import PdfPages
            pages = app.screen.query(PdfPages)
            return bool(pages) and not pages.first()._loading and bool(pages.first().text.text_area.text)
        from widgets.attachments.archive_listing import ArchiveListing
        tables = app.screen.query(ArchiveListing)
        return bool(tables) and tables.first().row_count == len(tables.first().listing.members) > 0
    """,
)

BARE_CHILD = bare_child(
    imports="""
    import zipfile
    from pypdf import PdfReader
    """,
    work="""
    if sys.argv[2] == "pdf":
        text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    else:
        listing = [(i.filename, i.file_size, i.compress_size, i.date_time) for i in zipfile.ZipFile(io.BytesIO(data)).infolist()]
    """,
)


def hundred_page_pdf() -> bytes:
    """100 pages of 45 lines each (an invoice's itemised usage, page after page)."""
    lines = service_log(lines=4500, seed=3).decode().splitlines()
    return pdf_pages([[line[:90] for line in lines[page * 45 : page * 45 + 45]] for page in range(100)])


def ten_thousand_member_zip() -> bytes:
    """10,000 small log files in folders, deflated."""
    buffer = io.BytesIO()
    body = service_log(lines=3, seed=4)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(10_000):
            archive.writestr(f"logs/{number // 100:03d}/kiosk-{number:05d}.log", body)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    files = [
        ("report.pdf", "application/pdf", hundred_page_pdf(), "pdf"),
        ("logs.zip", "application/zip", ten_thousand_member_zip(), "zip"),
    ]
    with tempfile.TemporaryDirectory(prefix="ticketview-bench-documents-") as folder, FaultServer() as server:
        serve_files(
            server, [(name, kind, Reply(200, data, headers={"Content-Type": kind})) for name, kind, data, _ in files]
        )
        for index, (name, _, data, kind) in enumerate(files):
            path = Path(folder) / name
            path.write_bytes(data)
            print(f"documents.{kind}: {name}, {len(data) / 2**20:.2f} MiB")
            samples = [Sample(f"documents.{kind}.{side}") for side in ("app.first_view", "bare")]
            memory = [Sample(f"documents.{kind}.{side}", "MiB") for side in ("app.extra_peak", "bare.extra_peak")]
            app_argv = [APP_CHILD, server.url, str(index), "pdf" if kind == "pdf" else "archive"]
            time_children(args.repeats, app_argv, [BARE_CHILD, str(path), kind], samples, memory)
            for sample in samples + memory:
                print(sample.line())
            print(f"documents.{kind}.first_view_ratio: {samples[0].median / samples[1].median:.2f}x")
            print(f"documents.{kind}.extra_peak_ratio: {memory[0].median / max(memory[1].median, 0.1):.2f}x")
    print("PASS bench_documents: figures only (no targets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
