from django.urls import path

from copkit.meetings import views

app_name = "meetings"

urlpatterns = [
    path("<slug:slug>/", views.meeting_list, name="list"),
    path("<slug:slug>/new/", views.meeting_create, name="create"),
    path("<slug:slug>/meetings.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/<int:pk>/", views.meeting_detail, name="detail"),
    path("<slug:slug>/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<slug:slug>/<int:pk>/delete/", views.meeting_delete, name="delete"),
    path("<slug:slug>/<int:pk>/meeting.ics", views.meeting_ics, name="ics"),
    path("<slug:slug>/<int:pk>/invitation.eml", views.meeting_eml, name="eml"),
    path("<slug:slug>/<int:pk>/actions/", views.action_add, name="action_add"),
    path("<slug:slug>/<int:pk>/actions/<int:action>/status/", views.action_status,
         name="action_status"),
]
