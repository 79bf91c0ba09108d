"""Two submits of the same self-assessment at the same moment store one answer."""

import pytest
from django.db import connection

from lms.learning import confidence
from lms.learning.confidence import SCORE_FIELDS
from lms.learning.models import ConfidenceAnswer, ConfidenceMarker, ModuleProgress
from tests import factories
from tests.concurrency import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks"),
]


def test_two_concurrent_submits_store_one_answer():
    catalogue = factories.catalogue()
    module = factories.ModulePageFactory(parent=catalogue, number=1)
    city = factories.CityFactory(name="Liège", slug="liege")
    learner = factories.LearnerFactory(profile__city=city)
    ModuleProgress.objects.create(user=learner, module_key=module.translation_key, city=city)
    scores = dict.fromkeys(SCORE_FIELDS, 3)

    def submit():
        try:
            confidence.submit(learner, module.translation_key, "before", scores)
        except confidence.AlreadyAnswered:
            return "already answered"
        return "stored"

    assert sorted(in_parallel(submit, submit)) == ["already answered", "stored"]
    assert ConfidenceAnswer.objects.count() == 1
    assert ConfidenceMarker.objects.get().answered
