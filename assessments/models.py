"""Quizzes: QuizPage with question blocks, attempts, answers and marking."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class QuizPage(Page):
    """An end-of-module quiz (or a lesson check) living under a module."""

    intro = RichTextField(_("introduction"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("pass_mark")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")
