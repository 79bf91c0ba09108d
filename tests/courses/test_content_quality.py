"""What makes the modules fit to carry certificates: balanced banks, distinct items and cases."""

import copy

import pytest

from courses import content_schema
from courses.loader import ContentError, load_content
from courses.models import DecisionAid, LessonPage

MODULES = [content_schema.load_module(p) for p in content_schema.module_files()]
ALL_QUESTIONS = [q for m in MODULES for q in m["quiz"]["questions"]]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m["slug"])
def test_each_module_has_a_bank_drawn_twelve_at_a_time_in_random_order(module):
    quiz = module["quiz"]
    by_type = content_schema.quiz_balance(quiz["questions"])["by_type"]
    assert len(quiz["questions"]) >= 20
    assert quiz["draw_count"] == 12
    assert quiz["random_question_order"] is True and quiz["random_choice_order"] is True
    assert by_type["essay"] == 1
    assert by_type["single_choice"] >= 8 and by_type["multiple_select"] >= 3
    assert by_type["true_false"] >= 3


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m["slug"])
def test_the_right_answer_cannot_be_guessed_from_the_options_in_a_module(module):
    balance = content_schema.quiz_balance(module["quiz"]["questions"])
    assert content_schema.balance_problems(module["slug"], balance) == [], balance


def test_the_right_answer_cannot_be_guessed_from_the_options_across_the_course():
    balance = content_schema.quiz_balance(ALL_QUESTIONS)
    assert balance["longest_correct_share"] <= 0.40, balance
    assert content_schema.balance_problems("course", balance) == [], balance


def test_balance_check_flags_a_bank_where_the_longest_option_wins():
    questions = [
        {
            "type": "single_choice",
            "choices": [
                {"text": "A long and careful answer that is right", "correct": True},
                {"text": "Short", "correct": False},
                {"text": "Shorter", "correct": False},
            ],
        }
    ] * 5 + [{"type": "true_false", "correct": False}] * 4
    problems = " | ".join(
        content_schema.balance_problems("bank", content_schema.quiz_balance(questions))
    )
    assert "longest option in 100%" in problems
    assert "positions are skewed {1: 5}" in problems
    assert "0% of true/false items are true" in problems


def test_no_two_modules_ask_the_same_question():
    assert content_schema.near_duplicate_prompts(MODULES) == []


def test_near_duplicate_check_flags_the_same_recording_question_in_two_modules():
    # Modules 1 and 6 once both asked this, in almost the same words.
    first = {
        "number": 1,
        "quiz": {
            "questions": [
                {
                    "id": "a",
                    "prompt": "You are recording a concern about someone. Which are good practice?",
                    "choices": [
                        {"text": "Write what was said, when and in what context.", "correct": True}
                    ],
                }
            ]
        },
    }
    second = {
        "number": 6,
        "quiz": {
            "questions": [
                {
                    "id": "b",
                    "prompt": "Which are principles of recording a concern about a pupil?",
                    "choices": [
                        {"text": "Record what was said, with date and context.", "correct": True}
                    ],
                }
            ]
        },
    }
    assert [pair[:2] for pair in content_schema.near_duplicate_prompts([first, second])] == [
        ("a", "b")
    ]


def test_every_named_person_is_one_cast_member_named_only_where_the_cast_says():
    assert content_schema.validate_course(MODULES) == []
    assert all(module.get("cast") for module in MODULES)


def test_the_thread_family_is_the_same_people_across_modules():
    ids_by_module = {m["number"]: {p["id"] for p in m["cast"]} for m in MODULES}
    assert {"ilias"} <= ids_by_module[1] & ids_by_module[3]
    assert {"samira"} <= ids_by_module[5]


def _with_cast(module, person):
    changed = copy.deepcopy(module)
    changed["cast"] = [*changed["cast"], person]
    return changed


def test_cast_check_refuses_one_name_for_two_people():
    first, second = MODULES[0], MODULES[1]
    person = first["cast"][0]
    impostor = {**person, "id": person["id"] + "-other", "role": "someone else"}
    problems = " | ".join(content_schema.validate_course([first, _with_cast(second, impostor)]))
    assert f"the name {person['name'].split()[0]!r} is used for 2 people" in problems


def test_cast_check_refuses_a_name_used_where_the_cast_does_not_list_it():
    module = copy.deepcopy(MODULES[0])
    person = module["cast"][0]
    other_lesson = next(
        lesson for lesson in module["lessons"] if lesson["slug"] not in person["appears_in"]
    )
    other_lesson["body"].append({"type": "paragraph", "value": f"<p>{person['name']} said.</p>"})
    problems = " | ".join(content_schema.validate_course([module]))
    assert f"is named in {other_lesson['slug']!r}" in problems


@pytest.mark.django_db
def test_loader_refuses_a_course_that_reuses_a_name(tmp_path):
    import shutil

    import yaml

    directory = tmp_path / "content"
    shutil.copytree(content_schema.CONTENT_DIR, directory)
    path = directory / "module-2.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    person = MODULES[0]["cast"][0]
    data["cast"].append(
        {**person, "id": "someone-else", "appears_in": [data["lessons"][0]["slug"]]}
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="used for 2 people"):
        load_content(directory)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m["slug"])
def test_every_lesson_ends_with_its_sources(module):
    for lesson in module["lessons"]:
        assert lesson["body"][-1]["type"] == "sources", lesson["slug"]


def test_efus_and_the_founding_texts_are_named():
    text = " ".join(
        t for m in MODULES for place in content_schema.place_texts(m).values() for t in [place]
    )
    assert text.count("Efus") >= 3
    for name in ("LIAISE", "Aarhus", "Congress"):
        assert name in text


@pytest.mark.django_db
def test_lessons_show_the_decision_aid_and_their_sources(client):
    load_content()
    aid = DecisionAid.objects.get()
    with_aid = [
        page
        for page in LessonPage.objects.live()
        if any(block.block_type == "decision_aid" for block in page.body)
    ]
    assert with_aid, "no lesson places the decision aid"
    html = client.get(with_aid[0].url).content.decode()
    assert aid.title in html.replace("&#x27;", "'")
    assert 'class="decision-aid" lang="en"' in html
    assert "Sources and further reading" in html
