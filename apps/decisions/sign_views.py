"""What every sign step page shows (issue 9 §8: nobody signs what they cannot read): the full text of each decision
to sign, as its PDF lays it out, and the draft PDF itself; and the signer chosen among the authority's office
holders (``apps.decisions.forms``)."""

from django.urls import reverse

from .document import build_document


class SignStepMixin:
    """For a step view whose form is an ``apps.decisions.forms.SignForm`` (or subclass). Subclasses say which
    decisions are signed (``decisions_to_sign``) and which authority signs (``signing_authority``)."""

    template_name = "decisions/sign_form.html"

    def decisions_to_sign(self):
        return []

    def signing_authority(self):
        decisions = self.decisions_to_sign()
        return decisions[0].authority if decisions else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "authority": self.signing_authority(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        previews = [
            {
                "decision": decision,
                "document": build_document(decision),
                "pdf_url": reverse("decisions:decisions:preview", args=[decision.pk]),
            }
            for decision in self.decisions_to_sign()
        ]
        return super().get_context_data(sign_previews=previews, **kwargs)
