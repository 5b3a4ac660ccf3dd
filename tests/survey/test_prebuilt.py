"""Nobody waits for a chart or a report file of a wave: they are made when a release happens (by
the worker), the results page and the downloads serve them, and never draw or typeset in the
request of the person who asks (survey/prebuilt.py, copkit/core/prebuild.py)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from copkit.core import prebuild
from survey import releases
from survey.demo import fill_responses
from tests.survey.conftest import close, make_wave

pytestmark = pytest.mark.django_db

# The worker is another process: here, changes queue tasks that wait (nothing runs them).
NO_WORKER = override_settings(TASKS={"default": {
    "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}, COPKIT_PREBUILD_ON_CHANGE=True)
PENDING = "Ce graphique est en cours de préparation"


def url(name, wave):
    return reverse(f"survey:{name}", kwargs={"slug": wave.community.slug, "pk": wave.pk})


def refuse_drawing(monkeypatch):
    """From here on, drawing or typesetting in the test's process fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("drawn in the request")

    for name in ("bar_svg", "stacked_bar_svg", "line_svg", "radar_svg"):
        monkeypatch.setattr(f"copkit.questionnaires.charts.{name}", refuse)
    monkeypatch.setattr("weasyprint.HTML.write_pdf", refuse)


@pytest.fixture(name="no_drawing")
def no_drawing_fixture(monkeypatch):
    refuse_drawing(monkeypatch)


@pytest.fixture
def released(world, instrument):
    wave = make_wave(world.community, responses=5)
    return close(wave)


def test_a_release_queues_the_charts_and_files_of_its_wave(world, instrument,
                                                           django_capture_on_commit_callbacks):
    wave = make_wave(world.community)
    with django_capture_on_commit_callbacks() as callbacks, NO_WORKER:
        fill_responses(wave, 4, seed=1)  # below k: no release, nothing to make
        assert len(callbacks) == 0
        fill_responses(wave, 1, seed=2)  # the first release (5 responses)
        releases.release_advance(wave=wave)  # nothing new: no release, nothing queued
    assert len(callbacks) == 1


def test_the_page_shows_the_tables_and_says_the_charts_are_coming(released, world, client,
                                                                  no_drawing):
    client.force_login(world.coordinator)
    with NO_WORKER:
        page = client.get(url("results", released))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="themes-table"' in html and "likert-table" in html
    assert PENDING in html and "<svg" not in html.split('id="themes-heading"')[1]


def test_after_the_worker_the_page_serves_its_charts_without_drawing(released, world, client,
                                                                     monkeypatch):
    prebuild.build_now("survey.charts", wave=released.pk, language="fr")
    monkeypatch.setattr("copkit.questionnaires.charts.bar_svg",
                        lambda *a, **k: pytest.fail("drawn in the request"))
    client.force_login(world.coordinator)
    with NO_WORKER:
        html = client.get(url("results", released)).content.decode()
    assert PENDING not in html
    assert html.count("<svg") >= 2 and 'id="themes-table"' in html


def test_a_new_release_never_shows_the_charts_of_the_previous_one(world, instrument, client,
                                                                  monkeypatch):
    wave = make_wave(world.community, responses=5)
    prebuild.build_now("survey.charts", wave=wave.pk, language="fr")  # the worker, release 1
    old = prebuild.get_json("survey.charts", f"wave:{wave.pk}:fr")
    refuse_drawing(monkeypatch)
    fill_responses(wave, 5, seed=2)  # the second release
    assert releases.release_state(wave).release == 2
    client.force_login(world.coordinator)
    with NO_WORKER:
        page = client.get(url("results", wave))
    html = page.content.decode()
    assert page.context["charts_pending"] and PENDING in html
    assert old["themes"][1] not in html and 'id="themes-table"' in html


def test_the_file_made_at_the_release_is_served_and_a_change_makes_a_new_one(
        released, world, client, monkeypatch):
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *a, **kw: b"%PDF-1.7 made")
    prebuild.build_now("survey.document", wave=released.pk, name="pdf", with_texts=False,
                       language="fr")
    monkeypatch.setattr("weasyprint.HTML.write_pdf",
                        lambda self, *a, **kw: pytest.fail("typeset in the request"))
    client.force_login(world.coordinator)
    with NO_WORKER:
        served = client.get(url("export_pdf", released))
        assert served.status_code == 200 and served.content == b"%PDF-1.7 made"
        # The wave is renamed: the file made before shows the old title, it is not served;
        # the reader follows the new one on the progress page.
        released.title = "Enquête renommée"
        released.save()
        again = client.get(url("export_pdf", released))
    assert again.status_code == 302 and "/exports/" in again["Location"]


def test_a_coordinator_of_another_community_gets_404_for_a_file_made_ahead(
        released, world, client, monkeypatch):
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *a, **kw: b"%PDF-1.7 made")
    prebuild.build_now("survey.document", wave=released.pk, name="pdf", with_texts=False,
                       language="fr")
    client.force_login(world.other_coordinator)
    for name in ("export_pdf", "results"):
        assert client.get(url(name, released)).status_code == 404
    # Through their own community's address, the wave is not theirs either.
    own = reverse("survey:export_pdf", kwargs={"slug": world.other.slug, "pk": released.pk})
    assert client.get(own).status_code == 404
