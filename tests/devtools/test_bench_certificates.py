"""The benchmark command runs and cleans up after itself (its figures are not asserted)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def test_bench_certificates_prints_a_rate_and_leaves_nothing_behind(capsys):
    users = get_user_model().objects.count()
    call_command("bench_certificates", "--count", "2", "--skip-workers")
    out = capsys.readouterr().out
    assert "single process:" in out and "PDFs/s (N=2)" in out
    assert Certificate.objects.count() == 0
    assert get_user_model().objects.count() == users
