"""Rule sets: every threshold, denominator, deadline, age limit and bar period, dated and layered.

The national set carries the regulation's values; a local set (the founding document's demands) names it as
``parent`` and overrides only what it changes. Every procedure records the rule set it ran under and a snapshot
of the resolved values (docs/design.md §3).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.models import TimeStampedModel

from .parameters import PARAMETERS, parameter_choices, parse_value


class RuleSet(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    issuer = models.CharField(_("issuer"), max_length=200)
    document_ref = models.CharField(_("legal basis"), max_length=300, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("layered on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    scope_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("applies to unit and its sub-units"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty for a national rule set"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = history()

    class Meta:
        ordering = ["-effective_from", "code"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self):
        return self.name

    def in_force_on(self, on):
        """Active, and ``on`` falls within [effective_from, effective_to]."""
        return (
            self.is_active
            and self.effective_from <= on
            and (self.effective_to is None or self.effective_to >= on)
        )

    def default_day(self):
        """The day this set is read for when no day is given: the day ``rule_set_for`` chose it for, else today
        kept within the set's own validity (an expired set is read on its last day)."""
        from datetime import date

        on = getattr(self, "chosen_for_day", None) or date.today()
        if self.effective_to is not None and on > self.effective_to:
            on = self.effective_to
        return max(on, self.effective_from)

    def chain(self, on=None):
        """This set and the sets it layers on, most specific first, as they stand on ``on``.

        Dates first (issue 9 §3, docs/design.md "rule sets chosen by date first"): a declared parent that is not in
        force on that day is replaced by the set of the same kind in force on that day (the national set for a
        national parent), so a local layer applies on top of the national set then in force, not on an expired
        one. With no replacement in force the declared parent is kept."""
        on = on or self.default_day()
        chain, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            parent = node.parent
            if parent is not None and not parent.in_force_on(on):
                parent = self._same_scope_in_force(parent, on, exclude=seen) or parent
            node = parent
        return chain

    @staticmethod
    def _same_scope_in_force(declared, on, *, exclude):
        """The latest set of ``declared``'s kind (same scope; a base set for a base set, a layer for a layer) in
        force on ``on``: the replacement of an expired parent."""
        return (
            RuleSet.objects.filter(
                is_active=True,
                scope_unit_id=declared.scope_unit_id,
                parent__isnull=declared.parent_id is None,
                effective_from__lte=on,
            )
            .filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=on))
            .exclude(pk__in=exclude)
            .order_by("-effective_from", "-pk")
            .first()
        )

    def resolve(self, on=None):
        """The resolved ``Params`` on ``on`` (see ``chain``): each parameter from the most specific set that
        defines it."""
        from .parameters import Params

        chain = self.chain(on)
        rows = RuleParameter.objects.filter(rule_set__in=chain).values_list("rule_set_id", "key", "value")
        by_set = {}
        for set_id, key, value in rows:
            by_set.setdefault(set_id, {})[key] = value
        values = {}
        for rule_set in reversed(chain):
            for key, raw in by_set.get(rule_set.pk, {}).items():
                values[key] = parse_value(key, raw)
        missing = sorted(set(PARAMETERS) - set(values))
        if missing:
            from apps.core.rules import RuleViolation

            raise RuleViolation(
                "rule_set_incomplete",
                _("Rule set {code} lacks parameters: {keys}").format(code=self.code, keys=", ".join(missing)),
            )
        return Params(values, [rs.pk for rs in chain])


class RuleParameter(TimeStampedModel):
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="parameters"
    )
    key = models.CharField(_("parameter"), max_length=60, choices=parameter_choices)
    value = models.JSONField(_("value"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = history()

    class Meta:
        ordering = ["rule_set", "key"]
        verbose_name = _("rule-set parameter")
        verbose_name_plural = _("rule-set parameters")
        constraints = [models.UniqueConstraint(fields=["rule_set", "key"], name="one_value_per_parameter")]

    def __str__(self):
        return f"{self.key} = {self.value!r}"

    @property
    def label(self):
        return PARAMETERS[self.key].label if self.key in PARAMETERS else self.key

    def clean(self):
        parse_value(self.key, self.value)
