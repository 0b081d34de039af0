"""A ticket as Spanish-, Portuguese-, Chinese- and Hebrew-speaking clients write it, served on 127.0.0.1.

Accents both composed (``ã``) and decomposed (``a`` + U+0303), CJK, emoji, a right-to-left script with
its direction marks, long names: the text that shows whether every pane keeps its columns.
"""

from __future__ import annotations

from urllib.parse import quote

from textual.pilot import Pilot

from tests.fault_server import FaultServer, Reply
from tests.helpers import open_ticket, settle
from widgets.attachments.attachment_viewer import AttachmentViewer
from widgets.attachments.attachments_pane import AttachmentList

MULTILINGUAL_ID = "T-idiomas"

LONG_DECOMPOSED_NAME = (
    "Mari\u0301a Jose\u0301 Nun\u0303ez Ferna\u0301ndez de la Pen\u0303a y Rodri\u0301guez Montan\u0303o"
)
"""A client's full name in decomposed accents, longer than any head line has room for."""

RECEIPT_TEXT = (
    "Recibo de reembolso · Recibo de estorno · 退款收据\n"
    "Cliente: Mari\u0301a Jose\u0301 Nun\u0303ez (facturacio\u0301n) — São Paulo, Brasil\n"
    "Importe / Valor / 金额: 1.284,50 € 🧾 — la devolucio\u0301n se procesara\u0301 en 5 a 10 di\u0301as ha\u0301biles, "
    "o estorno será processado em até 10 dias úteis, 退款将在五到十个工作日内处理完毕。\n"
    "עברית: \u200fהחשבונית חויבה פעמיים\u200f (direction marks shown, not obeyed)\n"
)

TITLE = "退款申请 🧾 Reembolso da fatura de março — cobro duplicado en la facturacio\u0301n ✅"


def _message(author: str, kind: str, minute: int, text: str) -> dict[str, str]:
    return {"author": author, "type": kind, "timestamp": f"2024-03-04T10:{minute:02d}:00Z", "message": text}


def multilingual_ticket(base_url: str) -> dict[str, object]:
    """The ticket's JSON, its attachments on ``base_url``."""
    files = [
        ("recibo_reembolso_退款收据_🧾.txt", "text/plain", len(RECEIPT_TEXT.encode())),
        ("factura_marzo_2024_cópia_autenticada_do_relatório_técnico_muito_extenso.pdf", "application/pdf", 48_213),
    ]
    return {
        "_id": MULTILINGUAL_ID,
        "title": TITLE,
        "description": (
            "Hola, el cargo de la factura de marzo aparecio\u0301 dos veces en nuestra tarjeta corporativa. "
            "¿Podri\u0301an revisarlo? Olá, a cobrança também aparece duplicada na filial de São Paulo. "
            "您好，我们的发票被重复收费了两次。"
        ),
        "status": "open",
        "priority": "high",
        "category": "billing",
        "client": LONG_DECOMPOSED_NAME,
        "assignedTo": "João Gonçalves da Conceição",
        "tags": ["facturacio\u0301n", "reembolso", "cobrança", "退款", "😊"],
        "threads": [
            _message(
                LONG_DECOMPOSED_NAME,
                "user",
                0,
                "Buenos di\u0301as: el cargo de la factura de marzo aparecio\u0301 dos veces. ¿Podri\u0301an "
                "devolver el duplicado? Adjunto el comprobante y el recibo. ¡Gracias! 🙏",
            ),
            _message(
                "João Gonçalves da Conceição",
                "agent",
                5,
                "Olá, María José! Já pedi o estorno da segunda cobrança; a confirmação chega em até 5 dias úteis. "
                "Obrigado pela paciência 😊",
            ),
            _message(
                "王小明（财务部）",
                "user",
                9,
                "您好，我们的发票被重复收费了两次，请尽快处理退款。这是一个很长的句子，用来检查换行是否在单元格边界上正确进行，"
                "而不会把一个汉字切成两半。谢谢！",
            ),
            _message(
                "\u200fדוד כהן\u200f", "user", 12, "\u200fשלום, החשבונית שלי חויבה פעמיים.\u200f Gracias / obrigado."
            ),
        ],
        "attachments": [
            {"filename": name, "url": f"{base_url}/files/{number}/{quote(name)}", "size": size, "type": kind}
            for number, (name, kind, size) in enumerate(files)
        ],
        "createdAt": "2024-03-04T10:00:00Z",
        "updatedAt": "2024-03-04T10:12:00Z",
        "resolvedAt": None,
    }


def serve_multilingual(server: FaultServer) -> None:
    """Serve ``MULTILINGUAL_ID`` and its receipt on ``server``."""
    ticket = multilingual_ticket(server.url)
    server.route(f"/v2/support-tickets/{MULTILINGUAL_ID}", Reply(200, {"success": True, "data": ticket}))
    for attachment in ticket["attachments"]:  # type: ignore[attr-defined]
        path = attachment["url"].removeprefix(server.url)
        body = RECEIPT_TEXT.encode() if attachment["type"] == "text/plain" else b"%PDF-1.4\n" + b"0" * 48_204
        server.route(path, Reply(200, body, headers={"Content-Type": attachment["type"]}))


async def open_receipt(pilot: Pilot) -> AttachmentViewer:
    """Open the multilingual ticket, then its first attachment (a receipt) in the viewer."""
    await open_ticket(pilot, MULTILINGUAL_ID)
    await pilot.press("3")
    pilot.app.query_one(AttachmentList).highlighted = 0
    await pilot.press("enter")
    await settle(pilot)
    viewer = pilot.app.screen
    assert isinstance(viewer, AttachmentViewer)
    return viewer
