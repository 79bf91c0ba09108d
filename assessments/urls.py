"""Taking a quiz, under the language prefix: /<lang>/assessments/..."""

from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("quiz/<int:quiz_id>/start/", views.start, name="start"),
    path("attempts/<int:attempt_id>/", views.resume, name="resume"),
    path("attempts/<int:attempt_id>/page/<int:number>/", views.page, name="page"),
    path("attempts/<int:attempt_id>/review/", views.review, name="review"),
    path("attempts/<int:attempt_id>/submit/", views.submit, name="submit"),
    path("attempts/<int:attempt_id>/result/", views.result, name="result"),
]
