"""What the tests of charts and files made by the worker share (copkit/core/prebuild.py): no
worker (changes and pages queue tasks that wait), the queue run as the worker would run it, and
drawing or typesetting refused in the test's process (the request's)."""

from django.test import override_settings
from django_tasks import default_task_backend

# The worker is another process: here, changes and pages queue tasks that wait.
NO_WORKER = override_settings(TASKS={"default": {
    "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}, COPKIT_PREBUILD_ON_CHANGE=True)
PENDING = "Ce graphique est en cours de préparation"
DRAWERS = ("bar_svg", "stacked_bar_svg", "line_svg", "radar_svg")


def refuse_drawing(monkeypatch) -> None:
    """From here on, drawing a chart or typesetting a PDF in this process fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("drawn in the request")

    for name in DRAWERS:
        monkeypatch.setattr(f"copkit.questionnaires.charts.{name}", refuse)
    monkeypatch.setattr("weasyprint.HTML.write_pdf", refuse)


def run_queue() -> int:
    """Run what waits in the queue, as the worker does (inside `NO_WORKER`); how many tasks."""
    waiting = list(default_task_backend.results)
    default_task_backend.clear()
    for result in waiting:
        result.task.call(*result.args, **result.kwargs)
    return len(waiting)
