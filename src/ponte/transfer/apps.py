from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "ponte.transfer"
    verbose_name = _("Transfer")
