"""Create or update the LIAISE pages from the YAML files in courses/content/.

Pages are matched by slug under their parent and only re-published when what the file says
differs from the live page, so loading twice is a no-op and an edited file becomes a new
revision of the same page (same translation_key: learners' progress is untouched).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page

from .block_ids import stable_id
from .content_schema import (
    CONTENT_DIR,
    load_module,
    module_files,
    validate_course,
    validate_module,
)
from .models import CataloguePage, DecisionAid, InfoPage, LessonPage, ModulePage


class ContentError(Exception):
    """A content file cannot be loaded; the message says which file and why."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def record(self, outcome: str, label: str) -> None:
        getattr(self, outcome).append(label)


def _list_items(values: list[str], *id_parts: str) -> list[dict[str, Any]]:
    return [
        {"type": "item", "value": value, "id": stable_id(*id_parts, str(i))}
        for i, value in enumerate(values)
    ]


def lesson_stream(blocks: list[dict[str, Any]], *id_parts: str) -> list[dict[str, Any]]:
    """Turn the YAML body of a lesson into StreamField raw data with stable ids."""
    stream = []
    position = 0
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "in_your_city":
            # Named by its section, not its place: adding one never re-keys the blocks after it
            # (their answers and translations are keyed by id).
            block_id = stable_id(*id_parts, kind, value["section"])
        else:
            block_id = stable_id(*id_parts, str(position), kind)
            position += 1
        if kind == "key_points":
            value = {"title": value["title"], "points": _list_items(value["points"], block_id)}
        elif kind == "checklist":
            value = {"title": value["title"], "items": _list_items(value["items"], block_id)}
        elif kind == "case_scenario":
            value = {**value, "questions": _list_items(value["questions"], block_id)}
        elif kind == "sources":
            value = {
                "items": [
                    {
                        "type": "item",
                        "value": {
                            "title": item["title"],
                            "publisher": item["publisher"],
                            "year": item["year"],
                            "url": item.get("url") or "",
                        },
                        "id": stable_id(block_id, str(i)),
                    }
                    for i, item in enumerate(value["items"])
                ]
            }
        elif kind == "decision_aid":
            value = None
        elif kind == "in_your_city":
            value = {"section": value["section"]}
        stream.append({"type": kind, "value": value, "id": block_id})
    return stream


def _projection(page: Page, fields: dict[str, Any]) -> str:
    """A comparable form of the given fields on a page (StreamFields as their stored JSON)."""
    out = {}
    for name in fields:
        value = getattr(page, name)
        if hasattr(value, "raw_data"):
            value = list(value.raw_data)
        out[name] = value
    return json.dumps(out, sort_keys=True, default=str)


def upsert_page(
    parent: Page, model: type[Page], slug: str, fields: dict[str, Any], report: LoadReport
) -> Page:
    """Create the child page `slug` of `parent`, or publish a new revision if it changed."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    label = f"{model.__name__} {parent.url_path}{slug}/"
    if existing is None:
        page = model(slug=slug, locale=parent.locale, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.record("created", label)
        return page
    page = (
        existing.get_latest_revision_as_object() if existing.has_unpublished_changes else existing
    )
    before = _projection(page, fields)
    for name, value in fields.items():
        setattr(page, name, value)
    if _projection(page, fields) == before and page.live:
        report.record("unchanged", label)
        return existing
    page.save_revision().publish()
    report.record("updated", label)
    return page


def load_catalogue(directory: Path, report: LoadReport) -> CataloguePage:
    import yaml

    catalogue = CataloguePage.objects.filter(depth=2, locale__language_code="en").first()
    if catalogue is None:
        raise ContentError("There is no English catalogue page; run `manage.py migrate` first.")
    path = directory / "catalogue.yaml"
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        before = _projection(catalogue, {"title": None, "intro": None})
        catalogue.title = data["title"]
        catalogue.intro = data["intro"].strip()
        if _projection(catalogue, {"title": None, "intro": None}) != before:
            catalogue.save_revision().publish()
            report.record("updated", "CataloguePage /")
        else:
            report.record("unchanged", "CataloguePage /")
    return catalogue


def load_module_data(
    catalogue: CataloguePage,
    data: dict[str, Any],
    report: LoadReport,
    quiz_loader: Callable[[ModulePage, dict[str, Any], LoadReport], None] | None = None,
) -> ModulePage:
    module_slug = data["slug"]
    module = upsert_page(
        catalogue,
        ModulePage,
        module_slug,
        {
            "title": data["title"],
            "number": data["number"],
            "summary": data["summary"].strip(),
            "audience": data["audience"].strip(),
            "estimated_minutes": data["estimated_minutes"],
            "learning_objectives": [
                {
                    "type": "objective",
                    "value": text,
                    "id": stable_id(module_slug, "objective", str(i)),
                }
                for i, text in enumerate(data["learning_objectives"])
            ],
        },
        report,
    )
    for lesson in data["lessons"]:
        upsert_page(
            module,
            LessonPage,
            lesson["slug"],
            {
                "title": lesson["title"],
                "summary": lesson["summary"].strip(),
                "estimated_minutes": lesson.get("estimated_minutes", 20),
                "required": lesson.get("required", True),
                "body": lesson_stream(lesson["body"], module_slug, lesson["slug"]),
            },
            report,
        )
    _order_children(module, [lesson["slug"] for lesson in data["lessons"]])
    if quiz_loader is not None and data.get("quiz"):
        quiz_loader(module, data["quiz"], report)
    return module


def _order_children(parent: Page, slugs: list[str]) -> None:
    """Keep lessons in the file's order (the quiz and any extra pages stay after them)."""
    children = {page.slug: page for page in parent.get_children()}
    wanted = [children[slug] for slug in slugs if slug in children]
    current = [page for page in parent.get_children() if page.slug in slugs]
    if [p.pk for p in current] == [p.pk for p in wanted]:
        return
    for page in reversed(wanted):
        first = parent.get_children().first()
        if first.pk != page.pk:
            page.move(first, pos="left")


# Quizzes belong to assessments, a layer above content: that app registers how a module file's
# quiz becomes a page (assessments/content.py), from its AppConfig.ready.
QuizLoader = Callable[[ModulePage, dict[str, Any], LoadReport], Any]
quiz_loaders: list[QuizLoader] = []


def load_quiz(module: ModulePage, quiz: dict[str, Any], report: LoadReport) -> None:
    """The module's end-of-module quiz, by the registered quiz loaders."""
    for loader in quiz_loaders:
        loader(module, quiz, report)


def load_decision_aid(directory: Path, report: LoadReport) -> DecisionAid | None:
    """The English decision aid from `decision-aid.yaml`, saved only when the file changed."""
    import yaml

    path = directory / "decision-aid.yaml"
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    locale = Locale.get_default()
    fields = {
        "title": data["title"],
        "intro": data.get("intro", "").strip(),
        "closing": data.get("closing", "").strip(),
        "steps": [
            {
                "type": "step",
                "value": {k: step[k].strip() for k in ("title", "when", "action")},
                "id": stable_id("decision-aid", str(i)),
            }
            for i, step in enumerate(data["steps"])
        ],
    }
    aid = DecisionAid.objects.filter(locale=locale).first()
    if aid is None:
        aid = DecisionAid.objects.create(locale=locale, **fields)
        report.record("created", "DecisionAid")
        return aid
    before = _projection(aid, fields)
    for name, value in fields.items():
        setattr(aid, name, value)
    if _projection(aid, fields) == before:
        report.record("unchanged", "DecisionAid")
        return aid
    aid.save()
    report.record("updated", "DecisionAid")
    return aid


@transaction.atomic
def load_content(directory: Path = CONTENT_DIR) -> LoadReport:
    """Load every module file; any invalid file stops the whole load before anything changes."""
    report = LoadReport()
    modules = []
    for path in module_files(directory):
        data = load_module(path)
        problems = validate_module(data)
        if problems:
            raise ContentError(f"{path.name}: " + "; ".join(problems))
        modules.append(data)
    problems = validate_course(modules)
    if problems:
        raise ContentError("; ".join(problems))
    catalogue = load_catalogue(directory, report)
    load_decision_aid(directory, report)
    for data in sorted(modules, key=lambda d: d["number"]):
        load_module_data(catalogue, data, report, load_quiz)
    _order_children(catalogue, [d["slug"] for d in sorted(modules, key=lambda d: d["number"])])
    load_info_pages(catalogue, directory, report)
    return report


def load_info_pages(catalogue: CataloguePage, directory: Path, report: LoadReport) -> None:
    """The accessibility statement and the privacy notice (pages.yaml), after the modules."""
    import yaml

    path = directory / "pages.yaml"
    if not path.exists():
        return
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["pages"]:
        fields = {"title": item["title"], "body": item["body"].strip()}
        upsert_page(catalogue, InfoPage, item["slug"], fields, report)
