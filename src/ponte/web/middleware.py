"""Italian first: the interface language is the user's explicit choice, not the browser's."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ItalianFirstMiddleware:
    """Hide the browser's Accept-Language from LocaleMiddleware.

    Ponte is Italian by default for everyone (the cluster's working language); English is
    one click away and remembered in the language cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
