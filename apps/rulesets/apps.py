from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesetsConfig(AppConfig):
    name = "apps.rulesets"
    label = "rulesets"
    verbose_name = _("Rule sets")

    def ready(self):
        from apps.audit.rendering import register_value_renderer

        from .readable import rule_values

        register_value_renderer("rule_snapshot", rule_values)
        register_value_renderer("rule_values", rule_values)
