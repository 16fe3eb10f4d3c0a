"""Offers and needs: the same five pages for each kind, served by the same views."""

from django.urls import path

from ponte.transfer import views

app_name = "transfer"

OFFERS = {"kind": views.OFFERS}
NEEDS = {"kind": views.NEEDS}

urlpatterns = [
    path("offers/", views.item_list, OFFERS, name="offers"),
    path("offers/new/", views.item_create, OFFERS, name="offer_create"),
    path("offers/<int:pk>/", views.item_detail, OFFERS, name="offer"),
    path("offers/<int:pk>/edit/", views.item_edit, OFFERS, name="offer_edit"),
    path("offers/<int:pk>/renew/", views.item_renew, OFFERS, name="offer_renew"),
    path("needs/", views.item_list, NEEDS, name="needs"),
    path("needs/new/", views.item_create, NEEDS, name="need_create"),
    path("needs/<int:pk>/", views.item_detail, NEEDS, name="need"),
    path("needs/<int:pk>/edit/", views.item_edit, NEEDS, name="need_edit"),
    path("needs/<int:pk>/renew/", views.item_renew, NEEDS, name="need_renew"),
]
