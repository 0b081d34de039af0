"""Which body shows which kind of file: the one place that routes a preview to its widget.

A kind whose decoder (``app.core.attachments.decoders``) produced nothing usable is shown as a
message saying what the file is, with ``d`` to download it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.attachments.graphics import BLOCKS, Drawing
from app.core.attachments.images import DecodedImage
from widgets.attachments.message_body import MessageBody, binary_message, too_big_message
from widgets.attachments.text_body import TextBody

if TYPE_CHECKING:
    from app.core.api.models import Attachment
    from app.core.attachments.preview import Preview
    from widgets.attachments.viewer_body import ViewerBody


def make_body(attachment: Attachment, preview: Preview, decoded: object, drawing: Drawing = BLOCKS) -> ViewerBody:
    """The body for ``preview``; ``decoded`` is what its kind's decoder made of its bytes (or ``None``);
    ``drawing`` says how pictures are drawn here."""
    if preview.too_big:
        return MessageBody(too_big_message(preview.detected, preview.total, preview.limit))
    if preview.kind == "text":
        return TextBody(preview.text, language=preview.language)
    # Each kind's body checks its decoder's result type.
    if preview.kind == "pdf":
        from app.core.attachments.pdf_text import PdfDocument
        from widgets.attachments.pdf_pages import PdfPages

        if isinstance(decoded, PdfDocument):
            return PdfPages(decoded, preview)
    if preview.kind == "archive":
        from app.core.attachments.archives import Listing
        from widgets.attachments.archive_body import ArchiveBody

        if isinstance(decoded, Listing):
            return ArchiveBody(decoded, preview)
    if isinstance(decoded, DecodedImage):
        from widgets.attachments.image_body import ImageBody

        return ImageBody(decoded, drawing)
    return MessageBody(binary_message(attachment.filename, preview.detected, preview.content_type, preview.total))
