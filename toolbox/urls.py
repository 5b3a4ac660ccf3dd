from django.urls import path, register_converter

from toolbox import views
from toolbox.models import ToolKey


class ToolConverter:
    regex = "|".join(ToolKey.values)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(ToolConverter, "tool")

app_name = "toolbox"

one = "<slug:slug>/<tool:tool>/<int:pk>/"
urlpatterns = [
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/<tool:tool>/", views.tool, name="tool"),
    path("<slug:slug>/<tool:tool>/new/", views.instance_new, name="new"),
    path("<slug:slug>/<tool:tool>/compare/", views.compare, name="compare"),
    path(one, views.result, name="result"),
    path(one + "fill/", views.fill, name="fill"),
    path(one + "fill/<slug:section>/", views.fill, name="fill_section"),
    path(one + "reopen/", views.reopen, name="reopen"),
    path(one + "export.pdf", views.export, {"name": "pdf"}, name="export_pdf"),
    path(one + "export.xlsx", views.export, {"name": "xlsx"}, name="export_xlsx"),
    path(one + "export.docx", views.export, {"name": "docx"}, name="export_docx"),  # charter
    path(one + "run-sheet/", views.run_sheet, name="run_sheet"),
    path(one + "invitation/", views.invitation, name="invitation"),
    path(one + "links/", views.link_create, name="link_create"),
    path(one + "links/<int:link>/close/", views.link_close, name="link_close"),
    # Guests (observers, co-coordinators) fill one form through a secret link, no account needed.
    # Last, so that a community called "guest" keeps its pages; tokens are never tool names.
    path("guest/<str:token>/", views.guest_fill, name="guest_fill"),
    path("guest/<str:token>/done/", views.guest_done, name="guest_done"),
    path("guest/<str:token>/<slug:section>/", views.guest_fill, name="guest_fill_section"),
]
