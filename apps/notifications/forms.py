from django import forms
from django.utils.translation import gettext_lazy as _


class EmailSettingsForm(forms.Form):
    email_notifications = forms.BooleanField(
        label=_("Also send me my notifications by e-mail"),
        required=False,
        help_text=_("In-app notifications always arrive; this only mutes or unmutes the e-mail copies."),
    )
