"""docker-compose.yml, the production-shaped stack: what its services are given to run."""

from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[1] / "docker-compose.yml"
DEFAULT_CPU_SHARES = 1024  # Docker's weight for a container that sets none


def test_worker_yields_the_cpu_to_the_web_processes():
    """The kernel shares the CPU between containers before it looks at a process's niceness, so
    the worker's lower priority must be its container's weight (a `nice` inside it did nothing
    against the web container)."""
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    worker, web = services["worker"], services["web"]
    assert worker["cpu_shares"] < web.get("cpu_shares", DEFAULT_CPU_SHARES) / 4
    assert worker["command"][0] == "celery"
