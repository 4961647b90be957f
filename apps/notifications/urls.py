"""The Notifications application of the Viewflow shell (``config.site``).

URL names: ``notifications:inbox:index|read|read-all``, ``notifications:settings:index``,
``notifications:jobs:index|retry`` (the stuck jobs page: organisation board and superusers only).
"""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from .views import EmailSettingsViewset, InboxViewset, StuckJobViewset


def notifications_application():
    return Application(
        title=_("Notifications"),
        icon="notifications",
        app_name="notifications",
        permission=lambda user: user.is_authenticated,
        viewsets=[InboxViewset(), EmailSettingsViewset(), StuckJobViewset()],
    )
