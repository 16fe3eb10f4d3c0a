"""Search, suggestion panels, feedback and the JSON search endpoint."""

from django.urls import path

from ponte.matching import views

app_name = "matching"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search", views.api_search, name="api_search"),
    path(
        "suggestions/<str:kind>/<int:pk>/<str:panel>/",
        views.suggestion_panel,
        name="suggestions",
    ),
    path("feedback/", views.feedback, name="feedback"),
]
