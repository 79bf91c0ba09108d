"""Issue 16, certificate: a document a worker shows an employer, in one language throughout.

The footer used to mix languages ("síť LIAISE network"): the issuer's default name is now said in
the certificate's language, beside an emblem and a signature line.
"""

import re

import pytest
from django.conf import settings

from certificates import pdf
from tests.certificates.test_pdf import _certificate

ENGLISH_ONLY = ("network", "Issued by", "For the", "This certifies", "Certificate code", "Check it")


def _words(language: str) -> str:
    certificate = _certificate(language, "Jiří Čermák", "Plzeň", "Awareness")
    body = pdf.render_html(certificate).split("<body>", 1)[1]
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)  # the emblem's drawing
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_the_certificate_speaks_one_language_down_to_its_footer(language):
    words = _words(language)
    for english in ENGLISH_ONLY:
        assert english not in words, (language, english)
    assert "LIAISE" in words.rsplit(".", 2)[-2]  # the footer still names the issuer


def test_the_certificate_has_an_emblem_and_a_signature_line():
    html = pdf.render_html(_certificate("en", "Mary-Jane O'Connor", "Liège", "Awareness"))
    band = html.split('class="band"', 1)[1].split("</aside>", 1)[0]
    assert "<svg" in band  # the emblem
    assert 'class="signature-line">For the LIAISE network<' in html
    assert "Issued by the LIAISE network through LIAISE Academy." in html
