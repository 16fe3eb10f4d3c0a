"""Pages of the competence taxonomy."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ponte.competences.models import Competence
from ponte.competences.selectors import (
    ancestors,
    descendant_ids,
    organisations_with_competence,
    people_with_competence,
    taxonomy_tree,
)
from ponte.transfer.selectors import visible_needs, visible_offers


def competence_list(request: HttpRequest) -> HttpResponse:
    return render(request, "competences/list.html", {"tree": taxonomy_tree(request.user)})


def competence_detail(request: HttpRequest, code: str) -> HttpResponse:
    competence = get_object_or_404(Competence, code=code)
    subtree = descendant_ids(competence)
    return render(
        request,
        "competences/detail.html",
        {
            "competence": competence,
            "ancestors": ancestors(competence),
            "children": competence.children.all(),
            "organisations": organisations_with_competence(request.user, competence),
            "people": people_with_competence(request.user, competence),
            "offers": visible_offers(request.user).filter(competences__in=subtree).distinct(),
            "needs": visible_needs(request.user).filter(competences__in=subtree).distinct(),
        },
    )
