from django.urls import path

from copkit.stories import views

app_name = "stories"

urlpatterns = [
    # Members, without an account: the token is the only key.
    path("t/<str:token>/", views.tell, name="tell"),
    path("t/<str:token>/thanks/", views.told, name="told"),
    # Coordinators and advisors of the community.
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/new/", views.story_new, name="new"),
    path("<slug:slug>/link/", views.link_action, name="link"),
    path("<slug:slug>/s/<int:pk>/", views.story_detail, name="detail"),
    path("<slug:slug>/s/<int:pk>/delete/", views.story_delete, name="delete"),
    path("<slug:slug>/matrix/", views.matrix_page, name="matrix"),
    path("<slug:slug>/matrix.xlsx", views.matrix_xlsx, name="matrix_xlsx"),
    path("<slug:slug>/dossier/", views.dossier_page, name="dossier"),
    path("<slug:slug>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("<slug:slug>/dossier.docx", views.dossier_docx, name="dossier_docx"),
]
