"""Nobody waits for the value matrix's chart or workbook, nor for the dossier: the matrix page
shows its table while the worker draws the chart, the workbook is served as the worker made it
from the same figures (never an older one), and the dossier is always the worker's job
(copkit/stories/prebuilt.py, matrix.py, views.py)."""

import pytest
from django.urls import reverse

from copkit.core import prebuild
from copkit.core.models import Prebuilt
from tests.prebuild_helpers import NO_WORKER, PENDING, refuse_drawing, run_queue
from tests.stories.conftest import make_story

pytestmark = pytest.mark.django_db


def test_the_matrix_page_shows_its_table_until_the_worker_drew_the_chart(client, world, story,
                                                                         monkeypatch):
    path = reverse("stories:matrix", args=[world.community.slug])
    client.force_login(world.advisor)
    refuse_drawing(monkeypatch)
    with NO_WORKER:
        html = client.get(path).content.decode()
        assert PENDING in html and 'id="matrix"' in html and "<svg" not in html
        monkeypatch.undo()
        assert run_queue() == 1  # the worker draws it
        refuse_drawing(monkeypatch)
        html = client.get(path).content.decode()
    assert "<svg" in html and PENDING not in html


def test_the_matrix_workbook_is_the_workers_and_follows_the_figures(client, world, story,
                                                                    monkeypatch):
    path = reverse("stories:matrix_xlsx", args=[world.community.slug])
    prebuild.build_now("stories.matrix", community=world.community.pk, language="fr")
    stored = bytes(Prebuilt.objects.get(kind="stories.file").content)

    def refuse(job, progress):
        raise AssertionError("built in the request")

    monkeypatch.setitem(__import__("copkit.stories.jobs").stories.jobs.EXPORTS, "matrix", refuse)
    client.force_login(world.advisor)
    with NO_WORKER:
        served = client.get(path)
        assert served.status_code == 200 and served.content == stored
        make_story(world.community, title="Une de plus", cycles=["applied"])
        again = client.get(path)  # other figures: never the old workbook
    assert again.status_code == 302 and "/exports/" in again["Location"]
    client.force_login(world.other_coordinator)
    assert client.get(path).status_code == 404


def test_the_dossier_is_never_built_in_the_request(client, world, story, monkeypatch):
    refuse_drawing(monkeypatch)
    client.force_login(world.coordinator)
    with NO_WORKER:
        for fmt in ("pdf", "docx"):
            response = client.get(reverse(f"stories:dossier_{fmt}", args=[world.community.slug]))
            assert response.status_code == 302 and "/exports/" in response["Location"]
    client.force_login(world.other_coordinator)
    assert client.get(reverse("stories:dossier_pdf", args=[world.community.slug])
                      ).status_code == 404
