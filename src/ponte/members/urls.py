from django.urls import path

from ponte.members import views

app_name = "members"
urlpatterns = [
    path("", views.organisation_list, name="organisations"),
    path("o/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("o/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "o/<slug:slug>/competences/",
        views.organisation_competences_edit,
        name="organisation_competences",
    ),
    path("p/<slug:slug>/", views.person_detail, name="person"),
    path("apply/", views.apply, name="apply"),
    path("review/", views.review, name="review"),
    path("review/<int:pk>/<slug:action>/", views.review_action, name="review_action"),
    path("memberships/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
