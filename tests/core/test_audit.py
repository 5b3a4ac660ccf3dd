"""The staff action log: each logged action writes one event; the admin is read-only."""

import copy
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from compass.models import Assessment
from copkit.core.models import AuditEvent
from copkit.questionnaires import editing
from copkit.questionnaires.definitions import definition_dump
from copkit.questionnaires.models import Version
from copkit.questionnaires.xlsform import definition_to_xlsx
from survey.models import Wave
from tests.conftest import make_user, rows_for_the_module
from toolbox.models import Instance

pytestmark = pytest.mark.django_db


def _load_demo():
    call_command("load_content", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())


_demo_rows = rows_for_the_module(_load_demo)  # written once for the module's tests


@pytest.fixture
def demo(request, _demo_rows, db):
    return _demo_rows.for_test(request)


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_definition_versions_created_by_editor_and_workbook_are_logged(demo):
    staff = make_user("km", staff=True)
    base = Version.objects.filter(questionnaire__key="compass", community__isnull=True
                                  ).latest("number")
    data = copy.deepcopy(definition_dump(base))
    data["title"]["en"] = "Changed for the log"
    new, created = editing.definition_save_edit(base=base, data=data, created_by=staff)
    assert created
    unchanged = editing.definition_save_edit(base=new, data=definition_dump(new),
                                             created_by=staff)
    assert unchanged[1] is False
    workbook = definition_to_xlsx(new)
    editing.definition_import_xlsx(questionnaire=new.questionnaire, file=workbook,
                                   filename="c.xlsx", created_by=staff, official=True)
    events = _events("definition_version_created")
    assert [(e.actor, e.details["source"]) for e in events] == [(staff, "editor"),
                                                                (staff, "official")]


def test_every_export_download_is_logged(client, demo):
    client.force_login(make_user("km", staff=True))
    urls = []
    wave = Wave.objects.closed().filter(community__slug="marches-publics").first()
    for name in ("export_xlsx", "export_csv", "export_pdf"):
        urls.append(reverse(f"survey:{name}", args=[wave.community.slug, wave.pk]))
    assessment = Assessment.objects.closed().filter(community__slug="marches-publics").first()
    for name in ("pdf", "xlsx"):
        urls.append(reverse(f"compass:{name}", args=["marches-publics", assessment.pk]))
    instance = Instance.objects.filter(community__slug="marches-publics").first()
    for name in ("export_pdf", "export_xlsx"):
        urls.append(reverse(f"toolbox:{name}", args=["marches-publics", instance.tool,
                                                      instance.pk]))
    version = Version.objects.filter(community__isnull=True).first()
    urls.append(reverse("questionnaires:download",
                        args=[version.questionnaire.key, version.number]))
    for url in urls:
        before = AuditEvent.objects.filter(action="export_downloaded").count()
        response = client.get(url)
        assert response.status_code == 200, url
        assert AuditEvent.objects.filter(action="export_downloaded").count() == before + 1, url
        event = AuditEvent.objects.filter(action="export_downloaded").latest("id")
        assert event.actor.username == "km" and event.details["path"] == url


def test_review_completed_is_logged(demo):
    from compass import reviews, services
    from copkit.communities.models import Membership, Role

    advisor = make_user("adv")
    assessment = Assessment.objects.filter(status="submitted").first()
    if assessment is None:
        assessment = Assessment.objects.closed().exclude(status="reviewed").first()
    # Only an advisor of the community who took no part in the assessment may review it.
    Membership.objects.create(community=assessment.community, user=advisor, role=Role.ADVISOR)
    if assessment.status != "submitted":
        assessment = services.assessment_submit_for_review(
            assessment=assessment, user=advisor, url_builder=lambda p: p)
    reviews.review_complete(assessment=assessment, advisor=advisor, url_builder=lambda p: p)
    event = _events("assessment_reviewed")[-1]
    assert event.actor == advisor and event.object_id == str(assessment.pk)
    assert event.community == assessment.community


def test_admin_log_is_read_only_for_staff(client, db):
    staff = make_user("km", staff=True)
    event = AuditEvent.objects.create(action="export_downloaded", object_type="x", object_id="1")
    client.force_login(staff)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    page = client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert page.status_code == 200 and b'name="action"' not in page.content
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:core_auditevent_delete", args=[event.pk]),
                       {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    client.force_login(make_user("nobody"))
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 302
