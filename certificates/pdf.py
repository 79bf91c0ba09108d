"""Certificate PDFs: an HTML template rendered by WeasyPrint, A4 landscape, tagged (PDF/UA-1).

The font ships with the app (DejaVu Sans, static/certificates/fonts) and is the only family the
stylesheet names, so Czech, Greek and every partner language print the same on any machine. The
stylesheet and the font configuration are built once per process: parsing them is a good part
of the cost of one page.
"""

from __future__ import annotations

import atexit
import functools
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Certificate

FONTS_DIR = Path(__file__).resolve().parent / "static" / "certificates" / "fonts"
PDF_VARIANT = "pdf/ua-1"

STYLESHEET = """
@font-face {
  font-family: "LIAISE Certificate Sans";
  src: url("%(regular)s") format("truetype");
  font-weight: normal;
}
@font-face {
  font-family: "LIAISE Certificate Sans";
  src: url("%(bold)s") format("truetype");
  font-weight: bold;
}
@page { size: A4 landscape; margin: 0; }
html { font-family: "LIAISE Certificate Sans"; color: #1b1f24; font-size: 11pt; }
body { margin: 0; }
/* Fixed boxes, no flex layout: WeasyPrint lays flex items out several times over (a PDF took
   180 ms with them, 80 ms without). */
.sheet { position: relative; height: 210mm; width: 297mm; }
.band { position: absolute; left: 0; top: 0; width: 72mm; height: 210mm; background: #0b4f8a;
        color: #ffffff; padding: 16mm 9mm; box-sizing: border-box; }
.emblem { width: 40mm; height: 40mm; display: block; margin: 0 auto 8mm; }
.issuer { font-weight: bold; font-size: 15pt; margin: 0; text-align: center; }
.tagline { margin: 2mm 0 0; font-size: 9.5pt; text-align: center; color: #dce8f3; }
.band-note { margin: 14mm 0 0; font-size: 9pt; line-height: 1.5; color: #dce8f3; }
.body { position: absolute; left: 72mm; top: 0; width: 225mm; height: 210mm;
        padding: 16mm 16mm 12mm 18mm; box-sizing: border-box; border-top: 4mm solid #ffbf47; }
h1 { font-size: 25pt; margin: 0 0 7mm; color: #083a66; }
.certifies { margin: 0; font-size: 12pt; color: #4a5360; }
.name { font-size: 26pt; font-weight: bold; margin: 2mm 0 1mm; word-wrap: break-word; }
.city { margin: 0 0 5mm; color: #4a5360; }
.achievement { font-size: 12.5pt; margin: 4mm 0 1mm; }
.title { font-size: 16pt; font-weight: bold; margin: 0 0 7mm; color: #8a3b0b; }
.facts { margin: 0; display: table; border-spacing: 0; }
.facts div { display: table-cell; padding-right: 9mm; max-width: 70mm; vertical-align: top; }
.facts dt { color: #4a5360; font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.3pt; }
.facts dd { margin: 1mm 0 0; font-weight: bold; font-size: 10.5pt; }
.signature { position: absolute; left: 18mm; bottom: 30mm; width: 70mm; }
.signature-line { border-top: 1pt solid #1b1f24; padding-top: 2mm; margin: 0; font-size: 9.5pt;
                  font-weight: bold; }
.signature-role { margin: 1mm 0 0; font-size: 9pt; color: #4a5360; }
/* Wide enough for the whole code (kept on one line) beside the QR code. */
.verify { position: absolute; right: 14mm; bottom: 16mm; width: 115mm; }
.verify img { float: right; width: 28mm; height: 28mm; margin-left: 4mm; }
.verify-text { text-align: right; padding-top: 2mm; }
.verify p { font-size: 8.5pt; margin: 1mm 0 0; color: #4a5360; }
.code { font-size: 10pt; font-weight: bold; white-space: nowrap; color: #1b1f24; }
.url { word-break: break-all; }  /* long site addresses wrap inside the page */
.network { position: absolute; left: 18mm; bottom: 12mm; width: 100mm; font-size: 8.5pt;
           color: #4a5360; margin: 0; }
"""


@functools.cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    # Released before interpreter shutdown, while the libraries its destructor calls still exist.
    atexit.register(_stylesheet.cache_clear)
    atexit.register(_font_config.cache_clear)
    return FontConfiguration()


@functools.cache
def _stylesheet():
    from weasyprint import CSS

    css = STYLESHEET % {
        "regular": (FONTS_DIR / "DejaVuSans.ttf").as_uri(),
        "bold": (FONTS_DIR / "DejaVuSans-Bold.ttf").as_uri(),
    }
    return CSS(string=css, font_config=_font_config())


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=0)


def render_html(certificate: Certificate) -> str:
    """The certificate's HTML in its own language (names are escaped by the template engine)."""
    url = certificate.get_verification_url()
    with translation.override(certificate.language):
        return render_to_string(
            "certificates/pdf/certificate.html",
            {
                "certificate": certificate,
                "verification_url": url,
                "qr": qr_data_uri(url),
                "document_title": _("LIAISE Academy certificate"),
                # The default issuer is named in the certificate's language; a deployment's own
                # name (CERTIFICATE_ISSUER_NAME) is printed as given.
                "issuer_name": (
                    ""
                    if settings.CERTIFICATE_ISSUER_NAME == settings.CERTIFICATE_DEFAULT_ISSUER_NAME
                    else settings.CERTIFICATE_ISSUER_NAME
                ),
            },
        )


def render_pdf(certificate: Certificate) -> bytes:
    from weasyprint import HTML

    html = HTML(string=render_html(certificate), base_url=str(FONTS_DIR))
    return html.write_pdf(
        stylesheets=[_stylesheet()],
        font_config=_font_config(),
        pdf_variant=PDF_VARIANT,
        custom_metadata=True,
    )


def warm_up() -> None:
    """Load the fonts and stylesheet now (about two seconds), not in a learner's first task."""
    from weasyprint import HTML

    HTML(string='<p lang="el">LIAISE Čeština Ελληνικά</p>').write_pdf(
        stylesheets=[_stylesheet()], font_config=_font_config()
    )
