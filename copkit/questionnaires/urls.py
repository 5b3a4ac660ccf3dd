from django.urls import path

from copkit.questionnaires import views

app_name = "questionnaires"

urlpatterns = [
    path("", views.definition_list, name="list"),
    path("<slug:key>/v<int:number>/preview/", views.preview, name="preview"),
    path("<slug:key>/v<int:number>/preview/done/", views.preview_done, name="preview_done"),
    path("<slug:key>/v<int:number>/preview/restart/", views.preview_restart,
         name="preview_restart"),
    path("<slug:key>/v<int:number>/preview/<slug:section>/", views.preview, name="preview_section"),
]
