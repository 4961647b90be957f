"""The one exception type every business rule raises."""

from django.core.exceptions import ValidationError


class RuleViolation(ValidationError):
    """A business rule refused an action.

    `code` names the rule (e.g. ``"surplus"``), `message` is the translated, user-facing sentence. It is a
    ``ValidationError`` so that forms show it next to the input and services roll back.
    """

    def __init__(self, code, message, params=None):
        super().__init__(message, code=code, params=params)
        self.rule_code = code

    def __str__(self):
        return " ".join(self.messages)
