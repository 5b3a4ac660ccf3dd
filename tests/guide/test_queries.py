"""Pages run a fixed number of queries, however much content the guide holds."""

import pytest
from django.urls import reverse

from guide.content import load
from guide.models import Node, ProgressStatus, QuestionProgress
from tests.guide.conftest import Quiet, write_content

pytestmark = pytest.mark.django_db

# Session, user, community chooser and access add a handful; the content itself adds ≤ 5.
MAX_QUERIES = 14


def _pages():
    return ["/fr/guide/", "/fr/guide/introduction/", "/fr/guide/start/", "/fr/guide/start/q1/",
            "/fr/guide/contents/", "/fr/guide/search/?q=reunion+conseil",
            reverse("guide:progress", kwargs={"slug": "juristes"}) + "?phase=start"]


@pytest.mark.parametrize("questions", [2, 30])
def test_queries_do_not_grow_with_the_content(client, world, tmp_path, questions,
                                              django_assert_max_num_queries):
    load(stdout=Quiet(), directory=write_content(tmp_path, questions=questions,
                                                 examples=questions))
    for node in Node.objects.questions():
        QuestionProgress.objects.create(community=world.community, question=node,
                                        status=ProgressStatus.IN_PROGRESS, note="n",
                                        updated_by=world.coordinator)
    client.force_login(world.coordinator)
    client.get("/fr/guide/?community=juristes")  # choose the community (session)
    for url in _pages():
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, url
    html = client.get("/fr/guide/search/?q=reunion").content.decode()
    assert html.count('data-testid="search-hit"') >= min(questions, 40)
