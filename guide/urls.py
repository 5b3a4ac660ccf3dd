from django.urls import path

from guide import views

app_name = "guide"

# Paths are not translated: /fr/guide/start/kickoff/ and /nl/guide/start/kickoff/ are the same
# page, so the language switcher keeps the reader where they were.
urlpatterns = [
    path("", views.index, name="index"),
    path("introduction/", views.introduction, name="introduction"),
    path("contents/", views.contents, name="contents"),
    path("search/", views.search, name="search"),
    path("tools/", views.tools, name="tools"),
    path("glossary/", views.glossary, name="glossary"),
    path("pdf/", views.pdf, name="pdf"),
    path("pdf/<slug:phase>/", views.pdf, name="pdf_phase"),
    path("staff/", views.staff_index, name="staff_index"),
    path("staff/<slug:part>/", views.staff_edit, name="staff_edit"),
    path("community/<slug:slug>/", views.progress, name="progress"),
    path("community/<slug:slug>/question/<int:pk>/", views.progress_update,
         name="progress_update"),
    path("<slug:phase>/", views.phase, name="phase"),
    path("<slug:phase>/<slug:question>/", views.question, name="question"),
]
