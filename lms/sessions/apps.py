from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """In-person (and online live) training sessions: booking, reminders, check-in, register.

    The label is not "sessions": django.contrib.sessions holds that one.
    """

    name = "lms.sessions"
    label = "training_sessions"
    verbose_name = _("Training sessions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Models (and so these modules) load only once the app registry is ready.
        from lms.services import register_personal_data

        from . import personal_data, requirements

        requirements.connect()
        register_personal_data("session_bookings", personal_data.session_bookings)
        register_personal_data("session_attendance", personal_data.session_attendance)
