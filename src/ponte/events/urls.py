"""Event pages: public, participants', and the staff's (check-in, scheduling, room plan)."""

from django.urls import path

from ponte.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/profile/", views.profile, name="profile"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/participants/suggested/", views.suggested, name="suggested"),
    path("<slug:slug>/participants/<int:pk>/", views.participant, name="participant"),
    path(
        "<slug:slug>/participants/<int:pk>/request/",
        views.request_meeting,
        name="request_meeting",
    ),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path(
        "<slug:slug>/requests/<int:pk>/<slug:action>/",
        views.request_action,
        name="request_action",
    ),
    path("<slug:slug>/availability/", views.availability, name="availability"),
    path("<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("<slug:slug>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/agenda/<int:pk>/", views.agenda, name="participant_agenda"),
    path("<slug:slug>/agenda/<int:pk>.ics", views.agenda_ics, name="participant_agenda_ics"),
    path("<slug:slug>/meetings/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("<slug:slug>/meetings/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<slug:slug>/check-in/", views.check_in_page, name="check_in"),
    path("<slug:slug>/check-in/<int:pk>/", views.check_in, name="check_in_one"),
    path("<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("<slug:slug>/schedule/run/", views.schedule_run, name="schedule_run"),
    path("<slug:slug>/schedule/<int:pk>/publish/", views.schedule_publish, name="schedule_publish"),
    path("<slug:slug>/room-plan/", views.room_plan, name="room_plan"),
    path("<slug:slug>/meetings.ics", views.event_ics, name="event_ics"),
]
