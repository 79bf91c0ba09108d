"""Learner and public views: my certificates, downloads, verification and the public key.

Thin: access is decided by `Certificate.objects.downloadable_by`, checks by `credentials`.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from . import credentials, signing
from .forms import CodeForm, CredentialUploadForm
from .models import Certificate, ErasedCertificate, group_code, normalise_code


def _verify_rate(group: str, request: HttpRequest) -> str:
    return settings.CERTIFICATE_VERIFY_RATE


def rate_limited(view):
    """Public verification is limited per IP address (one budget for all its endpoints)."""
    limited_view = ratelimit(group="certificates.verify", key="ip", rate=_verify_rate, block=False)(
        view
    )

    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = limited_view(request, *args, **kwargs)
        if getattr(request, "limited", False):
            response = render(request, "certificates/rate_limited.html", status=429)
            response["Retry-After"] = "60"
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _owned(request: HttpRequest, code: str) -> Certificate:
    certificate = (
        Certificate.objects.downloadable_by(request.user).filter(code=normalise_code(code)).first()
    )
    if certificate is None:
        raise Http404(_("No certificate of yours has this code."))
    return certificate


# The learner's own certificates ------------------------------------------------------------


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    return render(request, "certificates/list.html")


@login_required
@never_cache
def download_pdf(request: HttpRequest, code: str) -> HttpResponse:
    certificate = _owned(request, code)
    if certificate.is_revoked:
        messages.error(request, _("This certificate was revoked and can no longer be downloaded."))
        return redirect("certificates:list")
    if not certificate.is_ready:
        messages.info(request, _("This certificate is being prepared. Try again in a minute."))
        return redirect("certificates:list")
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=certificate.pdf_filename(),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@never_cache
def download_credential(request: HttpRequest, code: str) -> HttpResponse:
    certificate = _owned(request, code)
    if not certificate.credential:
        messages.info(request, _("This certificate is being prepared. Try again in a minute."))
        return redirect("certificates:list")
    body = json.dumps(credentials.envelope(certificate.credential), indent=2)
    response = HttpResponse(body, content_type="application/json")
    name = f"liaise-credential-{certificate.code[:8].lower()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Public verification -------------------------------------------------------------------------


@rate_limited
@require_http_methods(["GET", "POST"])
def verify_form(request: HttpRequest) -> HttpResponse:
    """Type a code (GET, goes to the code's page) or upload a credential file (POST)."""
    code_form = CodeForm(request.GET if "code" in request.GET else None)
    upload_form = CredentialUploadForm()
    check = None
    status = 200
    if code_form.is_bound:
        if code_form.is_valid():
            return redirect(
                "certificates_public:verify", group_code(code_form.cleaned_data["code"])
            )
        status = 400
    if request.method == "POST":
        upload_form = CredentialUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            check = credentials.verify_upload(upload_form.cleaned_data["credential"].read())
        else:
            status = 400
    context = {"code_form": code_form, "upload_form": upload_form, "check": check}
    return render(request, "certificates/verify_form.html", context, status=status)


@rate_limited
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Who, what, when, and valid or revoked. An unknown code says only that."""
    certificate = Certificate.objects.filter(code=normalise_code(code)).first()
    if certificate is None:
        erased = ErasedCertificate.objects.filter(code=normalise_code(code)).first()
        if erased is not None:
            # Gone for good, and why: the holder asked for their data to be erased.
            return render(
                request, "certificates/verify_erased.html", {"erased": erased}, status=410
            )
        context = {"code_form": CodeForm(initial={"code": code[:80]}), "unknown": True}
        return render(request, "certificates/verify_unknown.html", context, status=404)
    context = {"certificate": certificate, "issuer_name": settings.CERTIFICATE_ISSUER_NAME}
    return render(request, "certificates/verify.html", context)


@rate_limited
@require_GET
def status(request: HttpRequest, code: str) -> JsonResponse:
    """The credentialStatus endpoint: machine-readable valid / revoked."""
    certificate = Certificate.objects.filter(code=normalise_code(code)).first()
    if certificate is None:
        erased = ErasedCertificate.objects.filter(code=normalise_code(code)).first()
        if erased is not None:
            data = {"status": "erased", "erasedOn": erased.erased_on.isoformat()}
            gone = JsonResponse(data, status=410)
            gone["Access-Control-Allow-Origin"] = "*"  # verifiers elsewhere read it, as below
            return gone
        return JsonResponse({"error": "unknown certificate"}, status=404)
    data = {
        "id": credentials.status_url(certificate),
        "credential": certificate.get_verification_url(),
        "status": "revoked" if certificate.is_revoked else "valid",
        "revokedAt": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
    }
    response = JsonResponse(data)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    return response


def _public_json(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def did_document(request: HttpRequest) -> JsonResponse:
    """did:web document of the platform: the Ed25519 key that signs every credential."""
    return _public_json(signing.did_document())


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    return _public_json({"keys": [signing.public_jwk()]})
