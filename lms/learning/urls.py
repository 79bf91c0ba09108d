"""Learner pages, under the language prefix: /<lang>/my-learning/ and /<lang>/learning/..."""

from django.urls import path

from . import confidence_views, views

app_name = "learning"

urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
    path("my-learning/continue/", views.continue_learning, name="continue"),
    path("my-learning/records.jsonl", views.my_records, name="my_records"),
    path("learning/modules/<uuid:module_key>/enrol/", views.enrol, name="enrol"),
    path("learning/lessons/<int:lesson_id>/done/", views.complete_lesson, name="complete_lesson"),
    path(
        "learning/modules/<uuid:module_key>/confidence/<str:phase>/",
        confidence_views.self_assessment,
        name="confidence",
    ),
    path(
        "learning/modules/<uuid:module_key>/confidence/<str:phase>/skip/",
        confidence_views.skip_self_assessment,
        name="confidence_skip",
    ),
]
