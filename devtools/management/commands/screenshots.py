"""Screenshots of the main pages for docs/screenshots/ (make screenshots).

    manage.py screenshots [--languages en cs el] [--output docs/screenshots]

Runs against the database of the current settings after `load_demo` (make screenshots builds a
fresh demo database first). It serves the site with `runserver` on a free port, signs in as the
demo learner and the demo city lead (sessions made here; the lead gets a temporary authenticator
for the admin's two-factor gate, removed afterwards) and photographs, in each language, at
1280 px (desktop) and 390 px (mobile): the catalogue, a lesson, a quiz question, a quiz result,
My learning, the certificate (its PDF's HTML at A4 width, and its verification page), the lead's
admin home and the city dashboard. Files are named <language>-<page>-<width>.png.
"""

from __future__ import annotations

import copy
import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ...serving import signed_in_session, stop_group, wait_for

WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _compact(path: Path) -> None:
    """256 colours are plenty for pages of text: a quarter of the size in the repository."""
    from PIL import Image

    with Image.open(path) as image:
        compact = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    compact.save(path, optimize=True)


class Command(BaseCommand):
    help = "Photograph the main pages in several languages at desktop and mobile widths."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--languages", nargs="+", default=["en", "cs", "el"])
        parser.add_argument("--output", default="docs/screenshots")

    def handle(self, *args, **options) -> None:
        from allauth.mfa.models import Authenticator
        from django.contrib.auth import get_user_model

        from certificates.models import Certificate

        users = get_user_model().objects
        learner = users.filter(email="learner@liaise.example").first()
        lead = users.filter(email="citylead@liaise.example").first()
        if learner is None or lead is None:
            raise CommandError("No demo accounts: run `manage.py load_demo` first.")
        certificate = Certificate.objects.filter(user=learner, kind="module").first()
        attempt = learner.quiz_attempts.exclude(submitted_at=None).order_by("-pk").first()
        city = lead.city_lead_assignments.select_related("city").first().city
        taker = self._quiz_taker(learner)
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        temporary_factor = not Authenticator.objects.filter(user=lead).exists()
        if temporary_factor:
            Authenticator.objects.create(
                user=lead, type=Authenticator.Type.TOTP, data={"secret": secrets.token_hex(10)}
            )
        sessions = {
            "learner": signed_in_session(learner),
            "lead": signed_in_session(lead),
            "taker": signed_in_session(taker[0]),
        }
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env={**os.environ},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_for(base + "/healthz/live")
            pages = self._pages(certificate, attempt, taker[1], city, options["languages"])
            self._shoot(base, sessions, pages, output)
        finally:
            stop_group(server)
            for key in sessions.values():
                SessionStore(session_key=key).delete()
            if temporary_factor:
                Authenticator.objects.filter(user=lead).delete()
            taker[0].delete()
        self.stdout.write(f"Wrote {len(list(output.glob('*.png')))} screenshots to {output}/")

    def _quiz_taker(self, learner) -> tuple:
        """A throwaway learner of the demo learner's city with a quiz attempt open (deleted at
        the end), so the demo learner's own record is left as it was."""
        from django.contrib.auth import get_user_model

        from assessments.models import QuizPage
        from assessments.services import start_attempt
        from lms.models import LearnerProfile

        user = get_user_model().objects.create_user(
            f"screenshots-{secrets.token_hex(4)}", "screenshots@liaise.example"
        )
        LearnerProfile.objects.create(
            user=user,
            full_name="Screenshot Learner",
            city=learner.learner_profile.city,
            profession="teacher",
            preferred_language="en",
        )
        quiz = QuizPage.objects.live().filter(locale__language_code="en").order_by("path").first()
        return user, start_attempt(user, quiz)

    def _pages(self, certificate, attempt, open_attempt, city, languages) -> list[tuple]:
        """(language, name, path, who) for every page to photograph."""
        from courses.localisation import learner_url
        from courses.models import LessonPage
        from courses.programme import children_of, programme_modules

        modules = list(programme_modules())
        lesson = children_of(LessonPage, modules[1] if len(modules) > 1 else modules[0]).first()
        pages = []
        for language in languages:
            with translation.override(language):
                lesson_url = learner_url(lesson)
                quiz_url = learner_url(modules[0]) if modules else f"/{language}/"
            pages += [
                (language, "catalogue", f"/{language}/", "learner"),
                (language, "lesson", lesson_url, "learner"),
                (language, "module", quiz_url, "learner"),
                (language, "my-learning", f"/{language}/my-learning/", "learner"),
            ]
            question = f"/{language}/assessments/attempts/{open_attempt.pk}/page/1/"
            pages.append((language, "quiz-question", question, "taker"))
            if attempt is not None:
                result = f"/{language}/assessments/attempts/{attempt.pk}/result/"
                pages.append((language, "quiz-result", result, "learner"))
            if certificate is not None:
                verify = f"/verify/{certificate.display_code}/"
                pages.append((language, "certificate-verification", verify, "learner"))
                # The PDF is in its holder's language: for the other languages, the same
                # certificate as a holder reading that language would get it (not saved).
                shown = (
                    certificate
                    if language == certificate.language
                    else _as_in(certificate, language)
                )
                pages.append((language, "certificate", ("certificate", shown), "learner"))
            pages += [
                (language, "lead-home", "/admin/", "lead"),
                (language, "lead-dashboard", f"/admin/dashboards/city/{city.pk}/", "lead"),
            ]
        return pages

    def _shoot(self, base: str, sessions: dict, pages: list[tuple], output: Path) -> None:
        from playwright.sync_api import sync_playwright

        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            for language, name, path, who in pages:
                for width, height in WIDTHS.values():
                    if isinstance(path, tuple) and width != WIDTHS["desktop"][0]:
                        continue  # the certificate is an A4 page: one picture
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        locale=language,
                        extra_http_headers={"Accept-Language": language},
                    )
                    context.add_cookies(
                        [
                            {
                                "name": settings.SESSION_COOKIE_NAME,
                                "value": sessions[who],
                                "url": base,
                            },
                            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base},
                        ]
                    )
                    page = context.new_page()
                    if isinstance(path, tuple):  # the certificate: its PDF's HTML, A4 landscape
                        page.set_viewport_size({"width": 1123, "height": 794})
                        page.set_content(self._certificate_html(path[1]), wait_until="load")
                    else:
                        page.goto(base + path, wait_until="load")
                    target = output / f"{language}-{name}-{width}.png"
                    page.screenshot(path=str(target))
                    context.close()
                    _compact(target)
                self.stdout.write(f"  {language} {name}")
            browser.close()

    def _certificate_html(self, certificate) -> str:
        """The HTML WeasyPrint turns into the PDF, with its print stylesheet."""
        from certificates.pdf import FONTS_DIR, STYLESHEET, render_html

        css = STYLESHEET % {
            "regular": (FONTS_DIR / "DejaVuSans.ttf").as_uri(),
            "bold": (FONTS_DIR / "DejaVuSans-Bold.ttf").as_uri(),
        }
        return render_html(certificate).replace("</head>", f"<style>{css}</style></head>", 1)


def _as_in(certificate, language: str):
    """An unsaved copy of `certificate` for a holder who reads `language`: its words and the
    module's title in that language, everything else (name, code, dates, hours) the same."""
    from courses.localisation import titles_in
    from courses.models import ModulePage

    shown = copy.copy(certificate)
    shown.language = language
    if certificate.module_key:
        titles = titles_in(ModulePage, [certificate.module_key], language)
        shown.title = titles.get(certificate.module_key, certificate.title)
    return shown
