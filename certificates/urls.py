"""The learner's certificates, under the language prefix (/<lang>/certificates/...)."""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.certificate_list, name="list"),
    path("certificates/<str:code>/pdf/", views.download_pdf, name="download"),
    path("certificates/<str:code>/credential.json", views.download_credential, name="credential"),
    # The same public pages under a language prefix: LocaleMiddleware sends a 404 without a
    # prefix (an unknown code) here, in the visitor's language.
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
