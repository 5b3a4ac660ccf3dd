from django.urls import path

from copkit.questionnaires import views

app_name = "questionnaires"

urlpatterns = [
    path("", views.definition_list, name="list"),
    path("<slug:key>/v<int:number>/", views.version_detail, name="version"),
    path("<slug:key>/v<int:number>/workbook.xlsx", views.version_download, name="download"),
    path("<slug:key>/v<int:number>/import/", views.version_import, name="import"),
    path("<slug:key>/v<int:number>/edit/", views.editor, name="edit"),
    path("<slug:key>/v<int:number>/edit/discard/", views.editor_discard, name="edit_discard"),
    path("<slug:key>/v<int:number>/edit/<slug:section>/", views.editor_section,
         name="edit_section"),
    path("<slug:key>/v<int:number>/preview/", views.preview, name="preview"),
    path("<slug:key>/v<int:number>/preview/done/", views.preview_done, name="preview_done"),
    path("<slug:key>/v<int:number>/preview/restart/", views.preview_restart,
         name="preview_restart"),
    path("<slug:key>/v<int:number>/preview/<slug:section>/", views.preview, name="preview_section"),
]
