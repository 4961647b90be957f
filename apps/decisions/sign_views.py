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
                # a decision drafted and signed in one step (an election result) has no stored draft to render
                "pdf_url": reverse("decisions:decisions:preview", args=[decision.pk])
                if decision.pk
                else None,
            }
            for decision in self.decisions_to_sign()
        ]
        return super().get_context_data(sign_previews=previews, **kwargs)


#: what a revocation decision copies from the decision it revokes (same authority, cadre and post)
_COPIED = (
    "cadre_id", "position_id", "authority_id", "seat_number", "cadre_name", "cadre_birth_date", "cadre_gender",
    "cadre_post", "position_title", "unit_name", "authority_name", "authority_kind", "symbol", "parent_body",
    "body_name", "authority_line", "on_behalf", "place_name", "executors", "recipients",
)  # fmt: skip


def revocation_preview(original, *, grounds="", reason="", revoked_on=None, issued_on=None, signer=None):
    """The text of the revocation decision as it will read (an unsaved draft, nothing written), for the page where
    it is signed: built from the decision it revokes and what the form says so far."""
    from .models import Decision

    draft = Decision(
        kind=Decision.Kind.REVOCATION,
        revokes=original,
        effective_from=revoked_on or original.effective_from,
        grounds=(grounds or "").strip(),
        reason=(reason or "").strip(),
        signer_name=getattr(signer, "full_name", ""),
        **{name: getattr(original, name) for name in _COPIED},
    )
    if signer is not None:
        from django.utils import timezone

        from .signers import signer_tenure

        tenure = signer_tenure(signer, original.authority, issued_on or timezone.localdate())
        draft.signer_title = tenure.position.title if tenure else ""
    return build_document(draft)
