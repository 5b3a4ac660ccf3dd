from django.urls import path

from guide import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("community/<slug:slug>/", views.progress, name="progress"),
    path("<slug:phase>/", views.phase, name="phase"),
]
