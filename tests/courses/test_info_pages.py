"""The accessibility statement and the privacy notice: pages trainers edit, loaded from
courses/content/pages.yaml, linked from every page's footer in the reader's language."""

import pytest
from wagtail.models import Locale

from courses.loader import load_content
from courses.models import InfoPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(catalogue):
    statement = InfoPage(title="Accessibility statement", slug="accessibility", body="<p>A</p>")
    catalogue.add_child(instance=statement)
    statement.save_revision().publish()
    notice = InfoPage(title="Privacy notice", slug="privacy", body="<p>P</p>")
    catalogue.add_child(instance=notice)
    notice.save_revision().publish()
    return statement, notice


def _footer(html: str) -> str:
    return html.split('<footer class="site-footer">')[1].split("</footer>")[0]


def test_every_page_links_to_the_statement_and_the_notice(client, pages, catalogue):
    module = factories.ModulePageFactory(parent=catalogue, title="Module", slug="module")
    for url in ("/en/", module.url, "/en/accounts/login/"):
        footer = _footer(client.get(url).content.decode())
        assert 'href="/en/accessibility/"' in footer and "Accessibility statement" in footer
        assert 'href="/en/privacy/"' in footer and "Privacy notice" in footer


def test_the_footer_keeps_the_readers_language(client, pages):
    statement, _notice = pages
    czech = statement.copy_for_translation(
        Locale.objects.get(language_code="cs"), copy_parents=True
    )
    czech.title, czech.slug = "Prohlášení o přístupnosti", "pristupnost"
    czech.save_revision().publish()
    footer = _footer(client.get("/cs/").content.decode())
    assert 'href="/cs/pristupnost/"' in footer and "Prohlášení o přístupnosti" in footer
    # No Czech notice yet: the English one under /cs/, marked as English.
    assert '<a href="/cs/privacy/" lang="en">Privacy notice</a>' in footer
    page = client.get("/cs/privacy/")
    assert page.status_code == 200 and '<html lang="cs"' in page.content.decode()


def test_the_content_files_load_both_pages():
    load_content()
    assert set(
        InfoPage.objects.filter(locale__language_code="en").values_list("slug", flat=True)
    ) == {
        "accessibility",
        "privacy",
    }
    statement = InfoPage.objects.get(slug="accessibility", locale__language_code="en")
    assert "Directive (EU) 2016/2102" in statement.body
    assert "Enforcement procedure" in statement.body
