"""Places: the administrative units of the country as reference data, with their history.

A cadre's home town and an organisation unit's locality are places, so that the non-local rule (R7) compares
places, not spellings. Since 1/7/2025 local government has two levels (63 provinces became 34; the 696 districts
were dissolved; communes were merged — docs/procedures.md §11). Old places are kept with the day they ceased
(`valid_to`) and the place that took them over (`successor`), because old dossiers name them: "Bắc Giang" on a
résumé is the same locality as Bắc Ninh from 1/7/2025.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.models import TimeStampedModel

from .names import search_name


class PlaceQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Places that exist on `day` (started on or before it, not yet ceased)."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day),
        )


class Place(TimeStampedModel):
    """An administrative unit: a province (or centrally-run city), a district (historical since 1/7/2025) or a
    commune (xã, phường, đặc khu). `code` is stable (the official code where known, otherwise a slug); `kind`
    is the word written before the name ("Tỉnh", "Huyện", "Phường"…)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, help_text=_("Tỉnh, Thành phố, Huyện, Xã, Phường…"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("exists from"), null=True, blank=True)
    valid_to = models.DateField(
        _("ceased on"),
        null=True,
        blank=True,
        help_text=_("The day it was merged or dissolved; empty if current"),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The place that took it over on the day it ceased"),
    )
    search_name = models.CharField(_("search name"), max_length=100, db_index=True, editable=False)
    history = history()
    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name", "code"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return f"{self.kind} {self.name}".strip()

    def save(self, *args, **kwargs):
        self.search_name = search_name(self.name)
        super().save(*args, **kwargs)

    @property
    def label(self):
        """ "Huyện Yên Dũng, Bắc Giang (until 01/07/2025)": what a picker shows."""
        text = str(self)
        if self.parent_id:
            text = f"{text}, {self.parent.name}"
        if self.valid_to:
            text = f"{text} ({_('until')} {self.valid_to:%d/%m/%Y})"
        return text
