"""The recovery key's sheet (A4): the secret in large monospaced groups and as a QR code, for the safe.

Printed once by ``desk-app recovery-key -o SHEET.pdf``; the PC keeps no copy. To restore on a new PC, type
the key (or read the QR with the counter's ID scanner into a text file) and give it to ``desk-app restore
--key-file``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk_app.atomic import replacing
from desk_app.documents.barcodes import draw_qr
from desk_app.documents.fonts import register_fonts
from desk_app.documents.form_layout import draw_para, markup, nfc, style

LINES = (
    "Khóa này mở được mọi bản sao lưu của trạm (sao lưu thủ công và sao lưu hằng ngày) làm từ nay.",
    "Máy tính của trạm không giữ khóa này: cất tờ giấy vào két, không chụp ảnh, không gửi qua mạng.",
    "Khôi phục trên máy mới: chép khóa vào một tệp văn bản, rồi chạy",
    "desk-app restore TỆP_SAO_LƯU --key-file TỆP_KHÓA --user QUẢN_TRỊ",
)


def write_recovery_sheet(
    out: Path, secret: str, agency_name: str, agency_code: str, desk: int, made_at: datetime, fonts_dir: Path
) -> None:
    fonts = register_fonts(fonts_dir)
    width, height = A4
    margin = 20 * mm
    inner = width - 2 * margin
    with replacing(out) as part:
        c = Canvas(str(part), pagesize=A4)
        c.setTitle(nfc(f"Khóa khôi phục — {agency_code} bàn {desk}"))
        y = height - margin
        y = draw_para(c, markup(agency_name).upper(), style(fonts.bold, 12), margin, y, inner) - 6 * mm
        y = draw_para(c, nfc("KHÓA KHÔI PHỤC BẢN SAO LƯU"), style(fonts.bold, 20), margin, y, inner) - 2 * mm
        made = f"Trạm {agency_code}, bàn {desk} — tạo lúc {made_at:%H:%M %d/%m/%Y}"
        y = draw_para(c, nfc(made), style(fonts.regular, 12), margin, y, inner) - 8 * mm
        body = secret[len("AGE-SECRET-KEY-1") :]
        groups = [body[i : i + 6] for i in range(0, len(body), 6)]
        c.setFont("Courier-Bold", 15)
        c.drawString(margin, y - 15, "AGE-SECRET-KEY-1")
        y -= 24
        for row in range(0, len(groups), 5):
            c.drawString(margin, y - 15, "  ".join(groups[row : row + 5]))
            y -= 22
        y -= 6 * mm
        side = 60 * mm
        draw_qr(c, secret, margin, y - side, side)
        y -= side + 6 * mm
        for line in LINES:
            font = fonts.bold if line.startswith("desk-app") else fonts.regular
            y = draw_para(c, nfc(line), style(font, 11), margin, y, inner) - 2 * mm
        c.showPage()
        c.save()
