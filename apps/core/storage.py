"""Private file storage: personnel documents (signed decisions, report evidence, timeline exports) live under
``PRIVATE_MEDIA_ROOT``, which no web server publishes; they are only ever served by views that check the object
permission (``apps.core.downloads``)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """``FileSystemStorage`` rooted at ``PRIVATE_MEDIA_ROOT`` (followed when a test overrides the setting)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


private_storage = PrivateStorage()
