"""Who issues decisions: an issuer's profile (number symbol, header and signature lines) and its number book."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.models import TimeStampedModel


class IssuerProfile(TimeStampedModel):
    """An issuer (cơ quan ban hành): the number suffix of its decisions (QĐ-TU, QĐ-UBND, QĐ-SNV …; its number book
    is ``DecisionCounter``) and the lines of the document's header and signature block. Data, editable by the
    administrator; made on first need with the suffix the issuer's name calls for (``apps.decisions.symbols``,
    issue 9 §7); a decision copies what it needs when drafted.
    """

    authority = models.OneToOneField(
        "organisation.OrgUnit",
        verbose_name=_("authority"),
        on_delete=models.PROTECT,
        related_name="issuer_profile",
    )
    symbol = models.CharField(
        _("number symbol"), max_length=30, help_text=_("e.g. QĐ-UBND; the number reads 125/QĐ-UBND")
    )
    parent_body = models.CharField(
        _("governing body (header, first line)"),
        max_length=200,
        blank=True,
        help_text=_("e.g. ĐẢNG BỘ TỈNH BẮC NINH; empty when the issuer has none"),
    )
    body_name = models.CharField(
        _("issuing body (header)"),
        max_length=200,
        blank=True,
        help_text=_("e.g. ỦY BAN NHÂN DÂN TỈNH BẮC NINH"),
    )
    authority_line = models.CharField(
        _("authority line above the grounds"),
        max_length=200,
        blank=True,
        help_text=_("e.g. CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH"),
    )
    on_behalf = models.CharField(
        _("signing on behalf of"), max_length=100, blank=True, help_text=_("e.g. TM. ỦY BAN NHÂN DÂN")
    )
    place_name = models.CharField(_("place in the date line"), max_length=100, blank=True)
    executors = models.TextField(
        _("who executes (Article 3)"),
        blank=True,
        help_text=_("e.g. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ"),
    )
    recipients = models.TextField(_("recipients (one per line)"), blank=True)
    history = history()

    class Meta:
        verbose_name = _("issuer profile")
        verbose_name_plural = _("issuer profiles")

    def __str__(self):
        return f"{self.authority} ({self.symbol})"


class DecisionCounter(models.Model):
    """The last number an authority gave in a year. Locked (``select_for_update``) while a decision is signed so
    that two signatures at the same moment get two different numbers."""

    authority = models.ForeignKey(
        "organisation.OrgUnit", verbose_name=_("authority"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("decision counter")
        verbose_name_plural = _("decision counters")
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="one_decision_counter_per_year")
        ]

    def __str__(self):
        return f"{self.authority_id}/{self.year}: {self.last}"
