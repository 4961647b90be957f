"""Settings for the benchmarks: CadreFlow's settings plus the bare Viewflow reference flow (bench.reference)."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.reference"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the bench measures sending, not printing
