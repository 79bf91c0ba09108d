"""The wheel the Dockerfile installs carries everything the site needs at run time."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy, so setuptools' build/ and egg-info folders stay out of the project.
    source = tmp_path_factory.mktemp("source") / "liaise-academy"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "media", "tests"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = out.glob("liaise_academy-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize(
    "path",
    [
        "lms/templates/base.html",
        "lms/templates/503.html",
        "lms/static/css/site.css",
        "lms/locale/cs/LC_MESSAGES/django.mo",
        "lms/locale/el/LC_MESSAGES/django.mo",
        "courses/content/module-1.yaml",
        "courses/content/decision-aid.yaml",
        "courses/content/locale/fr/_catalogue.po",
        "courses/content/glossary/de.yaml",
        "courses/templates/courses/lesson_page.html",
        "assessments/templates/assessments/quiz_page.html",
        "certificates/static/certificates/fonts/DejaVuSans.ttf",
    ],
)
def test_the_wheel_ships_the_files_the_site_reads(wheel_names, path):
    assert path in wheel_names


def test_the_wheel_ships_every_template_and_catalogue(wheel_names):
    in_tree = {
        str(p.relative_to(ROOT))
        for pattern in ("*/templates/**/*.html", "**/locale/*/LC_MESSAGES/django.mo")
        for p in ROOT.glob(pattern)
        if not {".venv", "tests", "build"} & set(p.parts)
    }
    assert in_tree and in_tree <= wheel_names, sorted(in_tree - wheel_names)[:5]
