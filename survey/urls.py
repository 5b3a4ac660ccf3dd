from django.urls import path

from survey import (
    answer_views,
    benchmark_views,
    follow_up_views,
    question_views,
    results_views,
    views,
)

app_name = "survey"

urlpatterns = [
    # Members, without an account: the token is the only key.
    path("r/<str:token>/", answer_views.answer_start, name="answer"),
    path("r/<str:token>/done/", answer_views.answer_done, name="answer_done"),
    path("r/<str:token>/s/<slug:section>/", answer_views.answer_section, name="answer_section"),
    path("shared/<str:token>/", results_views.shared, name="shared"),
    # Coordinators and advisors of the community.
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/new/", views.wave_create, name="create"),
    path("<slug:slug>/benchmark/", benchmark_views.benchmark_participation, name="benchmark"),
    path("<slug:slug>/w/<int:pk>/", views.wave_detail, name="wave"),
    path("<slug:slug>/w/<int:pk>/settings/", views.wave_settings, name="settings"),
    path("<slug:slug>/w/<int:pk>/questions/", question_views.wave_questions, name="questions"),
    path("<slug:slug>/w/<int:pk>/questions/<slug:key>/", question_views.wave_question,
         name="question"),
    path("<slug:slug>/w/<int:pk>/preview/", question_views.wave_preview, name="preview"),
    path("<slug:slug>/w/<int:pk>/open/", views.wave_open, name="open"),
    path("<slug:slug>/w/<int:pk>/extend/", views.wave_extend, name="extend"),
    path("<slug:slug>/w/<int:pk>/close/", views.wave_close, name="close"),
    path("<slug:slug>/w/<int:pk>/email/", views.wave_email, name="email"),
    path("<slug:slug>/w/<int:pk>/email.eml", views.wave_eml, name="eml"),
    path("<slug:slug>/w/<int:pk>/invite/", views.wave_invite, name="invite"),
    path("<slug:slug>/w/<int:pk>/remind/", views.wave_remind, name="remind"),
    path("<slug:slug>/w/<int:pk>/qr.svg", views.wave_qr, name="qr"),
    path("<slug:slug>/w/<int:pk>/count.json", views.wave_count, name="count"),
    path("<slug:slug>/w/<int:pk>/results/", results_views.results, name="results"),
    path("<slug:slug>/w/<int:pk>/results.xlsx", results_views.export, {"name": "xlsx"},
         name="export_xlsx"),
    path("<slug:slug>/w/<int:pk>/results.csv", results_views.export, {"name": "csv"},
         name="export_csv"),
    path("<slug:slug>/w/<int:pk>/report.pdf", results_views.export, {"name": "pdf"},
         name="export_pdf"),
    path("<slug:slug>/w/<int:pk>/you-said/", follow_up_views.follow_up, name="follow_up"),
    path("<slug:slug>/w/<int:pk>/you-said/send/", follow_up_views.follow_up_send,
         name="follow_up_send"),
    # One row per response: staff only, closed waves only, audited.
    path("<slug:slug>/w/<int:pk>/responses.csv", results_views.export_rows, name="export_rows"),
]
