"""Every button of a filling page keeps what was typed: it saves the page first, or, when the
page is refused, shows the typed values again (and the page then warns before leaving)."""

import pytest
from django.urls import reverse

from copkit.questionnaires.models import Answer

pytestmark = pytest.mark.django_db


def _url(version, section):
    return reverse("questionnaires:preview_section",
                   kwargs={"key": version.questionnaire.key, "number": version.number,
                           "section": section})


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.staff)
    return client


GRIDS = {"q-tools-teams-sharing": "2", "q-agenda-rows": "2",
         "q-agenda-0-minutes": "10", "q-agenda-0-step": "Accueil",
         "q-agenda-1-minutes": "20", "q-agenda-1-step": "Tour de table"}


@pytest.mark.parametrize("action", ["previous", "save", "goto:opinions", "goto:facts",
                                    "add-row:agenda", "row-down:agenda:0", "autosave",
                                    "leave:unknown", "next"])
def test_every_button_saves_the_page_first(staff_client, all_types_version, action):
    staff_client.post(_url(all_types_version, "grids"), {**GRIDS, "_action": action})
    assert Answer.objects.get(question__key="tools").number == 2
    steps = dict(Answer.objects.filter(question__key="agenda", column="step")
                 .values_list("row", "text"))
    expected = {"0": "Accueil", "1": "Tour de table"}
    if action == "row-down:agenda:0":
        expected = {"0": "Tour de table", "1": "Accueil"}
    assert steps == expected


def test_removing_a_row_keeps_the_other_rows_and_answers(staff_client, all_types_version):
    staff_client.post(_url(all_types_version, "grids"), {**GRIDS, "_action": "row-remove:agenda:0"})
    assert Answer.objects.get(question__key="tools").number == 2
    assert list(Answer.objects.filter(question__key="agenda", column="step")
                .values_list("row", "text")) == [("0", "Tour de table")]


def test_a_refused_page_shows_every_typed_value_again(staff_client, all_types_version):
    response = staff_client.post(_url(all_types_version, "facts"), {
        "q-meetings-per-year": "99", "q-nickname": "Lulu", "q-remarks": "Une remarque",
        "_action": "next"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="99"' in html and 'value="Lulu"' in html and "Une remarque" in html
    assert 'data-warn-unsaved="unsaved"' in html
    assert not Answer.objects.exists()


def test_the_served_page_is_tracked_for_unsaved_changes(staff_client, all_types_version):
    html = staff_client.get(_url(all_types_version, "facts")).content.decode()
    assert 'id="questionnaire-form"' in html and "data-warn-unsaved>" in html
    # Part links outside the form submit it (they save), they are not plain links.
    assert 'form="questionnaire-form" name="_action" value="goto:opinions"' in html
