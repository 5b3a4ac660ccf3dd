from django.urls import path

from copkit.communities import views
from copkit.reminders import views as reminder_views

app_name = "communities"

urlpatterns = [
    path("new/", views.community_create, name="create"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("account/", views.account, name="account"),
    path("account/data.json", views.account_data, name="account_data"),
    path("account/reminders/", reminder_views.preferences, name="account_reminders"),
    path("staff/advisors/", views.advisors, name="advisors"),
    path("staff/advisors/<int:pk>/remove/", views.advisor_remove, name="advisor_remove"),
    path("staff/advisors/invitations/<int:pk>/revoke/", views.advisor_invitation_revoke,
         name="advisor_invitation_revoke"),
    path("<slug:slug>/", views.community_detail, name="detail"),
    path("<slug:slug>/edit/", views.community_edit, name="edit"),
    path("<slug:slug>/timeline/", views.community_timeline, name="timeline"),
    path("<slug:slug>/delete/", views.community_delete, name="delete"),
    path("<slug:slug>/people/", views.community_people, name="people"),
    path("<slug:slug>/people/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("<slug:slug>/invitations/<int:pk>/revoke/", views.invitation_revoke,
         name="invitation_revoke"),
]
