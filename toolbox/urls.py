from django.urls import path

from toolbox import views

app_name = "toolbox"

urlpatterns = [
    path("<slug:slug>/", views.index, name="index"),
]
