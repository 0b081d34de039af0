"""Which decoder reads which kind of file, and running it off the event loop within a budget.

The controller calls ``decode`` after fetching; the viewer's body for the kind receives what it
returns (``widgets.attachments.viewer_bodies``). Decoders are plain functions of a ``Preview``,
run in a daemon thread (``app.core.attachments.bounded``); each bounds its own work, so one given
up on stops soon by itself. Heavy libraries (pypdf, Pillow) are imported here only when a file of
their kind is opened. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.core.attachments.bounded import in_thread
from app.core.errors import TicketViewError

if TYPE_CHECKING:
    from app.core.attachments.kinds import FileKind
    from app.core.attachments.preview import Preview

DECODE_SECONDS = 10.0
"""How long opening a file (a PDF's first page, an archive's listing, an image) may take."""

Decoder = Callable[["Preview"], object]


class CannotDecode(TicketViewError):
    """The file's bytes could not be read as what they claim to be (damaged, encrypted, a bomb)."""

    title = "Could not show this file"


def _pdf(preview: Preview) -> object:
    from app.core.attachments.pdf_text import PdfProblem, open_pdf

    try:
        document = open_pdf(preview.data)
    except PdfProblem as problem:
        raise CannotDecode(str(problem)) from None
    document.prefetch(0)  # the first page is read while the viewer makes ready to show it
    return document


def _archive(preview: Preview) -> object:
    from app.core.attachments.archives import ArchiveError, list_archive

    try:
        return list_archive(preview.data, preview.name)
    except ArchiveError as error:
        raise CannotDecode(f"{str(error)[:1].upper()}{str(error)[1:]}.") from None


def decoder_for(kind: FileKind) -> Decoder | None:
    """The decoder for ``kind``, or ``None`` when the kind is shown without one (text, binary)."""
    # Each decoder is imported only when a file of its kind is opened.
    if kind == "pdf":
        return _pdf
    if kind == "archive":
        return _archive
    if kind == "image":
        from app.core.attachments.images import image_decoder

        return image_decoder
    return None


async def decode(preview: Preview, *, seconds: float = DECODE_SECONDS) -> object:
    """What the decoder for the preview's kind makes of its bytes, or ``None`` if there is none.

    Raises ``CannotDecode`` when the bytes cannot be read and ``bounded.TooSlow`` past ``seconds``.
    """
    decoder = decoder_for(preview.kind)
    if decoder is None or preview.too_big or not preview.data:
        return None
    return await in_thread(lambda: decoder(preview), seconds=seconds, name=f"decode-{preview.kind}")
