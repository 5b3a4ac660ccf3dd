"""Interactive actions, as a user waits for them: the POST and the page it redirects to.

    .venv/bin/python bench/bench_actions.py                       # SQLite file, dev settings
    .venv/bin/python bench/bench_actions.py --runs 15 --only review
    DATABASE_URL=postgres://copkit@127.0.0.1:54341/postgres .venv/bin/python bench/bench_actions.py

Settings `copkit.settings.dev` (as `make run`: DEBUG on, local-memory cache, the database task
queue) unless DJANGO_SETTINGS_MODULE says otherwise. Creates Django's test database of
DATABASE_URL (a SQLite file in a temporary directory by default; `test_<name>` on PostgreSQL),
loads the shipped content and the demo (`load_content`, `seed_demo`), then times each action in
process with Django's test client: one warm-up, then --runs runs. Per action: wall-clock median
and p95 of the POST with its redirect followed, the POST alone, and the CPU time of this process
(time.process_time: what the request cost, less disturbed by other work on a shared machine),
with the query count. Target (issue 20): every action ≤ 0.5 s.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from html.parser import HTMLParser
from io import StringIO

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copkit.settings.dev")
import _setup  # noqa: F401  (settings, django.setup)
from _setup import machine, throwaway_db
from django.db import connection
from django.test.utils import CaptureQueriesContext

TARGET = 0.5


class _Form(HTMLParser):
    """The fields a browser submits for the first post form matching `wanted` (no button)."""

    def __init__(self, wanted):
        super().__init__()
        self.wanted, self.current, self.found = wanted, None, None
        self._select = self._textarea = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.found is None and a.get("method", "").lower() == "post":
            self.current = [] if self.wanted(a) else None
        if self.current is None or "disabled" in a:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "file", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.current.append((a["name"], a.get("value", "on")))
            else:
                self.current.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = [a.get("name"), None, None]
        elif tag == "option" and self._select:
            if self._select[2] is None:
                self._select[2] = a.get("value", "")
            if "selected" in a:
                self._select[1] = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag == "form":
            self.found, self.current = self.current, None
        elif tag == "select" and self._select:
            name, chosen, first = self._select
            self.current.append((name, chosen if chosen is not None else first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.current.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def form_fields(html: str, wanted=lambda attrs: True) -> dict:
    parser = _Form(wanted)
    parser.feed(html)
    assert parser.found is not None, "no such form"
    out: dict = {}
    for name, value in parser.found:
        out.setdefault(name, []).append(value)
    return {k: v if len(v) > 1 else v[0] for k, v in out.items()}


def by_id(form_id):
    return lambda attrs: attrs.get("id") == form_id


def by_class(name):
    return lambda attrs: name in attrs.get("class", "").split()


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(client, label, url, data_for, runs):
    """Warm-up once, then `runs` POSTs with the redirect followed, and `runs` POSTs alone."""
    def post(data, follow):
        response = client.post(url, data, follow=follow)
        ok = response.status_code == (200 if follow else 302)
        assert ok, (label, response.status_code, response.content.decode()[:2000])
        return response

    post(data_for(0), True)
    full, cpu, alone, queries = [], [], [], 0
    for n in range(1, runs + 1):
        data = data_for(n)  # (may read the form's page: not timed)
        with CaptureQueriesContext(connection) as captured:
            wall, started = time.perf_counter(), time.process_time()
            post(data, True)
            cpu.append(time.process_time() - started)
            full.append(time.perf_counter() - wall)
        queries = len(captured)
        data = data_for(runs + n)
        wall = time.perf_counter()
        post(data, False)
        alone.append(time.perf_counter() - wall)
    row = (label, statistics.median(full), p95(full), statistics.median(alone), p95(alone),
           statistics.median(cpu), queries)
    sys.stdout.write(f"{label:<44} {row[1] * 1e3:7.0f} {row[2] * 1e3:7.0f}   "
                     f"{row[3] * 1e3:7.0f} {row[4] * 1e3:7.0f}   {row[5] * 1e3:7.0f}  "
                     f"{queries:5d}\n")
    sys.stdout.flush()
    return row


def actions(client_for):
    """(name, label, client, url, data_for(n)) of each action, read from the demo's pages."""
    from django.urls import reverse

    from compass.models import Assessment, AssessmentStatus
    from copkit.actions.models import Action
    from survey.models import Wave

    admin, coordinator, advisor = (client_for(name) for name in
                                   ("demo-admin", "demo-coordinator", "demo-advisor"))
    found = []

    # Questionnaire editor (KM team / staff): a section of the compass (the largest definition).
    # Each run starts from the saved version: the draft is discarded and the page read (untimed).
    section = reverse("questionnaires:edit_section",
                      kwargs={"key": "compass", "number": 1, "section": "objectives"})
    discard = reverse("questionnaires:edit_discard", kwargs={"key": "compass", "number": 1})

    def editor(**extra):
        def data_for(n):
            admin.post(discard)
            return {**form_fields(admin.get(section).content.decode(), by_id("editor-form")),
                    **extra}
        return data_for
    found.append(("editor-question", "editor: add a question", admin, section,
                  editor(_action="q-add", new_type="likert")))
    found.append(("editor-option", "editor: add an option", admin, section,
                  editor(_action="item-add:0:choices")))

    # Survey questions of a draft wave (coordinator): save one question.
    wave = Wave.objects.filter(status="draft").select_related("community").first()
    question = reverse("survey:question", kwargs={"slug": wave.community.slug, "pk": wave.pk,
                                                  "key": "learned"})
    typed = form_fields(coordinator.get(question).content.decode(),
                        lambda a: "language-switcher" not in a.get("class", "")
                        and "logout" not in a.get("action", ""))
    found.append(("survey-question", "survey: save a question", coordinator, question,
                  lambda n: {**typed, "title-fr": f"J’ai appris ({n}).", "_action": "save"}))

    # Invitation e-mail of that wave.
    email = reverse("survey:email", kwargs={"slug": wave.community.slug, "pk": wave.pk})
    mail = form_fields(coordinator.get(email).content.decode(),
                       lambda a: "language-switcher" not in a.get("class", "")
                       and "logout" not in a.get("action", ""))
    subject = next(k for k in mail if "subject" in k)
    found.append(("email", "survey: save the invitation e-mail", coordinator, email,
                  lambda n: {**mail, subject: f"Votre avis compte ({n})"}))

    # Compass review (advisor), a reviewed assessment: save.
    assessment = (Assessment.objects.filter(status__in=[AssessmentStatus.SUBMITTED,
                                                        AssessmentStatus.REVIEWED])
                  .select_related("community").first())
    review = reverse("compass:review", kwargs={"slug": assessment.community.slug,
                                               "pk": assessment.pk})
    notes = form_fields(advisor.get(review).content.decode(),
                        lambda a: "language-switcher" not in a.get("class", "")
                        and "logout" not in a.get("action", "") and not a.get("action"))
    found.append(("review", "compass: save a review", advisor, review,
                  lambda n: {**notes, "summary": f"Bon départ ({n})", "_action": "save"}))

    # An action's status: from the action list, and from the compass results' plan.
    item = Action.objects.filter(origin="manual").select_related("community").first()
    status = reverse("actions:status", kwargs={"slug": item.community.slug, "pk": item.pk})
    found.append(("action-status", "actions: update a status", coordinator, status,
                  lambda n: {"status": ("open", "in_progress", "done")[n % 3]}))
    planned = Action.objects.filter(origin="compass", origin_id=assessment.pk).first()
    if planned is not None:
        compass_status = reverse("compass:action_status", kwargs={
            "slug": assessment.community.slug, "action_pk": planned.pk})
        found.append(("compass-status", "compass: update a status (results page)",
                      coordinator, compass_status,
                      lambda n: {"status": ("open", "in_progress", "done")[n % 3]}))

    # Guide texts (staff): one text changed on a part's page, the page saved.
    guide = reverse("guide:staff_edit", kwargs={"part": "start"})
    texts = form_fields(admin.get(guide).content.decode(), by_class("guide-staff-edit"))
    first = next(k for k in texts if k.startswith("t-") and k.endswith("-fr"))
    found.append(("guide", "guide: save a part's texts", admin, guide,
                  lambda n: {**texts, first: f"{texts[first]} ({n})"}))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--only", nargs="*", help="names of actions (default: all)")
    parser.add_argument("--profile", help="cProfile the runs of one action, print the top")
    args = parser.parse_args()

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    if connection.vendor == "sqlite":  # a file, as the dev server's (not an in-memory test db)
        connection.settings_dict.setdefault("TEST", {})["NAME"] = os.path.join(
            tempfile.mkdtemp(prefix="copkit-bench-"), "actions.sqlite3")
    with throwaway_db():
        # Django's test environment makes every template render send a signal the test client
        # records (a copy of the context each time): a dev server does neither.
        from django.template import Template
        Template._render = getattr(Template, "_original_render", Template._render)
        started = time.perf_counter()
        call_command("load_content", stdout=StringIO())
        call_command("seed_demo", stdout=StringIO())
        users = get_user_model().objects

        def client_for(username):
            client = Client(HTTP_HOST="localhost")
            client.force_login(users.get(username=username))
            return client

        found = actions(client_for)
        sys.stdout.write(f"{machine()}, settings {os.environ['DJANGO_SETTINGS_MODULE']}, "
                         f"{args.runs} runs (+1 warm-up); "
                         f"set-up {time.perf_counter() - started:.0f} s\n")
        sys.stdout.write(f"{'action (ms)':<44} {'median':>7} {'p95':>7}   {'POST':>7} "
                         f"{'p95':>7}   {'CPU':>7}  {'queries':>5}\n")
        rows = []
        for name, label, client, url, data_for in found:
            if args.only and name not in args.only:
                continue
            if args.profile == name:
                import cProfile
                import pstats
                profile = cProfile.Profile()
                profile.enable()
                rows.append(measure(client, label, url, data_for, args.runs))
                profile.disable()
                out = tempfile.mktemp(suffix=".prof", prefix=f"bench-{name}-")
                profile.dump_stats(out)
                pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
                sys.stdout.write(f"(profile written to {out})\n")
            else:
                rows.append(measure(client, label, url, data_for, args.runs))
        worst = max(rows, key=lambda r: r[2])
        sys.stdout.write(f"slowest p95: {worst[0]} {worst[2] * 1e3:.0f} ms — "
                         f"{'OK' if worst[2] <= TARGET else 'ABOVE'} the "
                         f"{TARGET * 1e3:.0f} ms target\n")


if __name__ == "__main__":
    main()
