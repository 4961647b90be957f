"""The marker of the demo data set: ``seed_demo`` creates the province once and recognises it afterwards."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    """One row per demo province created by ``manage.py seed_demo``.

    A second run finds this row and only refreshes the demo logins, so running the command twice gives the same
    counts. The data's dates are relative to `seeded_on` (terms ending "within 90 days" of that day).
    """

    province = models.OneToOneField(
        "organisation.OrgUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    seed = models.PositiveIntegerField(_("random seed"))
    scale = models.FloatField(_("scale"))
    seeded_on = models.DateField(_("data relative to"))
    seconds = models.FloatField(_("seconds to seed"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("demo data set")
        verbose_name_plural = _("demo data sets")

    def __str__(self):
        return f"{self.province} (seed {self.seed}, scale {self.scale:g})"
