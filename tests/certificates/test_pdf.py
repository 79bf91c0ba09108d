"""The PDF says who, what and the code, in the learner's language, with every glyph printed."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader

from certificates import pdf
from certificates.models import Certificate, new_code

LEARNERS = {
    "en": ("Mary-Jane O'Connor", "Liège", "Awareness and prevention"),
    "cs": ("Jiří Čermák-Šťastná", "Plzeň", "Povědomí o radikalizaci: řešení případů"),
    "el": ("Αικατερίνη Παπαδοπούλου", "Θεσσαλονίκη", "Ευαισθητοποίηση και πρόληψη"),
}


def _certificate(language: str, name: str, city: str, title: str) -> Certificate:
    return Certificate(
        code=new_code(),
        kind=Certificate.Kind.MODULE,
        user=get_user_model()(username="someone", email="someone@example.org"),
        learner_name=name,
        city_name=city,
        module_number=3,
        title=title,
        language=language,
        completed_on=date(2025, 3, 4),
        hours=Decimal("2.5"),
        issued_at=timezone.now(),
    )


def _read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def _text(reader: PdfReader) -> str:
    return " ".join(page.extract_text() for page in reader.pages)


def _fonts(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.mark.parametrize("language", ["en", "cs", "el"])
def test_pdf_text_has_name_module_and_code_in_every_script(language, settings):
    settings.SITE_URL = "https://academy.example.org"
    name, city, title = LEARNERS[language]
    certificate = _certificate(language, name, city, title)
    reader = _read(pdf.render_pdf(certificate))
    text = _text(reader)
    assert len(reader.pages) == 1
    # Extracted text maps glyphs back to characters: a missing glyph would not round-trip.
    for expected in (name, city, title, certificate.display_code):
        assert expected in text, expected
    assert "\ufffd" not in text
    # The address may wrap to fit the frame; joined again it is whole.
    url = f"https://academy.example.org/verify/{certificate.display_code}/"
    assert url in text.replace("\n", "")
    assert "2,5" in text if language in {"cs", "el"} else "2.5" in text
    # Only the shipped font is embedded (subset prefix + our family name), never a system font.
    fonts = _fonts(reader)
    assert fonts and all(
        font.split("+", 1)[1].startswith("LIAISE-Certificate-Sans") for font in fonts
    )


def test_pdf_is_a4_landscape_tagged_with_language_and_title():
    certificate = _certificate("el", *LEARNERS["el"])
    reader = _read(pdf.render_pdf(certificate))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (297, 210)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # tagged PDF (PDF/UA-1)
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "el"
    assert LEARNERS["el"][2] in reader.metadata.title


def test_html_and_script_in_a_name_print_literally():
    name = '<b>Ana</b> <script>alert("x")</script> & Co'
    certificate = _certificate("en", name, "Liège", "Awareness")
    html = pdf.render_html(certificate)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    text = _text(_read(pdf.render_pdf(certificate)))
    # A long name may wrap onto a second line of the certificate (even inside a word).
    assert name in text.replace("\n", "")


def test_qr_code_holds_the_verification_url(settings):
    settings.SITE_URL = "https://academy.example.org"
    certificate = _certificate("en", *LEARNERS["en"])
    html = pdf.render_html(certificate)
    assert pdf.qr_data_uri(certificate.get_verification_url()) in html
    assert 'alt="QR code' in html
