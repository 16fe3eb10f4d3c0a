"""Admin of the competence taxonomy, competence profiles and evidence."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ponte.competences.models import (
    Competence,
    Evidence,
    OrganisationCompetence,
    PersonCompetence,
)
from ponte.web.admin_scope import (
    PERSON_CLUSTER_PATHS,
    ClusterScopedAdmin,
    PonteAdmin,
    ScopedInline,
    through,
)


class IsRootFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("root", str(_("Branches"))), ("narrower", str(_("Narrower terms")))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Competence]
    ) -> QuerySet[Competence]:
        if self.value() == "root":
            return queryset.filter(parent__isnull=True)
        if self.value() == "narrower":
            return queryset.filter(parent__isnull=False)
        return queryset


class NarrowerTermInline(admin.TabularInline):
    model = Competence
    fk_name = "parent"
    extra = 0
    fields = ("code", "name_it", "name_en", "position")
    show_change_link = True
    verbose_name = _("narrower term")
    verbose_name_plural = _("narrower terms")


@admin.register(Competence)
class CompetenceAdmin(PonteAdmin):
    list_display = ("code", "name_it", "name_en", "parent", "is_cross_cutting", "position")
    list_filter = (IsRootFilter, "is_cross_cutting", ("parent", admin.RelatedOnlyFieldListFilter))
    search_fields = ("code", "name_it", "name_en", "description_it", "description_en")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    inlines = (NarrowerTermInline,)


class OrganisationCompetenceInline(ScopedInline):
    """Used on the organisation's page."""

    model = OrganisationCompetence
    extra = 0
    autocomplete_fields = ("competence",)


class PersonCompetenceInline(ScopedInline):
    """Used on the person's page."""

    model = PersonCompetence
    extra = 0
    autocomplete_fields = ("competence",)


@admin.register(OrganisationCompetence)
class OrganisationCompetenceAdmin(ClusterScopedAdmin):
    cluster_paths = through("organisation__")
    list_display = ("organisation", "competence", "level")
    list_filter = ("level", ("competence", admin.RelatedOnlyFieldListFilter))
    search_fields = ("organisation__name", "competence__name_it", "competence__name_en")
    autocomplete_fields = ("organisation", "competence")
    list_select_related = ("organisation", "competence")


@admin.register(PersonCompetence)
class PersonCompetenceAdmin(ClusterScopedAdmin):
    cluster_paths = through("person__", PERSON_CLUSTER_PATHS)
    list_display = ("person", "competence", "level")
    list_filter = ("level", ("competence", admin.RelatedOnlyFieldListFilter))
    search_fields = (
        "person__first_name", "person__last_name", "competence__name_it", "competence__name_en",
    )  # fmt: skip
    autocomplete_fields = ("person", "competence")
    list_select_related = ("person", "competence")


@admin.register(Evidence)
class EvidenceAdmin(ClusterScopedAdmin):
    cluster_paths = (*through("organisation__"), *through("person__", PERSON_CLUSTER_PATHS))
    list_display = ("title", "kind", "year", "organisation", "person")
    list_filter = ("kind", "year")
    search_fields = ("title", "description", "reference", "organisation__name", "person__last_name")
    autocomplete_fields = ("organisation", "person", "competences")
    list_select_related = ("organisation", "person")
