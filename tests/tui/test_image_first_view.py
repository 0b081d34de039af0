"""A large image in the viewer (a real server on 127.0.0.1): its first picture is drawn from the
image as decoded, then the view keeps only the copy within the display bounds."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.core.attachments.image_fit import MAX_RENDER_PIXELS
from tests.fault_server import FaultServer, Reply, clear_proxy_env, fault_server_fixture  # noqa: F401 (a fixture)
from tests.helpers import FILES_TICKET_ID, make_app, open_attachment, serve_files, settle
from widgets.attachments.image_body import ImageBody
from widgets.attachments.image_view import ImageView


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


def _large_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), (30, 60, 120)).save(buffer, "PNG")
    return buffer.getvalue()


async def test_a_large_image_is_shown_then_only_its_bounded_copy_is_kept(fault_server: FaultServer) -> None:
    data = _large_png()
    serve_files(fault_server, [("photo.png", "image/png", Reply(200, data, headers={"Content-Type": "image/png"}))])
    app = make_app(fault_server.url, token="tok", preview_bytes=64 * 2**20)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_attachment(pilot, FILES_TICKET_ID, 0)
        view = viewer.query_one(ImageView)
        assert view.shown is not None and view.shown.columns <= 80
        assert view.decoded.bounded and view.decoded.image.size == (3265, 2449)
        assert "from a 3,265×2,449 copy" in view.status_text
        body = viewer.query_one(ImageBody)
        assert body.decoded is None  # the image as decoded is let go: only the bounded copy stays
        assert "4,000×3,000 · RGB" in str(viewer.query_one("#viewer-meta").render())
        await pilot.press("f")  # actual size (within the render bound), drawn from the bounded copy
        await settle(pilot)
        assert not view.fitted and view.shown.pixel_width * view.shown.pixel_height <= MAX_RENDER_PIXELS * 1.01
