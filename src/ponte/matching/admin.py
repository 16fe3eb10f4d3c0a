from django.contrib import admin

from ponte.matching.models import SuggestionFeedback


@admin.register(SuggestionFeedback)
class SuggestionFeedbackAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "useful", "user", "updated"]
    list_filter = ["useful"]
    search_fields = ["source", "target", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["created", "updated"]
