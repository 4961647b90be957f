from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "apps.conferences"
    label = "conferences"
    verbose_name = _("Conferences")

    def ready(self):
        from apps.audit.rendering import register_value_renderer

        register_value_renderer("step", step_title)
        for key in ("step_code", "stopped_at_step"):
            register_value_renderer(key, step_title)


def step_title(code):
    """A conference step's title (the national defaults' wording) for the history, instead of its code."""
    from .steps import step_titles

    return str(step_titles().get(code, code))
