"""Learner pages, under the language prefix: /<lang>/sessions/..."""

from django.urls import path

from . import views

app_name = "training_sessions"

urlpatterns = [
    path("sessions/", views.session_list, name="list"),
    path("sessions/mine/", views.my_sessions, name="mine"),
    path("sessions/check-in/", views.check_in, name="check_in"),
    path("sessions/<int:session_id>/", views.session_detail, name="detail"),
    path("sessions/<int:session_id>/book/", views.book, name="book"),
    path("sessions/<int:session_id>/cancel/", views.cancel, name="cancel"),
    path("sessions/<int:session_id>/calendar.ics", views.calendar, name="calendar"),
]
