"""copkit/core/prebuild.py: what the worker makes ahead is served only to a reader whose data it
was made from, and a page asks for it without drawing it."""

import pytest
from django.test import override_settings
from django.utils import translation

from copkit.core import prebuild

pytestmark = pytest.mark.django_db

NO_WORKER = override_settings(TASKS={"default": {
    "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}, COPKIT_PREBUILD_ON_CHANGE=True)


def test_a_chart_is_drawn_by_the_worker_and_served_only_for_its_own_figures(monkeypatch):
    drawn = []
    real = __import__("copkit.questionnaires.charts", fromlist=["line_svg"]).line_svg
    monkeypatch.setattr("copkit.questionnaires.charts.line_svg",
                        lambda *a, **k: drawn.append(a) or real(*a, **k))
    with translation.override("fr"), NO_WORKER:
        waiting = prebuild.chart("line_svg", ["a", "b"], [("Présents", [3, 5])], title="T",
                                 description="D", maximum=6)
        assert "chart-pending" in waiting and drawn == []  # asked for, not drawn here
        prebuild.build_now("core.chart", function="line_svg",
                           inputs=[["a", "b"], [["Présents", [3, 5]]],
                                   {"title": "T", "description": "D", "maximum": 6}],
                           language="fr")
        assert len(drawn) == 1
        served = prebuild.chart("line_svg", ["a", "b"], [("Présents", [3, 5])], title="T",
                                description="D", maximum=6)
        assert served.startswith("<svg") and len(drawn) == 1
        # One more person at the second meeting: another chart, not the one drawn before.
        other = prebuild.chart("line_svg", ["a", "b"], [("Présents", [3, 6])], title="T",
                               description="D", maximum=6)
    assert "chart-pending" in other and len(drawn) == 1


def test_a_change_is_built_once_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    built = []
    monkeypatch.setitem(__import__("survey.jobs").jobs.PREBUILD, "probe",
                        lambda **params: built.append(params))
    with NO_WORKER:  # queued, not run
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            prebuild.changed("survey.probe", wave=1)
            assert built == []  # nothing before the commit
        assert len(callbacks) == 1 and built == []  # queued at the commit
        with django_capture_on_commit_callbacks(execute=True):
            prebuild.changed("survey.probe", wave=1)  # the first one waits: not queued again
    assert prebuild.wanted("survey.probe", wave=1) is False  # still waiting for the worker
    prebuild.run_prebuild.call("survey.probe", {"wave": 1})  # the worker
    assert built == [{"wave": 1}]
    assert prebuild.wanted("survey.probe", wave=1) is True  # queued again and (here) built
    assert built == [{"wave": 1}, {"wave": 1}]


def test_keys_follow_the_data_not_the_objects():
    assert prebuild.key("x", [1.5, None], {"a": "b"}) == prebuild.key("x", [1.5, None],
                                                                      {"a": "b"})
    assert prebuild.key("x", [1.5]) != prebuild.key("x", [1.25])
