from django.urls import path

from copkit.core import export_views

urlpatterns = [
    path("<uuid:pk>/", export_views.export_job, name="export_job"),
    path("<uuid:pk>/status.json", export_views.export_status, name="export_status"),
    path("<uuid:pk>/download/", export_views.export_download, name="export_download"),
]
