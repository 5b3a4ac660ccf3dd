from django.urls import path

from compass import views

app_name = "compass"

urlpatterns = [
    path("<slug:slug>/", views.index, name="index"),
]
