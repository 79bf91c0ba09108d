"""Confidence before and after each module on the dashboards: aggregates only, with a threshold."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.dashboards.confidence import MIN_ANSWERS, city_confidence, network_confidence
from lms.dashboards.modules import programme_modules
from lms.learning.models import ConfidenceAnswer

pytestmark = pytest.mark.django_db

NOT_ENOUGH = "not enough answers yet to show them without identifying anyone"


def answers(city, module, phase, scores, times=1):
    """`times` anonymous answers with the five `scores`."""
    ConfidenceAnswer.objects.bulk_create(
        ConfidenceAnswer(
            city=city,
            module_key=module.translation_key,
            phase=phase,
            month=date(2026, 11, 1),
            **{f"score_{n}": score for n, score in enumerate(scores, start=1)},
        )
        for _ in range(times)
    )


def confidence_section(html: str) -> str:
    start = html.index('id="confidence-heading"')
    return html[start : html.index("</section>", start)]


def test_city_figures_need_five_answers_in_each_phase(modules, city_a):
    first = modules[0]
    answers(city_a, first, "before", [2, 2, 3, 1, 2], times=MIN_ANSWERS)
    answers(city_a, first, "after", [4, 4, 4, 3, 5], times=MIN_ANSWERS - 1)
    item = city_confidence(city_a.pk, programme_modules())[0]
    assert not item.shown and item.rows is None
    assert (item.before_count, item.after_count) == (0, 0)  # not even the counts

    answers(city_a, first, "after", [5, 4, 5, 4, 4])
    item = city_confidence(city_a.pk, programme_modules())[0]
    assert item.shown and (item.before_count, item.after_count) == (5, 5)
    assert [str(row.before) for row in item.rows] == ["2.0", "2.0", "3.0", "1.0", "2.0"]
    assert [str(row.after) for row in item.rows] == ["4.2", "4.0", "4.2", "3.2", "4.8"]
    assert str(item.rows[0].change) == "2.2"
    assert (str(item.overall.before), str(item.overall.after), str(item.overall.change)) == (
        "2.0", "4.1", "2.1"
    )  # fmt: skip


def test_city_dashboard_shows_aggregates_only_past_the_threshold(
    client, modules, city_a, city_b, lead_a
):
    answers(city_a, modules[0], "before", [2, 2, 2, 2, 2], times=5)
    answers(city_a, modules[0], "after", [4, 4, 4, 4, 4], times=5)
    answers(city_a, modules[1], "before", [1, 1, 1, 1, 1], times=9)  # no "after" yet
    answers(city_b, modules[0], "before", [5, 5, 5, 5, 5], times=50)  # another city's
    client.force_login(lead_a)
    html = client.get(f"/admin/dashboards/city/{city_a.pk}/").content.decode()
    section = confidence_section(html)
    assert "<caption>1. Module title 1</caption>" in section
    assert "Before (5 answers)" in section and "After (5 answers)" in section
    assert "I know whom to consult in my city, and when." in section
    assert re.search(r"<td class=\"num\">2\.0</td><td class=\"num\">4\.0</td>"
                     r"<td class=\"num\">\+2\.0</td>", section)  # fmt: skip
    assert "5.0" not in section  # nothing of the other city
    assert f"2. Module title 2</strong>: {NOT_ENOUGH}" in section
    assert "9 answers" not in section and "1.0" not in section
    assert section.count(NOT_ENOUGH) == len(modules) - 1


def test_network_counts_a_city_only_from_five_answers_per_phase(
    client, modules, city_a, city_b, coordinator
):
    answers(city_a, modules[0], "before", [2, 2, 2, 2, 2], times=5)
    answers(city_a, modules[0], "after", [4, 4, 4, 4, 4], times=5)
    # City B's two answers would show on the network if added (5 + 2), and subtracting City A's
    # dashboard would reveal them: they are left out.
    answers(city_b, modules[0], "before", [5, 5, 5, 5, 5], times=2)
    answers(city_b, modules[0], "after", [1, 1, 1, 1, 1], times=2)
    item = network_confidence([city_a.pk, city_b.pk], programme_modules())[0]
    assert (item.before_count, item.after_count) == (5, 5)
    assert str(item.overall.change) == "2.0"

    answers(city_b, modules[0], "before", [5, 5, 5, 5, 5], times=3)
    answers(city_b, modules[0], "after", [1, 1, 1, 1, 1], times=3)
    item = network_confidence([city_a.pk, city_b.pk], programme_modules())[0]
    assert (item.before_count, item.after_count) == (10, 10)
    assert (str(item.overall.before), str(item.overall.after)) == ("3.5", "2.5")

    client.force_login(coordinator)
    response = client.get("/admin/dashboards/network/")
    assert response.status_code == 200
    section = confidence_section(response.content.decode())
    assert "Before (10 answers)" in section and "-1.0" in section
    assert section.count(NOT_ENOUGH) == len(modules) - 1


def test_each_aggregation_is_one_query(modules, city_a, city_b, django_assert_num_queries):
    answers(city_a, modules[0], "before", [3, 3, 3, 3, 3], times=20)
    listed = programme_modules()
    with django_assert_num_queries(1):
        city_confidence(city_a.pk, listed)
    with django_assert_num_queries(1):
        network_confidence([city_a.pk, city_b.pk], listed)


def test_dashboard_queries_do_not_grow_with_answers(
    client, modules, city_a, lead_a, coordinator, django_assert_max_num_queries
):
    client.force_login(lead_a)
    url = f"/admin/dashboards/city/{city_a.pk}/"
    answers(city_a, modules[0], "before", [2, 3, 4, 3, 2], times=5)
    answers(city_a, modules[0], "after", [3, 3, 4, 4, 5], times=5)
    client.get(url)  # the figures' snapshot is computed once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    few_count = len(few)  # read now: the next request clears the connection's log
    for module in modules:
        answers(city_a, module, "before", [1, 2, 3, 4, 5], times=30)
        answers(city_a, module, "after", [2, 3, 4, 5, 5], times=30)
    with django_assert_max_num_queries(few_count):
        html = client.get(url).content.decode()
    assert NOT_ENOUGH not in confidence_section(html)
