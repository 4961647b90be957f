"""The Notifications application of the Viewflow shell (``config.site``).

URL names: ``notifications:inbox:index|read|read-all``, ``notifications:settings:index``,
``notifications:jobs:index|retry`` (the stuck jobs page: organisation board and superusers only).
"""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from .views import EmailSettingsViewset, InboxViewset, StuckJobViewset


def notifications_application():
    return Application(
        # "Notification centre" (inbox, e-mail settings, stuck jobs), distinct from the bell entry "My notifications"
        title=_("Notification centre"),
        icon="tune",
        app_name="notifications",
        permission=lambda user: user.is_authenticated,
        viewsets=[InboxViewset(), EmailSettingsViewset(), StuckJobViewset()],
    )
