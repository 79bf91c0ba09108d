from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development tools: the site generator and the benchmarks. Installed by the dev and test
    settings only, never in production."""

    name = "devtools"
    label = "devtools"
    verbose_name = "Development tools"
