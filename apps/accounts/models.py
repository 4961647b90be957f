"""Users and their roles, each scoped to an organisation unit (docs/design.md §1)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history


class Role(models.TextChoices):
    UNIT_LEADER = "unit_leader", _("Unit leader")
    ORG_BOARD = "org_board", _("Organisation board reviewer")
    LEADERSHIP = "leadership", _("Competent leadership collective")
    POLITICAL_PROTECTION = "political_protection", _("Internal political protection")
    INSPECTION = "inspection", _("Inspection commission")
    FRONT = "front", _("Fatherland Front")
    ADMIN = "admin", _("System administrator")


#: The guardian permission (on ``organisation.OrgUnit``) each role grants over the units in its scope.
ROLE_PERMISSIONS = {
    Role.UNIT_LEADER: "act_unit_leader",
    Role.ORG_BOARD: "act_org_board",
    Role.LEADERSHIP: "act_leadership",
    Role.POLITICAL_PROTECTION: "act_political_protection",
    Role.INSPECTION: "act_inspection",
    Role.FRONT: "act_front",
}


class User(AbstractUser):
    """A person who signs in. `cadre` links the account to the person's own cadre record, so that they never
    act on or read a procedure in which they are a candidate (R10)."""

    cadre = models.OneToOneField(
        "cadres.Cadre",
        verbose_name=_("own cadre record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user_account",
    )
    email_notifications = models.BooleanField(_("send me e-mail notifications"), default=True)
    history = history(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class RoleAssignment(models.Model):
    """User U holds role R over unit X (and, if `include_descendants`, everything under X).

    Assignments are never deleted: withdrawing one sets `withdrawn_at`. Guardian object permissions on the units
    are derived from the active assignments by ``apps.accounts.services.sync_unit_permissions``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    include_descendants = models.BooleanField(_("including sub-units"), default=True)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = history()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class SpentFormToken(models.Model):
    """A one-time form token already used (the public report form's anti-bot stamp): a second submission with the
    same token is refused. Only the token's SHA-256 is kept, until the token would have expired anyway; expired
    rows are bookkeeping, not records, and are purged (``apps.accounts.security.spend_form_token``)."""

    purpose = models.CharField(_("purpose"), max_length=50)
    digest = models.CharField(_("SHA-256 of the token"), max_length=64)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")
        constraints = [models.UniqueConstraint(fields=["purpose", "digest"], name="spent_form_token_once")]

    def __str__(self):
        return f"{self.purpose}:{self.digest[:12]}"


def unit_model():
    """The organisation unit model, through the role assignment's foreign key: the accounts know units only by
    that key (``organisation`` is above ``accounts``: its pages check permissions here)."""
    return RoleAssignment._meta.get_field("unit").related_model
