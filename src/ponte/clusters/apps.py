from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_staff_group(sender: AppConfig, **kwargs: Any) -> None:
    from ponte.clusters.services import ensure_staff_group

    ensure_staff_group()


class ClustersConfig(AppConfig):
    name = "ponte.clusters"
    verbose_name = _("Clusters")

    def ready(self) -> None:
        post_migrate.connect(_ensure_staff_group, sender=self)
