from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import health, language_switch, views

handler500 = "lms.resilience.server_error"

account_overrides = [
    path("accounts/login/", views.LoginView.as_view(), name="account_login"),
    path("accounts/signup/", views.SignupView.as_view(), name="account_signup"),
    path(
        "accounts/password/reset/",
        views.PasswordResetView.as_view(),
        name="account_reset_password",
    ),
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
    path(
        "accounts/2fa/authenticate/",
        views.MfaAuthenticateView.as_view(),
        name="mfa_authenticate",
    ),
]

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", health.ready, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/switch/", language_switch.switch_language, name="switch_language"),
    # Certificate verification links (QR codes) and the platform's public key: no language prefix.
    path("", include("certificates.urls_public")),
]

urlpatterns += i18n_patterns(
    *account_overrides,
    path("accounts/", include("allauth.urls")),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/my-data/", views.export_my_data, name="export_my_data"),
    path("accounts/my-data/summary/", views.my_data_summary, name="my_data_summary"),
    path("accounts/delete/", views.delete_my_account, name="delete_my_account"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("assessments/", include("assessments.urls")),
    path("", include("lms.learning.urls")),
    path("", include("lms.sessions.urls")),
    path("", include("certificates.urls")),
    path("", include("lms.dashboards.urls")),
    path("", include("network.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    # Public uploads only: media/private/ is served by views that check access.
    from django.views.static import serve

    urlpatterns += [
        re_path(r"^media/(?!private/)(?P<path>.+)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]
