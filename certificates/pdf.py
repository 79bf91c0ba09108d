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
@page { size: A4 landscape; margin: 14mm; }
html { font-family: "LIAISE Certificate Sans"; color: #1b1f24; font-size: 11pt; }
body { margin: 0; }
.frame { border: 3pt solid #0b4f8a; padding: 10mm 14mm; height: 181mm; position: relative;
         box-sizing: border-box; }
.issuer { color: #0b4f8a; font-weight: bold; font-size: 13pt; margin: 0; }
.tagline { color: #4a5360; margin: 1mm 0 0; font-size: 10pt; }
h1 { font-size: 26pt; margin: 10mm 0 4mm; color: #083a66; }
.certifies { margin: 0; font-size: 12pt; }
.name { font-size: 24pt; font-weight: bold; margin: 3mm 0 1mm; word-wrap: break-word; }
.city { margin: 0 0 5mm; color: #4a5360; }
.achievement { font-size: 13pt; margin: 0 0 1mm; }
.title { font-size: 17pt; font-weight: bold; margin: 0 0 4mm; color: #8a3b0b; }
.facts { margin: 0; }
.facts div { display: inline-block; margin-right: 10mm; }
.facts dt { color: #4a5360; font-size: 9pt; }
.facts dd { margin: 0; font-weight: bold; }
.verify { position: absolute; right: 14mm; bottom: 10mm; width: 95mm; text-align: right; }
.verify img { width: 30mm; height: 30mm; }
.verify p { font-size: 8.5pt; margin: 1mm 0 0; color: #4a5360; }
.code { font-size: 10pt; font-weight: bold; white-space: nowrap; color: #1b1f24; }
.url { word-break: break-all; }  /* long site addresses wrap inside the frame */
.network { position: absolute; left: 14mm; bottom: 10mm; width: 130mm; font-size: 9pt;
           color: #4a5360; }
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
                "issuer_name": settings.CERTIFICATE_ISSUER_NAME,
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
