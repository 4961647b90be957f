"""Signers from the registry (issue 9 §8): a login seated as an office holder of the issuing authority, whose
name and title the sign steps read from the registry."""

from datetime import date

from django.contrib.auth import get_user_model

from tests.factories import CadreFactory, PositionFactory, TenureFactory

CHAIRMAN = "Chủ tịch Ủy ban nhân dân tỉnh"


def seat_signer(user, authority, *, title=CHAIRMAN, since=date(2020, 1, 1), name="Vương Quốc Tuấn"):
    """Give `user` a cadre record (if they have none) holding the post `title` of `authority` since `since`."""
    cadre = user.cadre or CadreFactory(full_name=name, current_unit=authority, job_title=title)
    post = PositionFactory(
        unit=authority, authority=authority.parent or authority, title=title, rank=9, seats=1
    )
    TenureFactory(cadre=cadre, position=post, start_date=since, term_end=None)
    if user.cadre_id != cadre.pk:
        user.cadre = cadre
        user.save(update_fields=["cadre"])
    return cadre


def signer_of(username="leadership"):
    """The cadre id of the signing login (what a sign form posts as ``signer``)."""
    return get_user_model().objects.get(username=username).cadre_id
