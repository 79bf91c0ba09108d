"""Language-neutral addresses: the QR codes' verification links and the platform's public key.

Pages here render in the visitor's language (LocaleMiddleware: cookie, then Accept-Language).
"""

from django.urls import path

from . import views

app_name = "certificates_public"

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>/status.json", views.status, name="status"),
    path(".well-known/did.json", views.did_document, name="did"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
]
