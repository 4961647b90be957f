"""``manage.py match_places``: give cadres and units without a place the place their typed names designate, and
list those that match none (to be picked by hand on the cadre's or unit's form)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from apps.cadres.models import Cadre
from apps.organisation.models import OrgUnit
from apps.places.matching import match_cadres, match_units, report
from apps.places.models import Place


class Command(BaseCommand):
    help = "Match the typed home towns of cadres and localities of units to places; list what matches none."

    def handle(self, *args, **options):
        with transaction.atomic():
            report("units", *match_units(OrgUnit, Place), self.stdout.write)
            report("cadres", *match_cadres(Cadre, Place), self.stdout.write)
