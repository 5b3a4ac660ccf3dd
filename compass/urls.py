from django.urls import path

from compass import portfolio_views, respond_views, review_views, views

app_name = "compass"

urlpatterns = [
    path("portfolio/", portfolio_views.portfolio, name="portfolio"),
    path("portfolio/map/", portfolio_views.portfolio, {"view": "map"}, name="portfolio_map"),
    path("portfolio/portfolio.xlsx", portfolio_views.portfolio_export, name="portfolio_xlsx"),
    path("review/", review_views.review_queue, name="review_queue"),
    path("r/<str:token>/", respond_views.respond, name="respond"),
    path("r/<str:token>/fill/", respond_views.respond_fill, name="respond_fill"),
    path("r/<str:token>/fill/<slug:section>/", respond_views.respond_fill, name="respond_section"),
    path("r/<str:token>/done/", respond_views.respond_done, name="respond_done"),
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/start/", views.start, name="start"),
    path("<slug:slug>/benchmark/", views.benchmark_participation, name="benchmark"),
    path("<slug:slug>/actions/<int:action_pk>/", views.action_status, name="action_status"),
    path("<slug:slug>/<int:pk>/", views.results, name="results"),
    path("<slug:slug>/<int:pk>/invite/", views.invite, name="invite"),
    path("<slug:slug>/<int:pk>/invite/<int:invite_pk>/revoke/", views.invite_revoke,
         name="invite_revoke"),
    path("<slug:slug>/<int:pk>/fill/", views.fill, name="fill"),
    path("<slug:slug>/<int:pk>/fill/<slug:section>/", views.fill, name="fill_section"),
    path("<slug:slug>/<int:pk>/close/", views.close, name="close"),
    path("<slug:slug>/<int:pk>/submit/", views.submit_for_review, name="submit"),
    path("<slug:slug>/<int:pk>/review/", review_views.review, name="review"),
    path("<slug:slug>/<int:pk>/actions/", views.action_add, name="action_add"),
    path("<slug:slug>/<int:pk>/report.pdf", views.export, {"name": "pdf"}, name="pdf"),
    path("<slug:slug>/<int:pk>/report.xlsx", views.export, {"name": "xlsx"}, name="xlsx"),
]
