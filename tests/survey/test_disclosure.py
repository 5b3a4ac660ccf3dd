"""Statistical disclosure control of the survey's outputs, replaying the curious coordinator's
attacks (issue 13: differencing, padding): every output a coordinator or advisor sees is the
same before and after one more answer, moves only after k more, each question's figures move
only after k more answers to that question, open answers need k answers per question and come
shuffled, and row-level data is for staff only, closed waves only, logged."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from copkit.core.models import AuditEvent
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.services import response_save_answers, response_start, response_submit
from copkit.questionnaires.structure import load_structure
from survey import selectors, services
from survey.feeds import member_scores
from tests.survey.conftest import close, make_wave

pytestmark = pytest.mark.django_db


def url(name, wave):
    return reverse(f"survey:{name}", kwargs={"slug": wave.community.slug, "pk": wave.pk})


def respond(wave, answers: dict, *, channel: str = "public"):
    """One member's submission through the engine and the survey's submitting step (the same
    calls as the answering pages): `answers` maps question keys to a choice key or a text."""
    structure = load_structure(wave.collection.version)
    specs = {spec.key: spec for spec in structure.questions()}
    values = [AnswerValue(key, text=value) if specs[key].question.type.endswith("text")
              else AnswerValue(key, choice_key=value) for key, value in answers.items()]
    with transaction.atomic():
        response = response_start(collection=wave.collection)
        response_save_answers(response=response, structure=structure,
                              question_keys=list(answers), values=values)
        response_submit(response=response, structure=structure)
        services.response_mark_submitted(wave=wave, response=response, channel=channel)
    return response


def normalised(html: str) -> str:
    """A page without what changes at every request whatever the data (CSRF token, nonce)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def xlsx_values(content: bytes) -> dict:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def outputs(client, wave, *, coordinator, advisor) -> dict:
    """Everything a coordinator and an advisor can read about the wave's answers."""
    cache.clear()  # what is computed, not what a cache kept
    out = {}
    for who, user in (("coordinator", coordinator), ("advisor", advisor)):
        client.force_login(user)
        out[f"{who} page"] = normalised(client.get(url("results", wave)).content.decode())
        out[f"{who} csv"] = client.get(url("export_csv", wave)).content
        out[f"{who} xlsx"] = xlsx_values(client.get(url("export_xlsx", wave)).content)
        out[f"{who} pdf"] = pdf_text(client.get(url("export_pdf", wave)).content)
        count = json.loads(client.get(url("count", wave)).content)
        # Kept live on purpose (a campaign needs them; they tell that someone answered, never
        # what): the responses received, the rate, the invitations answered.
        out[f"{who} count"] = {k: v for k, v in count.items()
                               if k not in ("responses", "rate", "answered_invitations")}
    client.logout()
    out["shared"] = normalised(client.get(
        reverse("survey:shared", kwargs={"token": wave.share_token})).content.decode())
    return out


@pytest.fixture
def shared_wave(world, instrument):
    wave = make_wave(world.community, responses=12, seed=3)
    wave.share_results = wave.share_open_answers = True
    wave.save()
    return wave


# Every output of a wave rendered several times: in CI once, on PostgreSQL (production's).
@pytest.mark.slow
def test_every_output_is_identical_after_one_more_answer_and_moves_after_k(
        world, instrument, client, shared_wave):
    wave = shared_wave
    people = {"coordinator": world.coordinator, "advisor": world.advisor}
    before = outputs(client, wave, **people)
    assert "12 réponses affichées" in before["coordinator page"]
    assert "<svg" in before["coordinator page"] and "open-answers" in before["coordinator page"]

    # A named member answers, with answers unlike everybody else's.
    respond(wave, {"overall-satisfied": "1", "recommend": "1", "meeting-frequency": "1",
                   "improve": "Tout, à commencer par la coordinatrice."})
    after_one = outputs(client, wave, **people)
    for name, value in before.items():
        assert after_one[name] == value, name
    assert "coordinatrice" not in str(after_one)

    # Four more (k = 5 since the last release): the results move, all at once.
    for i in range(4):
        respond(wave, {"overall-satisfied": "5", "recommend": "4", "meeting-frequency": "2",
                       "improve": f"Idée {i}."})
    after_k = outputs(client, wave, **people)
    assert "17 réponses affichées" in after_k["coordinator page"]
    for name in ("coordinator page", "coordinator csv", "coordinator xlsx", "advisor pdf",
                 "shared"):
        assert after_k[name] != before[name], name
    assert "coordinatrice" in after_k["coordinator page"]  # one of 5 new texts, shuffled


def test_the_compass_feed_and_closing_never_show_fewer_than_k(world, instrument, client):
    wave = make_wave(world.community, responses=7, seed=4)  # released: 7
    respond(wave, {"overall-satisfied": "1"})
    respond(wave, {"overall-satisfied": "1"})  # 2 waiting: never shown
    close(wave)
    feed = member_scores(world.community)
    assert feed.responses == 7
    shown = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    assert (shown.counts.responses, shown.counts.shown) == (9, 7)

    # Extended, one more answer, closed again: nothing moves (3 waiting < 5).
    services.wave_extend(wave=wave, closes_at=timezone.now() + timedelta(days=3))
    respond(wave, {"overall-satisfied": "1"})
    close(wave)
    cache.clear()
    again = member_scores(world.community)
    assert (again.responses, again.dimensions) == (feed.responses, feed.dimensions)
    # Two more after another extension: 5 waiting, released together.
    services.wave_extend(wave=wave, closes_at=timezone.now() + timedelta(days=3))
    respond(wave, {"overall-satisfied": "2"})
    respond(wave, {"overall-satisfied": "2"})
    close(wave)
    assert member_scores(world.community).responses == 12


def test_a_question_moves_only_after_k_more_answers_to_it(world, instrument):
    wave = make_wave(world.community, responses=0)

    def figures(key):
        results = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
        q = next(q for s in results.sections for q in s.questions if q.key == key)
        return q.answered, q.not_applicable, q.mean, [(o.key, o.count) for o in q.options]

    for _ in range(5):
        respond(wave, {"overall-satisfied": "4", "recommend": "4"})
    first = figures("recommend")
    assert first[0] == 5
    # Release 2: five responses, only one of which answers "recommend" (optional).
    respond(wave, {"overall-satisfied": "2", "recommend": "1"})
    for _ in range(4):
        respond(wave, {"overall-satisfied": "2"})
    assert figures("overall-satisfied")[0] == 10  # the release is out
    assert figures("recommend") == first  # but one answer to this question does not show
    # Release 3: four more answers to it, five since its last shown state: it moves.
    for _ in range(4):
        respond(wave, {"overall-satisfied": "3", "recommend": "2"})
    respond(wave, {"overall-satisfied": "3"})
    moved = figures("recommend")
    assert moved[0] == 10 and dict(moved[3])["1"] == 1 and dict(moved[3])["2"] == 4


def test_open_answers_need_k_answers_per_question_and_are_shuffled_per_question(
        world, instrument, client):
    wave = make_wave(world.community, responses=0)
    for i in range(4):
        respond(wave, {"overall-satisfied": "4", "improve": f"Amélioration {i:02}"})
    respond(wave, {"overall-satisfied": "4"})  # release 1: 5 responses, 4 texts
    client.force_login(world.coordinator)
    page = client.get(url("results", wave)).content.decode()
    assert "Amélioration" not in page
    assert "Aucune réponse affichée" in page
    xlsx = xlsx_values(client.get(url("export_xlsx", wave)).content)
    assert xlsx["Réponses ouvertes"] == [("Clé", "Question", "Réponse")]

    # 20 responses answering two open questions each: every list in its own random order.
    for i in range(20):
        respond(wave, {"improve": f"Amélioration {i:02}", "appreciate-most": f"Atout {i:02}"})
    results = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    texts = {q.key: q.texts for s in results.sections for q in s.texts}
    improve = [t.split()[-1] for t in texts["improve"]]
    appreciate = [t.split()[-1] for t in texts["appreciate-most"]]
    assert len(improve) == 24 and len(appreciate) == 20
    assert improve not in (sorted(improve), sorted(improve, reverse=True))
    # The two lists do not line up: their order cannot pair one person's answers.
    assert [n for n in improve if n in appreciate] != appreciate
    cache.clear()
    again = selectors.wave_results(wave, with_open_answers=True, with_trend=False)
    assert {q.key: q.texts for s in again.sections for q in s.texts} == texts  # stable
    xlsx = xlsx_values(client.get(url("export_xlsx", wave)).content)
    assert [r[2] for r in xlsx["Réponses ouvertes"] if r[0] == "improve"] == texts["improve"]


def test_row_level_answers_for_staff_only_on_closed_waves_and_logged(world, instrument,
                                                                     client):
    wave = make_wave(world.community, responses=8, seed=5)
    for user in (world.coordinator, world.advisor):
        client.force_login(user)
        assert client.get(url("export_rows", wave)).status_code == 404
        assert "responses.csv" not in client.get(url("results", wave)).content.decode()
    client.force_login(world.staff)
    assert client.get(url("export_rows", wave)).status_code == 404  # still open
    close(wave)
    for user in (world.coordinator, world.advisor):
        client.force_login(user)
        assert client.get(url("export_rows", wave)).status_code == 404
    assert not AuditEvent.objects.filter(details__kind="survey-rows").exists()
    client.force_login(world.staff)
    assert "responses.csv" in client.get(url("results", wave)).content.decode()
    response = client.get(url("export_rows", wave))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == rows[1][0] == "#" and len(rows) == 10  # question texts, keys, 8 rows
    event = AuditEvent.objects.get(details__kind="survey-rows")
    assert event.actor == world.staff and event.object_id == str(wave.pk)
    assert event.details["responses"] == 8


def test_padding_through_the_public_link_reveals_nothing_in_an_invitations_only_wave(
        world, instrument, client):
    wave = make_wave(world.community, responses=0, open_days=None)
    wave.invitations_only = True
    wave.save()
    services.wave_open(wave=wave, closes_at=timezone.now() + timedelta(days=5))
    wave.refresh_from_db()
    for _ in range(4):  # known answers (if they got in at all, they are not counted)
        respond(wave, {"overall-satisfied": "5"}, channel="public")
    respond(wave, {"overall-satisfied": "1"}, channel="invitation")  # the one real member
    client.force_login(world.coordinator)
    page = client.get(url("results", wave)).content.decode()
    assert 'id="below-threshold"' in page and "<svg" not in page
    assert client.get(url("export_csv", wave)).status_code == 403
    counts = json.loads(client.get(url("count", wave)).content)
    assert (counts["shown"], counts["threshold_reached"]) == (0, False)
    for _ in range(4):
        respond(wave, {"overall-satisfied": "3"}, channel="invitation")
    results = selectors.wave_results(wave, with_open_answers=False, with_trend=False)
    assert results.counts.shown == 5 and results.counts.shown_public == 0
    overall = next(q for s in results.sections for q in s.questions
                   if q.key == "overall-satisfied")
    assert {o.key: o.count for o in overall.options}["5"] == 0  # the padding left out


def test_the_results_say_how_many_answers_came_through_the_public_link(world, instrument,
                                                                         client):
    wave = make_wave(world.community, responses=0)
    for channel in ["public"] * 3 + ["invitation"] * 2:
        respond(wave, {"overall-satisfied": "4"}, channel=channel)
    client.force_login(world.advisor)
    page = client.get(url("results", wave)).content.decode()
    assert "5 réponses affichées" in page
    assert "Dont 3 par le lien public" in page


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_release_fewer_than_k(world, instrument):
    """Twelve members submit at the same moment (k = 5): every release holds at least 5
    responses, and at most 4 wait (the row lock on PostgreSQL, the write lock on SQLite)."""
    import threading

    from django.db import connection

    from copkit.questionnaires.models import Response

    wave = make_wave(world.community)
    barrier = threading.Barrier(12)
    errors: list[BaseException] = []

    def member(i: int) -> None:
        try:
            barrier.wait()
            respond(wave, {"overall-satisfied": str(1 + i % 5)})
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=member, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    stamps = list(Response.objects.filter(collection=wave.collection, status="submitted")
                  .values_list("release", flat=True))
    assert len(stamps) == 12
    sizes = {n: stamps.count(n) for n in set(stamps) if n is not None}
    assert sizes and all(size >= 5 for size in sizes.values()), sizes
    assert sorted(sizes) == list(range(1, len(sizes) + 1))
    assert stamps.count(None) < 5
