"""The e2e tests' authenticator codes: never one about to expire (see current_code)."""

import pytest
from allauth.mfa import app_settings as mfa_settings

from tests.e2e.test_dashboards import wait_before_reading


def test_a_code_is_not_read_in_the_last_seconds_of_its_period():
    period = mfa_settings.TOTP_PERIOD
    assert wait_before_reading(1_000 * period + period - 2) == pytest.approx(2.1)
    assert wait_before_reading(1_000 * period + 10) == 0
