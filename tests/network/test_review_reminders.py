"""Out-of-date route cards: the city dashboard says so, and leads are reminded in their language."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from network.models import RouteCardReminder
from network.tasks import remind_out_of_date_route_cards
from tests import factories

from .helpers import route_card

pytestmark = pytest.mark.django_db


def years_ago(years: float) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=int(365 * years) + 1)


def test_leads_are_reminded_once_a_month_in_their_language(
    monkeypatch, lead_a, lead_b, city_a, city_b
):
    from lms.models import CityLeadAssignment
    from network import services

    french_lead = factories.LearnerFactory(
        username="lead-fr", profile__city=city_a, profile__preferred_language="fr"
    )
    CityLeadAssignment.objects.create(user=french_lead, city=city_a)
    route_card(city_a, last_reviewed=years_ago(1.1))
    route_card(city_b, last_reviewed=years_ago(0.5))
    languages = []
    real_render = services.render_to_string

    def render(template, context):
        languages.append(translation.get_language())
        return real_render(template, context)

    monkeypatch.setattr(services, "render_to_string", render)

    assert remind_out_of_date_route_cards.delay().get() == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [lead_a.email, french_lead.email]
    )
    # lead_a has no profile: the city's language (Liège: French); both emails in French.
    assert set(languages) == {"fr"}
    message = mail.outbox[0]
    assert "Liège" in message.subject
    assert "/admin/snippets/network/routecard/edit/" in message.body

    # Idempotent within the month, again after it.
    assert remind_out_of_date_route_cards() == 0
    RouteCardReminder.objects.update(sent_at=timezone.now() - datetime.timedelta(days=31))
    assert remind_out_of_date_route_cards() == 2


def test_a_leads_own_language_comes_first(city_b):
    from lms.models import CityLeadAssignment

    lead = factories.LearnerFactory(
        username="lead-de", profile__city=city_b, profile__preferred_language="de"
    )
    CityLeadAssignment.objects.create(user=lead, city=city_b)
    from network.services import _lead_language

    assert _lead_language(lead, city_b) == "de"


def test_no_reminder_for_a_reviewed_card_or_a_draft(lead_a, city_a, city_b):
    route_card(city_a, last_reviewed=years_ago(0.2))
    route_card(city_b, last_reviewed=years_ago(3), live=False)
    assert remind_out_of_date_route_cards() == 0
    assert mail.outbox == []


def test_city_dashboard_shows_card_status(client, lead_a, city_a):
    client.force_login(lead_a)
    url = f"/admin/dashboards/city/{city_a.pk}/"
    assert "no route card yet" in client.get(url).content.decode()
    card = route_card(city_a, training_contacts=[], last_reviewed=years_ago(2))
    html = client.get(url).content.decode()
    assert "The route card is incomplete." in html
    assert "more than a year old" in html
    card.training_contacts = [("contact", {"role": "Training unit"})]
    card.last_reviewed = timezone.localdate()
    card.save_revision().publish()
    html = client.get(url).content.decode()
    assert "The route card is complete." in html and "more than a year old" not in html
