"""The learner's certificates, under the language prefix (/<lang>/certificates/...)."""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.certificate_list, name="list"),
    path("certificates/<str:code>/pdf/", views.download_pdf, name="download"),
    path("certificates/<str:code>/credential.json", views.download_credential, name="credential"),
]
