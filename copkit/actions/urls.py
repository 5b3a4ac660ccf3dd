"""Mounted under the community: /<lang>/communities/<slug>/actions/ (copkit/urls.py)."""

from django.urls import path

from copkit.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("actions.xlsx", views.action_export, name="export_xlsx"),
    path("new/", views.action_add, name="add"),
    path("follow-up/<slug:origin>/<int:origin_id>/", views.action_follow_up, name="follow_up"),
    path("<int:pk>/edit/", views.action_edit, name="edit"),
    path("<int:pk>/status/", views.action_status, name="status"),
    path("<int:pk>/delete/", views.action_delete, name="delete"),
]
