"""Personal API tokens, on the user's profile page (issue 12 §2): create one (shown once, then only its first
characters), see when each expires, revoke. Stored by django-rest-knox as a SHA-512 digest; every change is in the
audit log (``api_token.created`` / ``api_token.revoked``)."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from knox.models import AuthToken
from viewflow.urls import Application, AppMenuMixin, Viewset

from apps.audit.services import record

MAX_DAYS = 366


class TokenForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=90)


@transaction.atomic
def create_token(user, *, days, actor):
    """A new token for `user`, valid `days` days: (the stored row, the token — shown once, never stored)."""
    instance, token = AuthToken.objects.create(user, expiry=timedelta(days=days))
    record(
        "api_token.created",
        None,
        actor=actor,
        data={"user": user.pk, "token_key": instance.token_key, "days": days},
    )
    return instance, token


@transaction.atomic
def revoke_token(user, token_key, *, actor):
    """Revoke `user`'s tokens starting with `token_key`; how many were revoked."""
    deleted, _rows = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if deleted:
        record("api_token.revoked", None, actor=actor, data={"user": user.pk, "token_key": token_key})
    return deleted


def tokens_of(user):
    return AuthToken.objects.filter(user=user).order_by("-created")


class TokensView(FormView):
    template_name = "api/tokens.html"
    form_class = TokenForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tokens=tokens_of(self.request.user), new_token=kwargs.pop("new_token", None), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "revoke" in request.POST:
            if revoke_token(request.user, request.POST["revoke"][:32], actor=request.user):
                messages.success(request, gettext("The token was revoked."))
            return redirect("profile:tokens:index")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        _instance, token = create_token(
            self.request.user, days=form.cleaned_data["days"], actor=self.request.user
        )
        # shown once, in this answer only (never stored in the session or the messages)
        response = self.render_to_response(self.get_context_data(form=TokenForm(), new_token=token))
        response["Cache-Control"] = "no-store"
        return response


class TokensViewset(AppMenuMixin, Viewset):
    app_name = "tokens"
    title = _("API tokens")
    icon = "key"
    index_path = path("", TokensView.as_view(), name="index")


def profile_application():
    return Application(
        title=_("Profile"),
        icon="person",
        app_name="profile",
        permission=lambda user: user.is_authenticated,
        viewsets=[TokensViewset()],
    )
