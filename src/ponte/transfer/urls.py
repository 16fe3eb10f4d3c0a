"""Offers and needs (the same pages for each kind, served by the same views), expressions
of interest, and the staff brokerage board."""

from django.urls import path

from ponte.transfer import views, views_brokerage, views_interest

app_name = "transfer"

OFFERS = {"kind": views.OFFERS}
NEEDS = {"kind": views.NEEDS}

urlpatterns = [
    path("offers/", views.item_list, OFFERS, name="offers"),
    path("offers/new/", views.item_create, OFFERS, name="offer_create"),
    path("offers/<int:pk>/", views.item_detail, OFFERS, name="offer"),
    path("offers/<int:pk>/edit/", views.item_edit, OFFERS, name="offer_edit"),
    path("offers/<int:pk>/renew/", views.item_renew, OFFERS, name="offer_renew"),
    path("offers/<int:pk>/interest/", views_interest.express, OFFERS, name="offer_interest"),
    path("offers/<int:pk>/invite/", views_interest.invite, OFFERS, name="offer_invite"),
    path("needs/", views.item_list, NEEDS, name="needs"),
    path("needs/new/", views.item_create, NEEDS, name="need_create"),
    path("needs/<int:pk>/", views.item_detail, NEEDS, name="need"),
    path("needs/<int:pk>/edit/", views.item_edit, NEEDS, name="need_edit"),
    path("needs/<int:pk>/renew/", views.item_renew, NEEDS, name="need_renew"),
    path("needs/<int:pk>/interest/", views_interest.express, NEEDS, name="need_interest"),
    path("needs/<int:pk>/invite/", views_interest.invite, NEEDS, name="need_invite"),
    path("interests/", views_interest.my_interests, name="interests"),
    path("interests/<int:pk>/", views_interest.interest_detail, name="interest"),
    path("interests/<int:pk>/<slug:step>/", views_interest.interest_step, name="interest_step"),
    path("brokerage/", views_brokerage.brokerage_index, name="brokerage_index"),
    path("brokerage/<slug:slug>/", views_brokerage.board, name="brokerage"),
    path("brokerage/<slug:slug>/propose/", views_brokerage.propose, name="brokerage_propose"),
    path(
        "brokerage/<slug:slug>/suggestions/<str:kind>/<int:pk>/",
        views_brokerage.board_suggestions,
        name="brokerage_suggestions",
    ),
]
