from django.urls import path

from ponte.competences import views

app_name = "competences"
urlpatterns = [
    path("", views.competence_list, name="list"),
    path("<slug:code>/", views.competence_detail, name="detail"),
]
