from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses import loader
        from courses.programme import register_module_quiz
        from lms.services import register_personal_data

        from .content import load_quiz
        from .models import module_quiz_key
        from .personal_data import TITLE, quiz_attempts

        # The lower layers learn from here how a module file's quiz is loaded, which quiz
        # completes a module, and what quizzes store about a learner.
        if load_quiz not in loader.quiz_loaders:
            loader.quiz_loaders.append(load_quiz)
        register_module_quiz(module_quiz_key)
        register_personal_data("quiz_attempts", quiz_attempts, TITLE)
