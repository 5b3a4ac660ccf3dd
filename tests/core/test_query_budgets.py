# Over 400 lines on purpose: one table of every page of the app with its budget, in one place.
"""Every GET page runs a fixed number of queries, whatever the amount of data (issue 9).

Each page of `PAGES` is requested at two data sizes: the demo data (`seed_demo`), then the same
with many more of what the pages list (communities, people and invitations, waves, responses and
survey invitations, assessments, respondents and actions, toolbox entries and guest links, guide
progress, definition versions). At both sizes its count must stay within its budget, and the
large count must not exceed the small one: an N+1 fails here, with the queries listed (-v).

Counts are cold-cache: Django's cache and the questionnaire structure cache are cleared before
each measured request, so cached aggregates, charts and PDFs cost what a first visit costs.
Pages whose first visit creates something (one's own response, a preview, the guide's chosen
community in the session, a survey draft) are primed by a first, unmeasured visit.

Every named URL pattern is budgeted here or exempt with a reason (`EXEMPT`); a POST-only exemption
is checked (a GET answers 405). A new page therefore fails `test_every_page_is_budgeted` until it
is given a budget. `QUERY_BUDGETS_REPORT=1 pytest -s` prints the measured table.
"""

import io
import os
import re
import secrets
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from compass import selectors as compass_selectors
from compass import services as compass_services
from compass.models import Assessment, AssessmentInvite, AssessmentStatus
from copkit.actions.models import Action, Origin
from copkit.communities.models import Community, Invitation, Membership, Phase, Role
from copkit.core import links
from copkit.core.models import ExportJob
from copkit.meetings import services as meeting_services
from copkit.meetings.models import Meeting
from copkit.questionnaires.definitions import definition_dump, definition_load
from copkit.questionnaires.models import Answer, Collection, Questionnaire, Response, Version
from copkit.questionnaires.structure import clear_structure_cache, load_structure
from copkit.stories.models import Story, StoryLink
from guide.models import Node, ProgressStatus, QuestionProgress
from survey import services as survey_services
from survey.demo import fill_responses
from survey.models import Wave, WaveStatus
from tests.security.test_url_access import _patterns
from toolbox import services as toolbox_services
from toolbox.models import GuestLink, Instance, ToolKey

# Query counts are the ORM's, the same on both databases, and these build large data sets
# (500 communities) that take minutes on PostgreSQL: in CI they run once, on SQLite.
pytestmark = [pytest.mark.django_db, pytest.mark.once]

C = "marches-publics"  # coordinator + advisor; closed waves, a reviewed assessment, tools
K = "gestionnaires-connaissances"  # an open assessment, a draft wave
N = 30  # extra rows per list at the large size: enough to show an N+1, fast on a small CI box
PROBE = "budget-probe"  # a copy of the compass definition whose version history grows


@dataclass(frozen=True)
class Page:
    name: str  # URL pattern name
    role: str  # coordinator | advisor | staff | anonymous (a fresh browser per request)
    budget: int
    path: Callable[[SimpleNamespace], str]
    prime: Callable[[Client, SimpleNamespace], object] | None = None
    status: int = 200
    shows: str = ""  # a text only the large data puts on the page: the growth reaches it

    @property
    def label(self) -> str:
        return f"{self.name} as {self.role}"


def r(name: str, *args) -> Callable[[SimpleNamespace], str]:
    """A path builder: `args` are constants or functions of the demo namespace."""
    return lambda d: reverse(name, args=[a(d) if callable(a) else a for a in args])


def q(builder: Callable[[SimpleNamespace], str], query: str) -> Callable[[SimpleNamespace], str]:
    return lambda d: f"{builder(d)}?{query}"


def visit(builder: Callable[[SimpleNamespace], str]):
    return lambda client, d: client.get(builder(d))


def _survey_draft(client: Client, d: SimpleNamespace):
    return client.post(reverse("survey:answer", args=[d.open_token]), {"confirm": "on"})


def _reset_link(client: Client, d: SimpleNamespace):
    return client.get(reverse("password_reset_confirm", args=[d.uid, d.reset_token]))


COORD, ADV, STAFF, ANON = "coordinator", "advisor", "staff", "anonymous"
GUESTS = (ToolKey.COMPETENCIES, ToolKey.FACILITATION)  # tools with guest links

PAGES: list[Page] = [
    # --- Core, accounts ---
    # Home: what waits in each community (waves, assessments, actions: 3 queries, within the
    # coordinator's budget) and, for advisors, the to-review count (+1, shared with the menu).
    Page("home", COORD, 8, r("home"), shows="Réseau budget 29"),
    Page("home", ADV, 9, r("home"), shows="Réseau budget 29"),
    Page("home", STAFF, 6, r("home"), shows="Réseau budget 29"),
    Page("health", ANON, 3, r("health")),
    Page("favicon", ANON, 0, r("favicon")),  # a file read once, no session, no database
    Page("login", ANON, 2, r("login")),
    # Issue 19: the statement and the notice read their sections (one query); the notice adds,
    # for a signed-in reader, the retention of their communities (memberships, waves, story
    # links: one query each); the record of processing reads no table.
    Page("accessibility", ANON, 1, r("accessibility")),
    Page("privacy", ANON, 1, r("privacy")),
    Page("privacy", COORD, 9, r("privacy"), shows="Réseau budget 29"),
    Page("processing_record_xlsx", STAFF, 2, r("processing_record_xlsx")),
    Page("processing_record_pdf", STAFF, 2, r("processing_record_pdf")),
    Page("password_reset", ANON, 2, r("password_reset")),
    Page("password_reset_done", ANON, 2, r("password_reset_done")),
    Page("password_reset_confirm", ANON, 3, r("password_reset_confirm", lambda d: d.uid,
                                               "set-password"), prime=_reset_link),
    Page("password_reset_complete", ANON, 2, r("password_reset_complete")),
    Page("password_change", COORD, 5, r("password_change")),
    Page("password_change_done", COORD, 5, r("password_change_done")),
    Page("export_job", COORD, 9, r("export_job", lambda d: d.job)),
    Page("export_status", COORD, 8, r("export_status", lambda d: d.job)),
    Page("export_download", COORD, 9, r("export_download", lambda d: d.job)),
    # --- Communities ---
    Page("communities:create", COORD, 5, r("communities:create")),
    Page("communities:invitation_accept", ANON, 3,
         r("communities:invitation_accept", lambda d: d.invitation_token)),
    # +1: the reminder choices (copkit.reminders).
    Page("communities:account", COORD, 7, r("communities:account"),
         shows="Réseau budget 29"),
    Page("communities:account_data", COORD, 11, r("communities:account_data"),
         shows="budget-29"),
    # The cockpit (issue 16): each app's items, figures and next steps (a few queries each).
    # (Two sizes of life, 12 vs 120 months: test_cockpit_and_timeline_run_as_many_queries_….)
    Page("communities:detail", COORD, 28, r("communities:detail", C), shows="Nom29"),
    Page("communities:detail", ADV, 28, r("communities:detail", C), shows="Nom29"),
    Page("communities:timeline", COORD, 18, r("communities:timeline", C)),
    Page("communities:timeline", ADV, 18, r("communities:timeline", C)),
    Page("communities:edit", COORD, 8, r("communities:edit", C)),
    Page("communities:delete", COORD, 8, r("communities:delete", C)),
    Page("communities:people", COORD, 10, r("communities:people", C),
         shows="invited-29@example.org"),
    Page("communities:people", ADV, 9, r("communities:people", C), shows="Nom29"),
    Page("communities:advisors", STAFF, 8, r("communities:advisors"), shows="Nom29"),
    # --- Questionnaire definitions (staff and the KM team, which demo-advisor is in) ---
    Page("questionnaires:list", STAFF, 6, r("questionnaires:list"), shows="budget-extra-29"),
    Page("questionnaires:list", ADV, 9, r("questionnaires:list"), shows="budget-extra-29"),
    Page("questionnaires:version", STAFF, 8, r("questionnaires:version", PROBE, 1),
         shows="v31"),
    Page("questionnaires:download", STAFF, 11, r("questionnaires:download", PROBE, 1)),
    Page("questionnaires:edit", STAFF, 11, r("questionnaires:edit", PROBE, 1)),
    Page("questionnaires:edit_section", STAFF, 14,
         r("questionnaires:edit_section", PROBE, 1, lambda d: d.probe_section)),
    Page("questionnaires:preview", STAFF, 12, r("questionnaires:preview", PROBE, 1),
         prime=visit(r("questionnaires:preview", PROBE, 1))),
    Page("questionnaires:preview_section", STAFF, 12,
         r("questionnaires:preview_section", PROBE, 1, lambda d: d.probe_section),
         prime=visit(r("questionnaires:preview", PROBE, 1))),
    Page("questionnaires:preview_done", STAFF, 5, r("questionnaires:preview_done", PROBE, 1)),
    # --- Guide: public pages, a community's progress, staff editing ---
    Page("guide:index", ANON, 5, r("guide:index")),
    Page("guide:index", COORD, 13, q(r("guide:index"), f"community={C}"),
         prime=visit(q(r("guide:index"), f"community={C}")), shows="Réseau budget 29"),
    Page("guide:introduction", ANON, 6, r("guide:introduction")),
    Page("guide:contents", ANON, 5, r("guide:contents")),
    Page("guide:search", ANON, 4, q(r("guide:search"), "q=réunion")),
    Page("guide:tools", ANON, 2, r("guide:tools")),
    Page("guide:glossary", ANON, 2, r("guide:glossary")),
    Page("guide:tools", COORD, 8, q(r("guide:tools"), f"community={C}"),
         prime=visit(q(r("guide:tools"), f"community={C}"))),
    Page("guide:pdf", ANON, 10, r("guide:pdf")),
    Page("guide:pdf_phase", ANON, 11, r("guide:pdf_phase", "start")),
    Page("guide:phase", ANON, 6, r("guide:phase", "growth")),
    Page("guide:phase", COORD, 13, q(r("guide:phase", "growth"), f"community={C}"),
         prime=visit(q(r("guide:phase", "growth"), f"community={C}"))),
    Page("guide:question", ANON, 6, r("guide:question", "growth", lambda d: d.guide_question)),
    Page("guide:question", COORD, 13,
         q(r("guide:question", "growth", lambda d: d.guide_question), f"community={C}"),
         prime=visit(q(r("guide:question", "growth", lambda d: d.guide_question),
                       f"community={C}")), shows="Note budget"),
    Page("guide:progress", COORD, 17, r("guide:progress", C),
         prime=visit(r("guide:progress", C)), shows="Note budget"),
    Page("guide:progress", ADV, 17, r("guide:progress", C),
         prime=visit(r("guide:progress", C)), shows="Note budget"),
    Page("guide:staff_index", STAFF, 11, r("guide:staff_index")),
    Page("guide:staff_edit", STAFF, 11, r("guide:staff_edit", "growth")),
    # --- Meetings ---
    Page("meetings:list", COORD, 8, r("meetings:list", C), shows="Rencontre budget 29"),
    Page("meetings:list", ADV, 9, r("meetings:list", C), shows="Rencontre budget 29"),
    Page("meetings:create", COORD, 10, r("meetings:create", C)),
    Page("meetings:export_xlsx", COORD, 8, r("meetings:export_xlsx", C)),
    Page("meetings:detail", COORD, 13, r("meetings:detail", C, lambda d: d.meeting),
         shows="Action budget 29"),
    Page("meetings:detail", ADV, 14, r("meetings:detail", C, lambda d: d.meeting),
         shows="Action budget 29"),
    Page("meetings:edit", COORD, 11, r("meetings:edit", C, lambda d: d.meeting)),
    Page("meetings:delete", COORD, 7, r("meetings:delete", C, lambda d: d.meeting)),
    Page("meetings:ics", COORD, 10, r("meetings:ics", C, lambda d: d.meeting)),
    Page("meetings:eml", COORD, 10, r("meetings:eml", C, lambda d: d.meeting)),
    # --- The community's action list (compass plans, meetings, surveys, by hand) ---
    Page("actions:list", COORD, 10, r("actions:list", C), shows="Action budget 29"),
    Page("actions:list", ADV, 10, r("actions:list", C), shows="Action budget 29"),
    Page("actions:list", COORD, 10, q(r("actions:list", C), "status=open&origin=meeting"),
         shows="Action budget 29"),
    Page("actions:list", ADV, 10, q(r("actions:list", C), "origin=compass"), shows="Action 29"),
    Page("actions:export_xlsx", ADV, 10, r("actions:export_xlsx", C)),
    Page("actions:add", COORD, 8, r("actions:add", C)),
    Page("actions:edit", COORD, 8, r("actions:edit", C, lambda d: d.action)),
    Page("actions:delete", COORD, 8, r("actions:delete", C, lambda d: d.action)),
    # --- Toolbox ---
    Page("toolbox:index", COORD, 10, r("toolbox:index", C)),
    Page("toolbox:index", ADV, 10, r("toolbox:index", C)),
    *(Page("toolbox:tool", COORD, 17, r("toolbox:tool", C, tool),
           shows="Rencontre 14" if tool == ToolKey.FACILITATION else f"{tool} 4")
      for tool in ToolKey.values),
    Page("toolbox:tool", ADV, 17, r("toolbox:tool", C, ToolKey.FACILITATION),
         shows="Rencontre 14"),
    Page("toolbox:compare", COORD, 18, lambda d: reverse(
        "toolbox:compare", args=[C, ToolKey.FACILITATION]) + f"?a={d.a}&b={d.b}"),
    Page("toolbox:compare", ADV, 18, lambda d: reverse(
        "toolbox:compare", args=[C, ToolKey.FACILITATION]) + f"?a={d.a}&b={d.b}"),
    *(Page("toolbox:result", COORD, 15,
           r("toolbox:result", C, tool, lambda d, t=tool: d.instance[t]),
           shows="Invité 14" if tool in GUESTS else "")
      for tool in ToolKey.values),
    Page("toolbox:result", ADV, 14, r("toolbox:result", C, ToolKey.COMPETENCIES,
                                      lambda d: d.instance["competencies"]), shows="Invité 14"),
    Page("toolbox:fill", COORD, 15, r("toolbox:fill", C, ToolKey.KICKOFF,
                                      lambda d: d.instance["kickoff"])),
    Page("toolbox:fill_section", COORD, 15,
         r("toolbox:fill_section", C, ToolKey.KICKOFF, lambda d: d.instance["kickoff"],
           lambda d: d.kickoff_section)),
    Page("toolbox:export_pdf", COORD, 14, r("toolbox:export_pdf", C, ToolKey.FACILITATION,
                                            lambda d: d.instance["facilitation"])),
    Page("toolbox:export_xlsx", COORD, 14, r("toolbox:export_xlsx", C, ToolKey.COMPETENCIES,
                                             lambda d: d.instance["competencies"])),
    Page("toolbox:export_docx", COORD, 14, r("toolbox:export_docx", C, ToolKey.CHARTER,
                                             lambda d: d.instance["charter"])),
    Page("toolbox:run_sheet", COORD, 14, r("toolbox:run_sheet", C, ToolKey.KICKOFF,
                                           lambda d: d.instance["kickoff"])),
    Page("toolbox:invitation", COORD, 14, r("toolbox:invitation", C, ToolKey.KICKOFF,
                                            lambda d: d.instance["kickoff"])),
    Page("toolbox:guest_fill", ANON, 8, r("toolbox:guest_fill", lambda d: d.guest_token)),
    Page("toolbox:guest_fill_section", ANON, 8,
         r("toolbox:guest_fill_section", lambda d: d.guest_token, lambda d: d.guest_section)),
    Page("toolbox:guest_done", ANON, 3, r("toolbox:guest_done", lambda d: d.guest_token)),
    # --- Compass ---
    Page("compass:portfolio", ADV, 11, r("compass:portfolio"), shows="Réseau budget 29"),
    Page("compass:portfolio", STAFF, 9, r("compass:portfolio"), shows="Réseau budget 29"),
    # Issue 18: filters, heat map with the benchmark (its stored view, the opted-in
    # communities' latest assessments and their agreed scores), the workbook.
    Page("compass:portfolio", ADV, 10, q(r("compass:portfolio"),
                                         "phase=growth&level=developing&stale=1&actions=1")),
    # + 12 with the survey's benchmark below it (survey/benchmark.py), cold: the opted-in
    # communities' latest waves (1), their released sums (3, whatever their number), the stored
    # view (1, +2 on the first visit, which stores it), the default questionnaire's themes (5).
    Page("compass:portfolio_map", ADV, 27, r("compass:portfolio_map"),
         shows="Réseau budget 29"),
    Page("compass:portfolio_map", STAFF, 24, r("compass:portfolio_map"),
         shows="Réseau budget 29"),
    Page("compass:portfolio_xlsx", ADV, 15, r("compass:portfolio_xlsx")),
    Page("compass:review_queue", ADV, 8, r("compass:review_queue"), shows="Réseau budget 29"),
    Page("compass:review_queue", STAFF, 5, r("compass:review_queue"),
         shows="Réseau budget 29"),
    Page("compass:respond", ANON, 3, r("compass:respond", lambda d: d.invite_new)),
    Page("compass:respond_fill", ANON, 8, r("compass:respond_fill", lambda d: d.invite_started)),
    Page("compass:respond_section", ANON, 8,
         r("compass:respond_section", lambda d: d.invite_started, lambda d: d.compass_section)),
    Page("compass:respond_done", ANON, 3, r("compass:respond_done", lambda d: d.invite_started)),
    Page("compass:index", COORD, 12, r("compass:index", C)),
    Page("compass:index", COORD, 17, r("compass:index", K), shows="Membre 29"),
    Page("compass:index", ADV, 11, r("compass:index", K)),
    # Compass pages with the members' view: +3 since the survey feed reads released snapshots;
    # as advisor +1 for the menu's to-review count (other advisor pages had room for it).
    # + 1 query: the value-creation stories of "results and value" (compass/value.py).
    # + 3 for a community in the benchmark (the demo's are): taking part?, the published
    # snapshot, the latest assessment of each participant (may a new snapshot be published?).
    # + 1 when earlier assessments answered another compass version (the demo's first one):
    # the statements of the versions compared (compass.selectors.version_change_get).
    Page("compass:results", COORD, 26, r("compass:results", C, lambda d: d.reviewed),
         shows="Action 29"),
    Page("compass:results", ADV, 27, r("compass:results", C, lambda d: d.reviewed),
         shows="Action 29"),
    Page("compass:results", COORD, 22, r("compass:results", K, lambda d: d.open_assessment)),
    Page("compass:review", ADV, 23, r("compass:review", C, lambda d: d.reviewed),
         shows="Action 29"),
    Page("compass:fill", COORD, 17, r("compass:fill", K, lambda d: d.open_assessment),
         prime=visit(r("compass:fill", K, lambda d: d.open_assessment))),
    Page("compass:fill_section", COORD, 17,
         r("compass:fill_section", K, lambda d: d.open_assessment, lambda d: d.compass_section),
         prime=visit(r("compass:fill", K, lambda d: d.open_assessment))),
    # The files: the same builder in the request and in the worker (copkit/core/downloads.py)
    # reads the assessment again (+1), and the XLSX counts its respondents to choose (+1);
    # they show the benchmark as the page does.
    Page("compass:pdf", COORD, 24, r("compass:pdf", C, lambda d: d.reviewed)),
    Page("compass:xlsx", ADV, 25, r("compass:xlsx", C, lambda d: d.reviewed)),
    # --- Member survey ---
    Page("survey:answer", ANON, 3, r("survey:answer", lambda d: d.open_token)),
    Page("survey:answer", ANON, 4, r("survey:answer", lambda d: d.personal_token)),
    Page("survey:answer_section", ANON, 9,
         r("survey:answer_section", lambda d: d.open_token, lambda d: d.survey_section),
         prime=_survey_draft),
    Page("survey:answer_done", ANON, 3, r("survey:answer_done", lambda d: d.open_token)),
    Page("survey:shared", ANON, 15, r("survey:shared", lambda d: d.share_token)),
    Page("survey:index", COORD, 9, r("survey:index", C), shows="Enquête 2014"),
    Page("survey:index", ADV, 9, r("survey:index", C), shows="Enquête 2014"),
    Page("survey:wave", COORD, 15, r("survey:wave", C, lambda d: d.open_wave),
         shows="member-29@example.org"),
    Page("survey:wave", ADV, 15, r("survey:wave", C, lambda d: d.open_wave)),
    Page("survey:questions", COORD, 12, r("survey:questions", K, lambda d: d.draft_wave)),
    Page("survey:question", COORD, 14,
         r("survey:question", K, lambda d: d.draft_wave, "membership-length")),
    Page("survey:preview", COORD, 12, r("survey:preview", K, lambda d: d.draft_wave)),
    Page("survey:email", COORD, 9, r("survey:email", C, lambda d: d.open_wave)),
    Page("survey:eml", COORD, 8, r("survey:eml", C, lambda d: d.open_wave)),
    Page("survey:qr", ADV, 8, r("survey:qr", C, lambda d: d.open_wave)),
    Page("survey:count", ADV, 10, r("survey:count", C, lambda d: d.open_wave)),
    # + 6 for a community in the survey benchmark (the demo's are), cold: taking part?, the
    # opted-in communities' latest waves, their released sums (3, whatever their number), the
    # stored view (+2 on a visit that replaces it).
    Page("survey:results", COORD, 27, r("survey:results", C, lambda d: d.closed_wave),
         shows="Enquête 2014"),
    Page("survey:results", ADV, 28, r("survey:results", C, lambda d: d.closed_wave),
         shows="Enquête 2014"),
    Page("survey:results", ADV, 30, q(r("survey:results", C, lambda d: d.closed_wave),
                                      "by=role&q=overall-satisfied")),
    Page("survey:follow_up", COORD, 14, r("survey:follow_up", C, lambda d: d.closed_wave)),
    Page("survey:follow_up", ADV, 14, r("survey:follow_up", C, lambda d: d.closed_wave)),
    Page("survey:export_xlsx", COORD, 25, r("survey:export_xlsx", C, lambda d: d.closed_wave)),
    Page("survey:export_csv", ADV, 24, r("survey:export_csv", C, lambda d: d.closed_wave)),
    Page("survey:export_pdf", COORD, 27, r("survey:export_pdf", C, lambda d: d.closed_wave)),
    Page("survey:export_rows", STAFF, 21, r("survey:export_rows", C, lambda d: d.closed_wave)),
    # --- Value-creation stories, matrix, dossier (issue 17) ---
    Page("stories:tell", ANON, 3, r("stories:tell", lambda d: d.story_token),
         shows="Histoire budget 29"),
    Page("stories:told", ANON, 2, r("stories:told", lambda d: d.story_token)),
    Page("stories:index", COORD, 9, r("stories:index", C), shows="Histoire budget 29"),
    Page("stories:index", ADV, 9, r("stories:index", C), shows="Histoire budget 29"),
    Page("stories:new", COORD, 7, r("stories:new", C)),
    Page("stories:detail", COORD, 12, r("stories:detail", C, lambda d: d.story)),
    Page("stories:detail", ADV, 11, r("stories:detail", C, lambda d: d.story)),
    Page("stories:matrix", COORD, 27, r("stories:matrix", C)),
    Page("stories:matrix_xlsx", ADV, 27, r("stories:matrix_xlsx", C)),
    Page("stories:dossier", COORD, 9, r("stories:dossier", C)),
    # The dossier is always the worker's job (its parts span every app): queued, then the
    # progress page. Counted here with the job, which the tests' backend runs in the request:
    # the compass, survey and meetings parts run their own pages' selectors.
    Page("stories:dossier_pdf", COORD, 63, r("stories:dossier_pdf", C), status=302),
    Page("stories:dossier_docx", ADV, 63, r("stories:dossier_docx", C), status=302),
]

# Pages that serve the charts or files the worker makes (copkit/core/prebuild.py) are measured
# as after the trigger that makes them: the unmeasured first visit asks the worker, which the
# tests' immediate backend runs at once (the measured visit then finds them, cache cleared).
PRODUCED = {"guide:pdf", "guide:pdf_phase", "compass:results", "compass:pdf", "compass:xlsx",
            "survey:shared", "survey:results", "survey:export_xlsx", "survey:export_pdf",
            "communities:detail", "meetings:list", "toolbox:tool", "toolbox:result",
            "toolbox:export_pdf", "toolbox:export_xlsx", "toolbox:export_docx", "stories:matrix",
            "stories:matrix_xlsx"}
PAGES = [replace(page, prime=visit(page.path)) if page.name in PRODUCED and page.prime is None
         else page for page in PAGES]

POST_ONLY = "POST only: a form target, never a page (a GET answers 405, checked below)"
EXEMPT = {
    "set_language": POST_ONLY,
    "logout": POST_ONLY,
    "communities:membership_remove": POST_ONLY,
    "communities:invitation_revoke": POST_ONLY,
    "communities:advisor_remove": POST_ONLY,
    "communities:advisor_invitation_revoke": POST_ONLY,
    "questionnaires:import": POST_ONLY,
    "questionnaires:edit_discard": POST_ONLY,
    "questionnaires:preview_restart": POST_ONLY,
    "guide:progress_update": POST_ONLY,
    "communities:account_reminders": POST_ONLY,
    "meetings:action_add": POST_ONLY,
    "actions:status": POST_ONLY,
    "actions:follow_up": POST_ONLY,
    "meetings:action_status": POST_ONLY,
    "toolbox:new": POST_ONLY,
    "toolbox:reopen": POST_ONLY,
    "toolbox:link_create": POST_ONLY,
    "toolbox:link_close": POST_ONLY,
    "compass:start": POST_ONLY,
    "compass:benchmark": POST_ONLY,
    "compass:action_status": POST_ONLY,
    "compass:invite": POST_ONLY,
    "compass:invite_revoke": POST_ONLY,
    "compass:close": POST_ONLY,
    "compass:submit": POST_ONLY,
    "compass:action_add": POST_ONLY,
    "survey:create": POST_ONLY,
    "survey:settings": POST_ONLY,
    "survey:open": POST_ONLY,
    "survey:extend": POST_ONLY,
    "survey:close": POST_ONLY,
    "survey:invite": POST_ONLY,
    "survey:remind": POST_ONLY,
    "survey:follow_up_send": POST_ONLY,
    "survey:benchmark": POST_ONLY,
    "stories:link": POST_ONLY,
    "stories:delete": POST_ONLY,
    # Issue 19: shown only with COPKIT_STAFF_2FA=required (else they redirect); their budgets
    # are pinned there, with the setting on: tests/core/test_two_factor.py.
    "two_factor_setup": "budgeted in tests/core/test_two_factor.py (second factor on)",
    "two_factor_verify": "budgeted in tests/core/test_two_factor.py (second factor on)",
    # Issue 19: 404 while OIDC is off; with the test provider: tests/core/test_oidc.py.
    "oidc_sign_in": "a redirect to the provider (no query but the session's): test_oidc.py",
    "oidc_authentication_callback": "budgeted in tests/core/test_oidc.py (provider on)",
    "admin_login": "Django's admin sign-in (admin pages are not budgeted), or a redirect",
}
# Django's admin has its own pages, permissions and query patterns; it is not the app's UI.
EXEMPT_NAMESPACES = ("admin",)


# --- Data ----------------------------------------------------------------------------------------

def _demo() -> SimpleNamespace:
    """The demo data, plus the links only their owner sees (tokens are stored hashed)."""
    call_command("load_content", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    User = get_user_model()
    coordinator = User.objects.get(username="demo-coordinator")
    c, k = Community.objects.get(slug=C), Community.objects.get(slug=K)
    d = SimpleNamespace(coordinator=coordinator)

    # A copy of the compass definition, so that its version history can grow without changing
    # which version the compass uses.
    data = definition_dump(compass_selectors.compass_version_get())
    probe, _created = definition_load({**data, "key": PROBE}, app="tests")
    d.probe_section = load_structure(probe).sections[1].key

    waves = Wave.objects.filter(community=c)
    # The demo's latest closed wave (its title follows the day of seeding).
    d.closed_wave = waves.filter(status=WaveStatus.CLOSED).latest("closes_at").pk
    open_wave = waves.get(status=WaveStatus.OPEN)
    d.open_wave, d.open_token = open_wave.pk, open_wave.public_token
    d.share_token = waves.get(pk=d.closed_wave).share_token
    d.draft_wave = Wave.objects.get(community=k, status=WaveStatus.DRAFT).pk
    unanswered = open_wave.invitations.filter(answered_at__isnull=True).first()
    d.personal_token = survey_services.invitation_token_get(unanswered)
    d.survey_section = load_structure(open_wave.collection.version).sections[1].key

    d.reviewed = Assessment.objects.get(community=c, status=AssessmentStatus.REVIEWED).pk
    current = Assessment.objects.get(community=k, status=AssessmentStatus.OPEN)
    d.open_assessment = current.pk
    d.compass_section = load_structure(current.collection.version).sections[1].key
    no_url = "http://testserver{}".format
    _invite, d.invite_new = compass_services.invite_create(
        assessment=current, name="Nouvelle personne", created_by=coordinator, url_builder=no_url)
    started, d.invite_started = compass_services.invite_create(
        assessment=current, name="Personne en cours", created_by=coordinator, url_builder=no_url)
    compass_services.invite_start(invite=started, name="Personne en cours")

    d.instance = {tool: Instance.objects.filter(community=c, tool=tool).order_by("-pk")[0].pk
                  for tool in ToolKey.values}
    meetings = Instance.objects.filter(community=c, tool=ToolKey.FACILITATION).order_by("pk")
    d.a, d.b = meetings[0].pk, meetings[1].pk
    kickoff = Instance.objects.get(pk=d.instance["kickoff"])
    d.kickoff_section = load_structure(kickoff.collection.version).sections[1].key
    facilitation = Instance.objects.get(pk=d.instance["facilitation"])
    link = toolbox_services.guest_link_create(instance=facilitation, name="Observatrice",
                                              created_by=coordinator)
    d.guest_token = link.token
    d.guest_section = load_structure(facilitation.collection.version).sections[1].key

    d.meeting = (Meeting.objects.filter(community=c, starts_at__lt=timezone.now())
                 .order_by("-starts_at")[0].pk)

    d.guide_question = Node.objects.questions().filter(part__key="growth").order_by("order")[0].key
    d.invitation_token = secrets.token_urlsafe(32)
    Invitation.objects.create(community=c, email="nouvelle@example.org", role=Role.COORDINATOR,
                              token_hash=links.token_hash(d.invitation_token),
                              invited_by=coordinator,
                              expires_at=timezone.now() + timedelta(days=14))
    d.job = ExportJob.objects.create(
        kind="survey.csv", language="fr", requested_by=coordinator, community=c,
        title="Export", status=ExportJob.Status.DONE, progress=100, filename="export.csv",
        content_type="text/csv", content=b"a;b\n", size=4).pk
    d.uid = urlsafe_base64_encode(force_bytes(coordinator.pk))
    d.reset_token = default_token_generator.make_token(coordinator)
    d.story = Story.objects.filter(community=c).order_by("pk")[0].pk
    d.action = Action.objects.filter(community=c).order_by("pk")[0].pk
    d.story_token = StoryLink.objects.get(community=c).token
    return d


def _copy_answers(source: Response, targets: list[Response]) -> None:
    """`targets` get the answers of `source` and are submitted (bulk: fast)."""
    answers = list(Answer.objects.filter(response=source))
    Answer.objects.bulk_create([
        Answer(response=target, question_id=a.question_id, row=a.row, column=a.column,
               choice_id=a.choice_id, number=a.number, text=a.text, is_na=a.is_na,
               percent=a.percent)
        for target in targets for a in answers])
    Response.objects.filter(pk__in=[t.pk for t in targets]).update(
        status="submitted", submitted_at=timezone.now())


def _grow(d: SimpleNamespace) -> None:
    """The large size: N more of everything the pages list, around the same measured objects."""
    User = get_user_model()
    now = timezone.now()
    coordinator = d.coordinator
    advisor = User.objects.get(username="demo-advisor")
    people = User.objects.bulk_create([
        User(username=f"budget-{i:02d}", first_name=f"Prénom{i}", last_name=f"Nom{i}",
             email=f"budget-{i:02d}@example.org", password="!") for i in range(N)])
    c = Community.objects.get(slug=C)

    # Communities: more people and pending invitations in C; more communities for the
    # coordinator's and the advisor's lists, each with assessments for the advisor's portfolio.
    Membership.objects.bulk_create(
        [Membership(community=c, user=u, role=Role.ADVISOR) for u in people]
        + [Membership(community=c, user=u, role=Role.COORDINATOR) for u in people[:5]])
    Invitation.objects.bulk_create([
        Invitation(community=c, email=f"invited-{i}@example.org", role=Role.ADVISOR,
                   token_hash=links.token_hash(f"budget-{i}"), invited_by=people[i],
                   expires_at=now + timedelta(days=14)) for i in range(N)])
    more = Community.objects.bulk_create([
        Community(name=f"Réseau budget {i:02d}", slug=f"budget-{i:02d}", domain="Un domaine.",
                  organisation="SPF Test", phase=Phase.values[i % 4]) for i in range(N)])
    Membership.objects.bulk_create(
        [Membership(community=x, user=coordinator, role=Role.COORDINATOR) for x in more]
        + [Membership(community=x, user=advisor, role=Role.ADVISOR) for x in more])
    Invitation.objects.bulk_create([  # the coordinator's personal data lists them
        Invitation(community=x, email=f"guest-{x.slug}@example.org", role=Role.ADVISOR,
                   token_hash=links.token_hash(f"sent-{x.slug}"), invited_by=coordinator,
                   expires_at=now + timedelta(days=14)) for x in more])
    reviewed = Assessment.objects.get(pk=d.reviewed)
    version = reviewed.collection.version
    pairs = [(x, status, days) for x in more
             for status, days in ((AssessmentStatus.CLOSED, 500), (AssessmentStatus.SUBMITTED, 20))]
    pairs += [(c, AssessmentStatus.CLOSED, 800 + 100 * i) for i in range(N)]  # C's history
    collections = Collection.objects.bulk_create([
        Collection(version=version, community=x, purpose="compass", title="Boussole")
        for x, _status, _days in pairs])
    Assessment.objects.bulk_create([
        Assessment(community=x, collection=col, status=status, phase=x.phase,
                   closed_at=now - timedelta(days=days),
                   submitted_at=now if status == AssessmentStatus.SUBMITTED else None,
                   snapshot=reviewed.snapshot, overall=reviewed.overall)
        for (x, status, days), col in zip(pairs, collections, strict=True)])
    questions = list(Node.objects.questions().order_by("part__order", "order"))
    QuestionProgress.objects.bulk_create([
        QuestionProgress(community=x, question=node, status=ProgressStatus.ADDRESSED,
                         updated_by=coordinator) for x in more for node in questions[:4]])
    # Guide: every key question of C has progress, each noted by someone else.
    QuestionProgress.objects.filter(community=c).delete()
    QuestionProgress.objects.bulk_create([
        QuestionProgress(community=c, question=node, note=f"Note budget {i}",
                         status=(ProgressStatus.ADDRESSED, ProgressStatus.IN_PROGRESS)[i % 2],
                         updated_by=people[i % N]) for i, node in enumerate(questions)])

    # Compass: a long action plan on the reviewed assessment; many respondents on the open one.
    source_actions = list(reviewed.actions.all())
    Action.objects.bulk_create([
        Action(origin=Origin.COMPASS, origin_id=reviewed.pk, community=c,
               dimension=source_actions[i % 3].dimension, title=f"Action {i}",
               owner=f"Personne {i}", due_date=date(2026, 1, 1),
               carried_from=source_actions[i % 3] if i % 2 else None, created_by=people[i])
        for i in range(N)])
    current = Assessment.objects.get(pk=d.open_assessment)
    answered = Response.objects.filter(collection_id=current.collection_id,
                                       status="submitted").first()
    responses = Response.objects.bulk_create([
        Response(collection_id=current.collection_id, version_id=current.collection.version_id,
                 label=f"Membre {i}") for i in range(N)])
    _copy_answers(answered, responses[: N // 2])
    AssessmentInvite.objects.bulk_create(
        [AssessmentInvite(assessment=current, token_hash=links.token_hash(f"invite-{i}"),
                          name=f"Membre {i}", response=responses[i], created_by=people[i])
         for i in range(N)]
        + [AssessmentInvite(assessment=current, token_hash=links.token_hash(f"later-{i}"),
                            email=f"later-{i}@example.org") for i in range(N)])
    own = Response.objects.bulk_create([
        Response(collection_id=current.collection_id, version_id=current.collection.version_id,
                 respondent=u) for u in people[:10]])
    _copy_answers(answered, own[:5])

    # Survey: many more responses to the measured closed wave, invitations to the open one, and
    # many past waves (the index and the results' trend list them).
    fill_responses(Wave.objects.get(pk=d.closed_wave), 2 * N, seed=9)
    survey_services.invitations_create(wave=Wave.objects.get(pk=d.open_wave),
                                       emails=[f"member-{i}@example.org" for i in range(N)],
                                       language="fr")
    for i in range(N // 2):
        wave = survey_services.wave_create(community=c, title=f"Enquête {2000 + i}")
        opens = now - timedelta(days=3000 - 100 * i)
        Wave.objects.filter(pk=wave.pk).update(status=WaveStatus.CLOSED, opens_at=opens,
                                               closes_at=opens + timedelta(days=20))
        fill_responses(wave, 5, seed=i, when=opens)

    # Toolbox: many more meetings, tools and guest links.
    facilitation = Instance.objects.get(pk=d.instance["facilitation"])
    observed = GuestLink.objects.filter(instance=facilitation, response__status="submitted")[0]
    for i in range(N // 2):
        meeting = toolbox_services.instance_create(
            community=c, tool=ToolKey.FACILITATION, title=f"Rencontre {i}",
            meeting_date=date(2023, 1, 2) + timedelta(days=14 * i), created_by=people[i],
            language="fr")
        link = toolbox_services.guest_link_create(instance=meeting, name=f"Obs {i}",
                                                  created_by=people[i])
        _copy_answers(facilitation.main_response, [meeting.main_response])
        _copy_answers(observed.response, [link.response])
    for tool in (ToolKey.COMPETENCIES, ToolKey.IT_TOOLS, ToolKey.KICKOFF, ToolKey.CHARTER):
        for i in range(5):
            toolbox_services.instance_create(community=c, tool=tool, title=f"{tool} {i}",
                                             created_by=people[i], language="fr")
    for tool in GUESTS:
        instance = Instance.objects.get(pk=d.instance[tool])
        done = GuestLink.objects.filter(instance=instance, response__status="submitted")[0]
        guest_links = [toolbox_services.guest_link_create(instance=instance, name=f"Invité {i}",
                                                    created_by=people[i]) for i in range(N // 2)]
        _copy_answers(done.response, [link.response for link in guest_links[::2]])

    # Meetings: many more in the last year (the list, its chart and table) and before, and many
    # actions of the measured meeting.
    meeting = Meeting.objects.get(pk=d.meeting)
    Meeting.objects.bulk_create([
        Meeting(community=c, title=f"Rencontre budget {i}", kind="plenary",
                starts_at=now - timedelta(days=5 + 11 * i), present=10 + i % 7,
                newcomers=i % 3, agenda=meeting.agenda) for i in range(N)]
        + [Meeting(community=c, title=f"Ancienne rencontre {i}", starts_at=now - timedelta(
            days=400 + 30 * i), present=8) for i in range(N)])
    for i in range(N):
        meeting_services.meeting_action_add(meeting=meeting, title=f"Action budget {i}",
                                            owner=f"Personne {i}", created_by=people[i])

    # Stories: many more, published, tagged with cycles and dimensions.
    Story.objects.bulk_create([
        Story(community=c, source="link", title=f"Histoire budget {i}", situation="S",
              contribution="C", action="A", change="Ch", consent=True, told_on=now.date(),
              visibility="dossier", cycles=["applied", "realised"],
              dimensions=["results-value"]) for i in range(N)])
    # Definitions: the probe's history, responses to its first version, more questionnaires.
    probe = Version.objects.get(questionnaire__key=PROBE, number=1)
    Version.objects.bulk_create([
        Version(questionnaire=probe.questionnaire, number=2 + i, title=probe.title,
                based_on=probe, created_by=people[i], source_hash=f"h{i}") for i in range(N)])
    collection = Collection.objects.create(version=probe, purpose="test", title="Essai")
    Response.objects.bulk_create([Response(collection=collection, version=probe, label=f"R{i}")
                                  for i in range(N)])
    extra = Questionnaire.objects.bulk_create([
        Questionnaire(key=f"budget-extra-{i:02d}", app="tests") for i in range(N)])
    Version.objects.bulk_create([
        Version(questionnaire=x, number=1, title={"fr": x.key}, created_by=people[0])
        for x in extra])


# --- Measuring -----------------------------------------------------------------------------------

def _clients() -> dict[str, Client]:
    User = get_user_model()
    clients = {}
    for role, username in ((COORD, "demo-coordinator"), (ADV, "demo-advisor"),
                           (STAFF, "demo-admin")):
        clients[role] = Client()
        clients[role].force_login(User.objects.get(username=username))
    return clients


def _cold_caches() -> None:
    cache.clear()
    clear_structure_cache()


def _measure(page: Page, d: SimpleNamespace, clients: dict[str, Client], assert_max,
             limit: int, why: str, failures: list[str]) -> int:
    """The page's cold-cache query count, asserted to be at most `limit`."""
    client = clients[page.role] if page.role != ANON else Client()
    path = page.path(d)
    if page.prime:
        page.prime(client, d)
    _cold_caches()
    try:
        with assert_max(limit, info=f"{page.label}, {path}: {why}") as captured:
            response = client.get(path)
    except pytest.fail.Exception as exc:  # collected: one run reports every page
        failures.append(str(exc))
    if response.status_code != page.status:
        failures.append(f"{page.label}, {path}: status {response.status_code}, not {page.status}")
    elif "large" in why and page.shows and page.shows not in response.content.decode():
        failures.append(f"{page.label}, {path}: the large data does not reach the page "
                        f"({page.shows!r} missing)")
    return len(captured)


def test_every_page_runs_a_fixed_number_of_queries(django_assert_max_num_queries, monkeypatch):
    # Typesetting a PDF runs no query and takes seconds; gathering its data and rendering its
    # HTML, which do query, still run.
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *a, **kw: b"%PDF-1.7\n")
    d = _demo()
    clients = _clients()
    failures: list[str] = []
    small = {page: _measure(page, d, clients, django_assert_max_num_queries, page.budget,
                            "small data, over its budget", failures) for page in PAGES}
    _grow(d)
    large = {page: _measure(page, d, clients, django_assert_max_num_queries,
                            min(page.budget, small[page]),
                            f"large data, more than the {small[page]} queries of the small data "
                            "(grows with the data: N+1?) or over its budget", failures)
             for page in PAGES}
    if os.environ.get("QUERY_BUDGETS_REPORT"):
        sys.stdout.write("\n" + "\n".join(
            f"{p.label:40} budget {p.budget:3}  small {small[p]:3}  large {large[p]:3}  {p.path(d)}"
            for p in PAGES) + "\n")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def _dummy_path(route: str) -> str:
    values = {"slug": "x", "int": "1", "str": "x", "uuid": str(uuid.uuid4()), "tool": "kickoff",
              "path": "x"}
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: values[m.group(1) or "str"], route)


def test_every_page_is_budgeted(client, django_user_model):
    budgeted = {page.name for page in PAGES}
    missing, wrong = [], []
    client.force_login(django_user_model.objects.create_user("someone"))
    for name, route in _patterns():
        if name.split(":")[0] in EXEMPT_NAMESPACES:
            continue
        if name in EXEMPT:
            if name in budgeted:
                wrong.append(f"{name} is both budgeted and exempt")
            elif EXEMPT[name] == POST_ONLY and client.get(_dummy_path(route)).status_code != 405:
                wrong.append(f"{name} ({route}) is exempt as POST only but answers a GET")
        elif name not in budgeted:
            missing.append(f"{name} ({route})")
    assert not missing, "pages without a query budget (add them to PAGES): " + ", ".join(missing)
    assert not wrong, "\n".join(wrong)


# --- The community's life: cockpit and timeline at 12 vs 120 months (issue 16) ------------------

# Measured: cockpit 19 (coordinator) / 20 (advisor: the to-review count), timeline 12 / 13, the
# same at both sizes; a little room for the action list's hooks.
LIFE_BUDGETS = {"communities:detail": 26, "communities:timeline": 16}


def _months_of_life(months: int, coordinator, advisor) -> Community:
    """A community `months` old: a meeting and a done action each month, a phase change each
    year, a closed assessment (reviewed) and a closed survey wave (released) every six months,
    plus what is open now (a wave, an assessment, a submitted one, overdue actions)."""
    from compass import content as compass_content
    from compass.models import Review
    from copkit.communities.models import PhaseChange
    from copkit.communities.rhythm import add_months
    from survey import content as survey_content

    compass_version, _c = definition_load(compass_content.read_definition(), app="compass")
    survey_content.load(stdout=io.StringIO())
    now = timezone.now()
    start = now - timedelta(days=round(months * 30.44))
    c = Community.objects.create(name=f"Vie {months}", slug=f"vie-{months}", domain="D.",
                                 organisation="SPF", phase=Phase.GROWTH)
    Community.objects.filter(pk=c.pk).update(created_at=start)
    Membership.objects.bulk_create([Membership(community=c, user=coordinator,
                                               role=Role.COORDINATOR),
                                    Membership(community=c, user=advisor, role=Role.ADVISOR)])

    def at(month: int):
        return timezone.make_aware(timezone.datetime.combine(
            add_months(start.date(), month), timezone.datetime.min.time())) + timedelta(hours=10)

    phases = [p for p, _l in Phase.choices]
    PhaseChange.objects.bulk_create(
        [PhaseChange(community=c, from_phase="", to_phase=Phase.START, changed_at=start)]
        + [PhaseChange(community=c, from_phase=phases[(y + 1) % 4], to_phase=phases[(y + 2) % 4],
                       changed_at=at(12 * y + 6), changed_by=coordinator, reason=f"Année {y}")
           for y in range(months // 12)])
    Meeting.objects.bulk_create([
        Meeting(community=c, title=f"Rencontre {m}", kind="plenary", starts_at=at(m),
                present=8 + m % 5, newcomers=m % 3) for m in range(months)])
    Action.objects.bulk_create(
        [Action(community=c, origin=Origin.MANUAL, title=f"Fait {m}", status="done",
                due_date=at(m).date(), done_at=at(m) + timedelta(days=3)) for m in range(months)]
        + [Action(community=c, origin=Origin.MANUAL, title=f"En retard {i}",
                  due_date=now.date() - timedelta(days=10 + i)) for i in range(3)])
    half_years = range(0, months, 6)
    collections = Collection.objects.bulk_create(
        [Collection(version=compass_version, community=c, purpose="compass") for _h in half_years]
        + [Collection(version=compass_version, community=c, purpose="compass") for _x in (1, 2)])
    assessments = Assessment.objects.bulk_create(
        [Assessment(community=c, collection=collections[i], status=AssessmentStatus.REVIEWED,
                    phase=Phase.GROWTH, closed_at=at(h + 1), submitted_at=at(h + 1),
                    reviewed_at=at(h + 2), overall=40 + i % 40)
         for i, h in enumerate(half_years)]
        + [Assessment(community=c, collection=collections[-2], status=AssessmentStatus.SUBMITTED,
                      phase=Phase.GROWTH, closed_at=now - timedelta(days=20),
                      submitted_at=now - timedelta(days=20), overall=61),
           Assessment(community=c, collection=collections[-1], status=AssessmentStatus.OPEN,
                      phase=Phase.GROWTH)])
    Review.objects.bulk_create([Review(assessment=a, advisor=advisor, completed_at=a.reviewed_at)
                                for a in assessments if a.reviewed_at])
    for i, h in enumerate(half_years):
        wave = survey_services.wave_create(community=c, title=f"Vague {i}", created_by=coordinator,
                                           anonymity_threshold=5)
        fill_responses(wave, 5, seed=i, when=at(h + 1))
        Wave.objects.filter(pk=wave.pk).update(status=WaveStatus.CLOSED, opens_at=at(h),
                                               closes_at=at(h + 1), threshold_floor=5)
    survey_services.wave_open(wave=survey_services.wave_create(
        community=c, title="Vague ouverte", created_by=coordinator, anonymity_threshold=5),
        closes_at=now + timedelta(days=10))
    return c


def test_cockpit_and_timeline_run_as_many_queries_at_12_as_at_120_months(client):
    coordinator = get_user_model().objects.create_user("vie-coord")
    advisor = get_user_model().objects.create_user("vie-advisor")
    young, old = (_months_of_life(n, coordinator, advisor) for n in (12, 120))
    counts = {}
    for user in (coordinator, advisor):
        client.force_login(user)
        for name, budget in LIFE_BUDGETS.items():
            for community in (young, old):
                url = reverse(name, args=[community.slug])
                client.get(url)  # the cached released results exist, as after any first visit
                _cold_caches()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                assert response.status_code == 200
                counts[(user.username, name, community.slug)] = len(queries)
            small = counts[(user.username, name, young.slug)]
            large = counts[(user.username, name, old.slug)]
            assert small <= budget, f"{name} at 12 months: {small} queries > {budget}"
            assert large <= small, f"{name}: {large} queries at 120 months, {small} at 12"
    # The old community's timeline shows its whole life.
    client.force_login(coordinator)
    html = client.get(reverse("communities:timeline", args=[old.slug])).content.decode()
    assert "Rencontre 119" in html and "Année 9" in html and "Vague 19" in html
    if os.environ.get("QUERY_BUDGETS_REPORT"):
        sys.stdout.write("\n" + "\n".join(f"{k}: {v}" for k, v in counts.items()) + "\n")


# --- The network view at 10 vs 500 communities (issue 18) --------------------------------------

# Measured (sqlite): portfolio 10, heat map 13, workbook 15 (with its audit event), the
# coordinator's results with the benchmark 16 (+ 1: the charts the worker drew,
# compass/prebuilt.py); the same at 10 and at 500 communities. The first
# visit stores the benchmark (+2 queries), as after any change. The heat map: + 3 for the member
# survey's benchmark below it (no survey questionnaire here; measured with one further down).
NETWORK_BUDGETS = {"compass:portfolio": 10, "compass:portfolio_map": 16,
                   "compass:portfolio_xlsx": 15, "compass:results": 17}


def _network(size: int, version, advisor, coordinator) -> Assessment:
    """`size` communities advised by `advisor`, each with a closed assessment (every other one
    reviewed with agreed scores), an overdue action, all opted in to the benchmark; the first is
    coordinated by `coordinator`. Bulk: 500 communities stay cheap to make."""
    from compass.models import BenchmarkOptIn, Review, ReviewNote

    now = timezone.now()
    made = Community.objects.bulk_create([
        Community(name=f"Réseau {size}-{i:03d}", slug=f"net-{size}-{i:03d}",
                  domain="Un domaine.", organisation=f"SPF {i % 7}",
                  phase=Phase.values[i % 4]) for i in range(size)])
    Membership.objects.bulk_create(
        [Membership(community=x, user=advisor, role=Role.ADVISOR) for x in made]
        + [Membership(community=made[0], user=coordinator, role=Role.COORDINATOR)])
    BenchmarkOptIn.objects.bulk_create([BenchmarkOptIn(community=x) for x in made])
    collections = Collection.objects.bulk_create([
        Collection(version=version, community=x, purpose="compass", title="Boussole")
        for x in made])
    dims = list(compass_selectors.instrument_get(version).order)
    assessments = Assessment.objects.bulk_create([
        Assessment(community=x, collection=col, phase=x.phase, closed_at=now - timedelta(
            days=30 + 3 * i), status=(AssessmentStatus.REVIEWED if i % 2 else
                                      AssessmentStatus.CLOSED),
                   overall=30 + i % 60,
                   snapshot={"means": {d: float(30 + (i * 7 + j) % 60)
                                       for j, d in enumerate(dims)}, "respondents": 3,
                             "overall": 30 + i % 60})
        for i, (x, col) in enumerate(zip(made, collections, strict=True))])
    reviews = Review.objects.bulk_create([
        Review(assessment=a, completed_at=now) for a in assessments[1::2]])
    ReviewNote.objects.bulk_create([
        ReviewNote(review=r, dimension=d, agreed=55) for r in reviews for d in dims[:3]])
    Action.objects.bulk_create([
        Action(community=x, origin=Origin.MANUAL, title="En retard", due_date=date(2020, 1, 1))
        for x in made])
    return assessments[0]


@pytest.mark.parametrize("size", [10, 500])
def test_network_pages_run_as_many_queries_at_10_as_at_500_communities(client, size):
    from compass import content
    from compass.models import BenchmarkSnapshot

    version, _created = definition_load(content.read_definition(), app="compass")
    advisor = get_user_model().objects.create_user("net-advisor")
    coordinator = get_user_model().objects.create_user("net-coord")
    first = _network(size, version, advisor, coordinator)
    pages = [(advisor, "compass:portfolio", reverse("compass:portfolio") + "?sort=level"),
             (advisor, "compass:portfolio", reverse("compass:portfolio")
              + "?phase=start&level=developing&stale=1&actions=1&organisation=SPF+1"),
             (advisor, "compass:portfolio_map",
              reverse("compass:portfolio_map") + "?sort=date"),
             (advisor, "compass:portfolio_xlsx", reverse("compass:portfolio_xlsx")),
             (coordinator, "compass:results",
              reverse("compass:results", args=[first.community.slug, first.pk]))]
    for user, name, url in pages:
        client.force_login(user)
        client.get(url)  # the benchmark is stored on the first visit
        _cold_caches()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(queries) <= NETWORK_BUDGETS[name], (
            f"{name} at {size} communities: {len(queries)} queries\n"
            + "\n".join(q["sql"][:200] for q in queries.captured_queries))
        if os.environ.get("QUERY_BUDGETS_REPORT"):
            sys.stdout.write(f"\n{name} at {size}: {len(queries)} queries")
    assert BenchmarkSnapshot.objects.count() == 1
    client.force_login(coordinator)
    html = client.get(pages[-1][2]).content.decode()
    assert 'id="own-benchmark"' in html  # enough communities in every phase


# --- The survey's benchmark at 10 vs 500 communities (issue 18) ---------------------------------

# Measured (sqlite, cold caches, the stored view already there): the coordinator's results page
# 21, the heat map 20 (with the compass's); the same at 10 and at 500 communities.
SURVEY_NETWORK_BUDGETS = {"survey:results": 21, "compass:portfolio_map": 20}


def _survey_network(size: int, version, coordinator) -> Wave:
    """`size` communities taking part in the survey benchmark, each with a closed wave of 5
    released responses to the first three themes' agreement questions; the first is coordinated
    by `coordinator`. Bulk: 500 communities stay cheap to make."""
    from survey.models import SurveyBenchmarkOptIn

    now = timezone.now()
    made = Community.objects.bulk_create([
        Community(name=f"Enquêtes {size}-{i:03d}", slug=f"sv-{size}-{i:03d}", domain="D.",
                  organisation="SPF", phase=Phase.GROWTH) for i in range(size)])
    Membership.objects.create(community=made[0], user=coordinator, role=Role.COORDINATOR)
    SurveyBenchmarkOptIn.objects.bulk_create([SurveyBenchmarkOptIn(community=x) for x in made])
    collections = Collection.objects.bulk_create([
        Collection(version=version, community=x, purpose="survey", title="Enquête")
        for x in made])
    waves = Wave.objects.bulk_create([
        Wave(community=x, collection=col, title="Enquête", status=WaveStatus.CLOSED,
             opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=10),
             anonymity_threshold=5, threshold_floor=5)
        for x, col in zip(made, collections, strict=True)])
    responses = Response.objects.bulk_create([
        Response(collection=col, version=version, status="submitted", submitted_at=now,
                 release=1) for col in collections for _n in range(5)])
    structure = load_structure(version)
    likert = [spec for section in structure.sections[:3] for spec in section.questions
              if spec.question.type == "likert"]
    Answer.objects.bulk_create([
        Answer(response=resp, question=spec.question, choice=choice, number=choice.score,
               percent=25.0 * (choice.score - 1))
        for i, resp in enumerate(responses) for spec in likert
        for choice in [spec.scored_options()[(i * 7 + spec.question.pk) % 5]]],
        batch_size=5000)
    return waves[0]


@pytest.mark.parametrize("size", [10, 500])
def test_survey_benchmark_runs_as_many_queries_at_10_as_at_500_communities(client, size):
    from compass import content as compass_content
    from survey import content as survey_content
    from survey.models import SurveyBenchmarkSnapshot

    definition_load(compass_content.read_definition(), app="compass")
    survey_content.load(stdout=io.StringIO())
    advisor = get_user_model().objects.create_user("sv-advisor", is_staff=True)
    coordinator = get_user_model().objects.create_user("sv-coord")
    first = _survey_network(size, survey_services.version_get_default(), coordinator)
    pages = [(coordinator, "survey:results",
              reverse("survey:results", args=[first.community.slug, first.pk])),
             (advisor, "compass:portfolio_map", reverse("compass:portfolio_map"))]
    for user, name, url in pages:
        client.force_login(user)
        client.get(url)  # the benchmark is stored on the first visit
        _cold_caches()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert 'id="survey-benchmark-table"' in response.content.decode(), url
        assert len(queries) <= SURVEY_NETWORK_BUDGETS[name], (
            f"{name} at {size} communities: {len(queries)} queries\n"
            + "\n".join(q["sql"][:200] for q in queries.captured_queries))
        if os.environ.get("QUERY_BUDGETS_REPORT"):
            sys.stdout.write(f"\n{name} at {size}: {len(queries)} queries")
    assert SurveyBenchmarkSnapshot.objects.count() == 1
