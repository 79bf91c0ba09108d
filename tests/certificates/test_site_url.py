"""SITE_URL is the address certificates are verified at (signed into each credential, printed as
the QR code) and the one emails link to, so it must be an address the site answers on.

`make run` derives it from where the development server listens; a system check warns when the
configured address is one Django would refuse (its host not in ALLOWED_HOSTS).
"""

import os
import subprocess
from pathlib import Path

import pytest
from django.core.checks import Warning

from certificates.checks import site_url_is_served

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts"),
    [
        ("https://academy.example.org", ["academy.example.org"]),
        ("https://academy.example.org", [".example.org"]),
        ("http://192.168.1.20:8000", ["*"]),
        ("http://localhost:8000", ["localhost", "127.0.0.1"]),
    ],
)
def test_no_warning_when_the_site_answers_on_site_url(settings, site_url, allowed_hosts):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = allowed_hosts
    assert site_url_is_served(None) == []


def test_warning_when_site_url_names_a_host_the_site_refuses(settings):
    settings.SITE_URL = "http://localhost:8000"
    settings.ALLOWED_HOSTS = ["academy.example.org"]
    [warning] = site_url_is_served(None)
    assert isinstance(warning, Warning)
    assert warning.id == "certificates.W001"
    assert "localhost" in warning.msg


def test_the_check_runs_with_every_manage_py_command():
    from django.core.checks.registry import registry

    assert site_url_is_served in registry.get_checks(include_deployment_checks=False)


def _make_run(*args: str, env: dict[str, str] | None = None) -> str:
    """The commands `make run` would execute (dry run: nothing is installed or served)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    environment.update(env or {})
    return subprocess.run(
        ["make", "-n", "--no-print-directory", "run", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _serve_line(output: str) -> str:
    return next(line for line in output.splitlines() if "runserver" in line)


def test_make_run_serves_on_every_interface_at_localhost_8000_by_default():
    line = _serve_line(_make_run())
    assert "runserver 0.0.0.0:8000" in line
    assert "SITE_URL=http://localhost:8000" in line


def test_make_run_takes_host_and_port_and_site_url_follows():
    output = _make_run("HOST=192.168.1.20", "PORT=9000")
    assert "runserver 192.168.1.20:9000" in _serve_line(output)
    assert "SITE_URL=http://192.168.1.20:9000" in _serve_line(output)
    # The demo data (and any certificate it issues) is loaded with the same address.
    assert all(
        "SITE_URL=http://192.168.1.20:9000" in line
        for line in output.splitlines()
        if "manage.py" in line
    )


def test_make_run_keeps_a_site_url_that_is_set():
    line = _serve_line(_make_run(env={"SITE_URL": "https://academy.example.org"}))
    assert "SITE_URL=https://academy.example.org" in line
