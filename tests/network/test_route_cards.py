"""Route cards in the admin: leads edit only their cities' cards; a coordinator approves."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from network.models import RouteCard

from .helpers import card_form_data, route_card

pytestmark = pytest.mark.django_db


def denied(response) -> bool:
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def edit_url(card):
    return reverse("wagtailsnippets_network_routecard:edit", args=[card.pk])


def test_lead_lists_only_their_cities_cards(client, lead_a, city_a, city_b):
    route_card(city_a)
    route_card(city_b)
    client.force_login(lead_a)
    response = client.get(reverse("wagtailsnippets_network_routecard:list"))
    assert response.status_code == 200
    assert [card.city for card in response.context["object_list"]] == [city_a]


def test_coordinator_lists_every_card(client, coordinator, city_a, city_b):
    route_card(city_a)
    route_card(city_b)
    client.force_login(coordinator)
    response = client.get(reverse("wagtailsnippets_network_routecard:list"))
    assert {card.city for card in response.context["object_list"]} == {city_a, city_b}


def test_lead_of_city_a_cannot_open_or_change_city_b_card(client, lead_a, city_b):
    card = route_card(city_b, referral_structure="Brno team")
    client.force_login(lead_a)
    assert denied(client.get(edit_url(card)))
    response = client.post(
        edit_url(card),
        {**card_form_data(city_b, referral_structure="Hacked"), "action-submit": "submit"},
    )
    assert denied(response)
    for name in ("history", "unpublish", "delete"):
        url = reverse(f"wagtailsnippets_network_routecard:{name}", args=[card.pk])
        assert denied(client.get(url)), name
    card.refresh_from_db()
    assert card.referral_structure == "Brno team"
    assert not card.revisions.filter(content__referral_structure="Hacked").exists()


def test_the_card_chooser_offers_a_lead_only_their_cities_cards(
    client, lead_a, coordinator, city_a, city_b
):
    own, other = route_card(city_a), route_card(city_b)
    choose = reverse("wagtailsnippetchoosers_network_routecard:choose")
    results = reverse("wagtailsnippetchoosers_network_routecard:choose_results")
    chosen = "wagtailsnippetchoosers_network_routecard:chosen"
    client.force_login(lead_a)
    for url in (choose, results):
        assert list(client.get(url).context["results"]) == [own], url
    assert client.get(reverse(chosen, args=[own.pk])).status_code == 200
    assert client.get(reverse(chosen, args=[other.pk])).status_code == 404
    client.force_login(coordinator)
    assert set(client.get(results).context["results"]) == {own, other}


def test_lead_cannot_create_a_card_for_another_city(client, lead_a, city_b):
    client.force_login(lead_a)
    url = reverse("wagtailsnippets_network_routecard:add")
    response = client.post(
        url + "?locale=en", {**card_form_data(city_b), "action-submit": "submit"}
    )
    assert response.status_code == 200  # the form again, with the error on "city"
    assert "city" in response.context["form"].errors
    assert not RouteCard.objects.exists()


def test_lead_cannot_publish_directly(client, lead_a, city_a):
    card = route_card(city_a, referral_structure="Old name")
    client.force_login(lead_a)
    client.post(
        edit_url(card),
        {**card_form_data(city_a, referral_structure="New"), "action-publish": "publish"},
    )
    card.refresh_from_db()
    assert card.referral_structure == "Old name"


def test_lead_change_is_public_only_after_a_coordinator_approves(
    client, lead_a, coordinator, learner_a, city_a
):
    card = route_card(city_a, referral_structure="Old cell name")
    client.force_login(lead_a)
    response = client.post(
        edit_url(card),
        {**card_form_data(city_a, referral_structure="New cell name"), "action-submit": "submit"},
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    state = WorkflowState.objects.get(
        object_id=str(card.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )

    client.force_login(learner_a)
    page = client.get(reverse("network:my_city")).content.decode()
    assert "Old cell name" in page and "New cell name" not in page

    client.force_login(coordinator)
    url = reverse(
        "wagtailsnippets_network_routecard:workflow_action",
        args=[card.pk, "approve", state.current_task_state.pk],
    )
    assert client.post(url, {"comment": ""}).status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED

    client.force_login(learner_a)
    page = client.get(reverse("network:my_city")).content.decode()
    assert "New cell name" in page


def test_coordinator_may_edit_any_card(client, coordinator, city_b):
    card = route_card(city_b)
    client.force_login(coordinator)
    assert client.get(edit_url(card)).status_code == 200


def test_lead_translates_their_own_card_into_a_draft_copy(client, lead_a, city_a, city_b):
    card = route_card(city_a)
    other = route_card(city_b)
    client.force_login(lead_a)
    listing = client.get(reverse("wagtailsnippets_network_routecard:list")).content.decode()
    url = reverse("wagtailsnippets_network_routecard:translate", args=[card.pk])
    assert url in listing
    assert client.get(url).status_code == 200
    response = client.post(url, {"locale": "fr"})
    copy = RouteCard.objects.get(city=city_a, locale__language_code="fr")
    assert response.status_code == 302
    assert response.url == reverse("wagtailsnippets_network_routecard:edit", args=[copy.pk])
    assert copy.translation_key == card.translation_key
    assert not copy.live  # live only after a coordinator approves it
    # Twice is once; another city's card is out of reach.
    client.post(url, {"locale": "fr"})
    assert RouteCard.objects.filter(city=city_a, locale__language_code="fr").count() == 1
    other_url = reverse("wagtailsnippets_network_routecard:translate", args=[other.pk])
    assert denied(client.post(other_url, {"locale": "fr"}))
    assert not RouteCard.objects.filter(city=city_b, locale__language_code="fr").exists()


def test_translating_into_an_unknown_language_is_a_clear_400(client, lead_a, city_a):
    card = route_card(city_a)
    client.force_login(lead_a)
    url = reverse("wagtailsnippets_network_routecard:translate", args=[card.pk])
    response = client.post(url, {"locale": "xx"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_lead_uploads_documents_into_the_network_collection(client, lead_a, lead_b):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    from network.moderation import documents_collection

    collection = documents_collection()
    client.force_login(lead_a)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Local prevention strategy 2026",
            "file": SimpleUploadedFile("strategy.pdf", b"%PDF-1.4 strategy"),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    document = get_document_model().objects.get(title="Local prevention strategy 2026")
    assert document.collection_id == collection.pk and document.uploaded_by_user == lead_a
    chooser = client.get(reverse("wagtaildocs_chooser:choose")).content.decode()
    assert "Local prevention strategy 2026" in chooser
    # Another lead chooses it but cannot change it.
    client.force_login(lead_b)
    assert denied(client.get(reverse("wagtaildocs:edit", args=[document.pk])))
