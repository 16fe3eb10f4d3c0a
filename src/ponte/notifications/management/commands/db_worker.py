"""`ponte db_worker`: django-tasks-db's worker, which first queues Ponte's periodic tasks.

It replaces the command of the same name (this app comes before `django_tasks_db` in
INSTALLED_APPS), so every worker started by `make demo`, by hand or by a service manager
makes sure the weekly digest and the daily expiry reminder are waiting in the queue.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from ponte.notifications.tasks import ensure_scheduled


class Command(WorkerCommand):
    help = gettext_noop(
        "Run a database background worker, after queueing the weekly digest and the daily "
        "expiry reminder if no run of them is waiting."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        self.help = _(self.help)  # marked with gettext_noop, translated once a language is on
        return super().create_parser(prog_name, subcommand, **kwargs)

    def handle(self, *args: Any, **options: Any) -> None:
        queued = ensure_scheduled()
        if queued and options.get("verbosity", 1) > 0:
            self.stdout.write(_("Scheduled: %(tasks)s") % {"tasks": ", ".join(queued)})
        super().handle(*args, **options)
