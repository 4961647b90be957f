"""The filters of a timeline page, also stored with a background export (its query string) and read back by the job."""

from django import forms
from django.utils.translation import gettext_lazy

from .constants import KIND_AUDIT, KIND_CHANGE, KIND_STEP
from .sources import Filters

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FIELDS = ("date_from", "date_to", "action", "kind", "order")


class TimelineFilterForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, input_formats=DATE_FORMATS)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, input_formats=DATE_FORMATS)
    action = forms.CharField(
        label=gettext_lazy("Action"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("e.g. decision.signed, or decision for every decision action"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Source"),
        required=False,
        choices=[
            ("", gettext_lazy("Everything")),
            (KIND_AUDIT, gettext_lazy("Audit entries")),
            (KIND_STEP, gettext_lazy("Procedure steps")),
            (KIND_CHANGE, gettext_lazy("Record changes")),
        ],
    )
    order = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[("", gettext_lazy("Oldest first")), ("desc", gettext_lazy("Newest first"))],
    )

    def filters(self):
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            action=(data.get("action") or "").strip(),
            kind=data.get("kind") or "",
            newest_first=data.get("order") == "desc",
        )

    def query(self):
        """The valid filters as a normalised query string (fixed order, empty ones left out): the same filters
        always give the same string, whatever order or extra parameters the request had."""
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        if self.is_valid():
            for name in FIELDS:
                value = self.cleaned_data.get(name)
                if hasattr(value, "isoformat"):
                    value = value.isoformat()
                value = (value or "").strip()
                if value:
                    query[name] = value
        return query.urlencode()
