"""The dashboards' SVG charts: labels read whole at any length, coordinates valid in any locale."""

import re

import pytest

from lms.dashboards import charts
from tests import factories

from .factories import progress

LONG = (
    "6. Working with families and communities of concern: support, safeguarding and trust "
    "between agencies"
)


def test_a_long_label_wraps_onto_lines_above_its_bar_and_nothing_is_cut():
    chart = charts.stacked_bars([(LONG, [("completed", 3)]), ("Short", [("completed", 1)])])
    first, second = chart["rows"]
    assert len(first.label_lines) == 2
    assert " ".join(line.text for line in first.label_lines) == LONG
    assert all(len(line.text) <= charts.LABEL_CHARS for line in first.label_lines)
    # Lines go down the page, all above the bar; the next row starts below this bar.
    baselines = [line.y for line in first.label_lines]
    assert baselines == sorted(baselines) and baselines[-1] < first.y
    assert second.label_lines[0].y - charts.LABEL_LINE > first.y + charts.BAR
    assert chart["height"] >= second.y + charts.BAR


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "cs", "el"])
def test_chart_coordinates_are_plain_numbers_in_every_admin_language(
    client, modules, city_a, lead_a, language
):
    """A French or Czech lead's charts are drawn: '12,5' is no SVG length."""
    from wagtail.users.models import UserProfile

    learner = factories.LearnerFactory(profile__city=city_a)
    progress(learner, modules[0], "completed", score=80, completed_days_ago=3)
    progress(learner, modules[1], "in_progress")
    profile = UserProfile.get_for_user(lead_a)
    profile.preferred_language = language
    profile.save()
    client.force_login(lead_a)
    html = client.get(f"/admin/dashboards/city/{city_a.pk}/").content.decode()
    svgs = re.findall(r"<svg class=\"dash-chart\".*?</svg>", html, re.S)
    assert len(svgs) == 3
    values = re.findall(r' (?:x|y|width|height|viewBox)="([^"]*)"', "".join(svgs))
    assert values
    for value in values:
        assert re.fullmatch(r"-?\d+(\.\d+)?( -?\d+(\.\d+)?)*", value), value
