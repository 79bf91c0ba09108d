"""Stream block ids derived from the content's own names: the one owner of block ids.

Answers, item statistics and wagtail-localize translations are keyed by block id, so an id must be
the same on every load and in every language. Two uuid5 namespaces have been in use since the first
content was loaded (lesson blocks; quiz questions and choices); changing either would re-key every
stored answer and translation, so both are kept, here and nowhere else.
"""

from __future__ import annotations

import uuid

LESSON_BLOCK_NAMESPACE = uuid.UUID("6f1c7a52-2b7e-4d0e-9a51-3c1f6c2f4a10")
QUESTION_NAMESPACE = uuid.UUID("0b6e3f4c-2d7e-5a43-9a51-6c1b1f0c9e27")


def stable_id(*parts: str) -> str:
    """A lesson block's id from its place in the content (module, lesson, position, kind)."""
    return str(uuid.uuid5(LESSON_BLOCK_NAMESPACE, "/".join(parts)))


def question_block_id(question_id: str) -> str:
    """The stream block id of a content-file question: the same on every load, in every language."""
    return str(uuid.uuid5(QUESTION_NAMESPACE, f"question:{question_id}"))


def choice_block_id(question_id: str, choice_key: str | int) -> str:
    return str(uuid.uuid5(QUESTION_NAMESPACE, f"choice:{question_id}:{choice_key}"))
