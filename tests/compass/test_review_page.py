"""The advisor's review page loses nothing typed, in French and Dutch (issue 14): numbers render
unlocalised, every button saves everything typed first or shows it again, status changes and
new actions return to the review page; closing needs a confirmation; returning link respondents
resume where they stopped."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from compass import services
from compass.models import ActionStatus, Assessment, AssessmentStatus, ReviewNote
from tests.compass.conftest import closed_assessment, fill, no_url


@pytest.fixture
def submitted(world, compass_version):
    assessment = closed_assessment(world.community, world.coordinator, ["3", "4"])
    return services.assessment_submit_for_review(assessment=assessment, user=world.coordinator,
                                                 url_builder=no_url)


def _url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def _value(html: str, name: str) -> str:
    tag = re.search(rf'<(?:input|textarea)[^>]*name="{re.escape(name)}"[^>]*>', html).group(0)
    if tag.startswith("<textarea"):
        return re.search(rf'name="{re.escape(name)}"[^>]*>([^<]*)</textarea>', html).group(1)
    return re.search(r'value="([^"]*)"', tag).group(1)


TYPED = {"summary": "Bon départ", "comment-renewal": "Relève à préparer",
         "agreed-renewal": "61", "target-renewal": "62.5", "agreed-objectives": "0",
         "comment-objectives": "Écrits"}


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_saved_scores_render_unlocalised_and_survive_a_second_save(client, world, submitted,
                                                                   language):
    client.force_login(world.advisor)
    target = _url("compass:review", language, slug="juristes", pk=submitted.pk)
    assert client.post(target, {**TYPED, "_action": "save"}).status_code == 302
    html = client.get(target).content.decode()
    assert {name: _value(html, name) for name in TYPED} == TYPED
    assert 'value="61,0"' not in html and 'value="62,5"' not in html and ",5\"" not in html
    # Saving the page as shown (what a browser sends back) changes nothing: no NULL over it.
    shown = {name: _value(html, name) for name in TYPED}
    client.post(target, {**shown, "_action": "save"})
    note = ReviewNote.objects.get(review__assessment=submitted, dimension="renewal")
    assert (note.agreed, note.target, note.comment) == (61, 62.5, "Relève à préparer")
    assert ReviewNote.objects.get(review__assessment=submitted, dimension="objectives").agreed == 0


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_add_to_the_plan_saves_the_typed_review_first(client, world, submitted, language):
    client.force_login(world.advisor)
    target = _url("compass:review", language, slug="juristes", pk=submitted.pk)
    response = client.post(target, {**TYPED, "plan-dimension": "renewal",
                                    "plan-action": "Binôme de relève", "plan-owner": "Claire",
                                    "plan-due_date": "2030-06-30", "_action": "add-action"})
    assert response.status_code == 302 and response["Location"].endswith("/review/#plan")
    html = client.get(target).content.decode()
    assert {name: _value(html, name) for name in TYPED} == TYPED
    item = submitted.actions.get()
    assert (item.title, item.owner, str(item.due_date)) == ("Binôme de relève", "Claire",
                                                             "2030-06-30")


def test_an_action_typed_before_saving_the_review_is_added_too(client, world, submitted):
    client.force_login(world.advisor)
    target = _url("compass:review", "fr", slug="juristes", pk=submitted.pk)
    client.post(target, {**TYPED, "plan-dimension": "renewal", "plan-action": "Ne pas perdre",
                         "_action": "save"})
    assert submitted.actions.get().title == "Ne pas perdre"


def test_a_refused_page_shows_everything_typed_again_and_saves_nothing(client, world,
                                                                       submitted):
    client.force_login(world.advisor)
    target = _url("compass:review", "fr", slug="juristes", pk=submitted.pk)
    # The new action has an owner but no text: refused, with the review typed meanwhile.
    response = client.post(target, {**TYPED, "plan-dimension": "renewal",
                                    "plan-owner": "Claire", "_action": "add-action"})
    assert response.status_code == 400
    html = response.content.decode()
    assert {name: _value(html, name) for name in TYPED} == TYPED
    assert _value(html, "plan-owner") == "Claire"
    assert "Rien n’est encore enregistré" in html
    assert not ReviewNote.objects.filter(review__assessment=submitted).exists()
    assert not submitted.actions.exists()
    # A score out of range: the same.
    response = client.post(target, {**TYPED, "agreed-renewal": "150", "_action": "save"})
    assert response.status_code == 400
    assert _value(response.content.decode(), "agreed-renewal") == "150"


def test_updating_a_status_on_the_review_page_stays_there_and_keeps_the_typing(
        client, world, submitted):
    item = services.action_add(assessment=submitted, dimension="renewal", action="Binôme")
    client.force_login(world.advisor)
    target = _url("compass:review", "nl", slug="juristes", pk=submitted.pk)
    response = client.post(target, {**TYPED, f"status-{item.pk}": "in_progress",
                                    "_action": "plan"})
    assert response.status_code == 302 and "/review/" in response["Location"]
    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS
    html = client.get(target).content.decode()
    assert {name: _value(html, name) for name in TYPED} == TYPED
    assert re.search(rf'id="status-{item.pk}"[^>]*>.*?value="in_progress" selected', html,
                     re.S)


def test_action_status_returns_to_the_page_it_came_from_on_this_site_only(client, world,
                                                                          submitted):
    item = services.action_add(assessment=submitted, dimension="renewal", action="Binôme")
    client.force_login(world.coordinator)
    post = _url("compass:action_status", "fr", slug="juristes", action_pk=item.pk)
    index = _url("compass:index", "fr", slug="juristes")
    assert client.post(post, {"status": "done", "next": index})["Location"] == index
    results = _url("compass:results", "fr", slug="juristes", pk=submitted.pk) + "#plan"
    for evil in ("https://evil.example/", "//evil.example", "/%09/evil.example"):
        assert client.post(post, {"status": "open", "next": evil})["Location"] == results


def test_the_results_page_sends_its_own_address_with_status_changes(client, world, submitted):
    services.action_add(assessment=submitted, dimension="renewal", action="Binôme")
    client.force_login(world.coordinator)
    page = _url("compass:results", "fr", slug="juristes", pk=submitted.pk)
    assert f'name="next" value="{page}#plan"' in client.get(page).content.decode()


def test_closing_needs_the_box_ticked(client, world, compass_version):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    fill(assessment, "Anne", "4")
    client.force_login(world.coordinator)
    index = client.get(_url("compass:index", "fr", slug="juristes")).content.decode()
    assert 'name="confirm" id="close-confirm"' in index and "c’est définitif" in index
    close = _url("compass:close", "fr", slug="juristes", pk=assessment.pk)
    refused = client.post(close, follow=True)
    assert "cochez la case" in refused.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.OPEN
    client.post(close, {"confirm": "on"})
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.CLOSED


def test_a_returning_link_respondent_resumes_where_they_stopped(client, world,
                                                                compass_version):
    assessment = services.assessment_start(community=world.community, user=world.coordinator)
    _invite, token = services.invite_create(assessment=assessment, name="Marc",
                                            created_by=world.coordinator, url_builder=no_url)
    link = _url("compass:respond", "fr", token=token)
    client.post(link, {"name": "Marc"})
    # Not answered yet: the first page.
    assert client.get(link)["Location"] == _url("compass:respond_fill", "fr", token=token)
    # The first two dimensions answered: back on the third.
    fill_url = _url("compass:respond_section", "fr", token=token, section="shared-domain")
    client.post(fill_url, {f"q-{k}": "4" for k in ("domain-clear", "domain-shared",
                                                   "domain-relevant", "domain-scope")}
                | {"_action": "next"})
    client.post(_url("compass:respond_section", "fr", token=token, section="objectives"),
                {f"q-{k}": "3" for k in ("objectives-known", "objectives-endorsed",
                                         "objectives-linked", "objectives-reviewed")}
                | {"q-objectives-in-writing": "yes", "_action": "next"})
    assert client.get(link)["Location"] == _url("compass:respond_section", "fr", token=token,
                                                section="actors-roles")
    # Half a page answered: back on that page.
    client.post(_url("compass:respond_section", "fr", token=token, section="actors-roles"),
                {"q-roles-coordinator-time": "5", "_action": "save"})
    assert client.get(link)["Location"].endswith("/fill/actors-roles/")
