"""The coordinator's question pages of a draft wave: time and queries of each request.

    .venv/bin/python bench/bench_survey_questions.py                 # SQLite, temporary file
    DATABASE_URL=postgres://copkit@127.0.0.1:54330/bench_questions \
        .venv/bin/python bench/bench_survey_questions.py
    BENCH_RUNS=9 .venv/bin/python bench/bench_survey_questions.py

Creates and drops its own test database (bench/_setup.py). Per request, BENCH_RUNS runs
(median and worst printed, with the query count): the list of questions, one question's page,
saving one question (a new version of the wave's 50 questions, then the redirect followed),
adding a choice question (idem), moving a question, and one part of the member's preview.
Target: a save or an add under 0.5 s (it took 2.2 s as one 8,800-px form).
"""

import statistics
import time

import _setup  # noqa: F401  (settings, django.setup)
from _setup import machine, throwaway_db
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

TARGET = 0.5


def measure(label: str, request, runs: int) -> float:
    times, queries = [], 0
    for n in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = request(n)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (label, response.status_code)
        queries = len(captured)
    median = statistics.median(times)
    print(f"{label:<38} median {median * 1000:7.1f} ms  worst {max(times) * 1000:7.1f} ms  "  # noqa: T201
          f"{queries:4d} queries")
    return median


def main() -> None:
    import os
    from io import StringIO

    from survey import content, services
    from tests.conftest import make_community, make_user

    runs = int(os.environ.get("BENCH_RUNS", "5"))
    with throwaway_db():
        content.load(stdout=StringIO())
        user = make_user("bench-coordinator")
        community = make_community("Bench", slug="bench", coordinators=[user])
        wave = services.wave_create(community=community, title="Draft")
        client = Client()
        client.force_login(user)
        kw = {"slug": "bench", "pk": wave.pk}
        questions = reverse("survey:questions", kwargs=kw)
        question = reverse("survey:question", kwargs={**kw, "key": "learned"})
        preview = reverse("survey:preview", kwargs=kw)
        print(f"{machine()}, {runs} runs per request")  # noqa: T201

        form = client.get(question).context["form"]
        typed = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
        typed = {name: value for name, value in typed.items() if value not in (None, False, "")}

        def save(n):
            return client.post(question, {**typed, "title-fr": f"J’ai appris ({n}).",
                                          "_action": "save"}, follow=True)

        def add(n):
            return client.post(questions, {"_action": "add", "section": "content",
                                           "type": "single", "title-fr": f"Choix {n} ?",
                                           "options-fr": "Un\nDeux\nTrois"}, follow=True)

        def move(n):
            verb = "down" if n % 2 == 0 else "up"
            return client.post(questions, {"_action": f"{verb}:learned"}, follow=True)

        measure("GET the list of questions", lambda n: client.get(questions), runs)
        measure("GET one question", lambda n: client.get(question), runs)
        worst = max(measure("POST save one question (+ redirect)", save, runs),
                    measure("POST add a choice question (+ redirect)", add, runs))
        measure("POST move a question (+ redirect)", move, runs)
        measure("GET one part of the preview", lambda n: client.get(preview + "?part=content"),
                runs)
        print(f"slowest save/add median {worst * 1000:.0f} ms: "  # noqa: T201
              f"{'OK' if worst < TARGET else 'ABOVE'} the {TARGET * 1000:.0f} ms target")


if __name__ == "__main__":
    main()
