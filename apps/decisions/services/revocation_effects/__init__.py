"""What revoking a decision that did not open a tenure does to the tenure it acted on (R8, H16, H21).

A revocation takes effect on its date (``revoked_on``) and is not retroactive: what the cadre did under the revoked
decision before that date stays valid, as for a revoked appointment, whose tenure ends on the revocation date.

* **Extension of the term to retirement** (docs/procedures.md §5, ND 138 Đ.53): the term end goes back to the one the
  extension replaced. If the original term had already ended by the revocation date, the cadre held the post only
  because of the extension, so the tenure ends on the revocation date (end reason "revoked"); otherwise it runs on
  to the original term end, and the reappointment / extension question is for the competent authority again.
* **Non-reappointment** (docs/procedures.md §5, H16): the decision that the term would not be renewed is void. If the
  term has not ended by the revocation date, the tenure is open again until its planned term end, the question of
  reappointment is open again, and the organisation board of the unit is told so that it opens a new reappointment
  procedure; if the term has already ended, it ended because it expired (end reason "term expired"), not because of
  the revoked decision — putting the cadre back in post takes a new decision (117-QĐ/TW restores rights by a new act).
* **Reappointment** (docs/procedures.md §5; issue 9 §4): revocation restores exactly the state before the decision. While
  the original term still runs on the revocation date, the tenure the reappointment ended is re-opened with its
  term end (the cadre is still in post under the original term, the seat is held, not vacant) and the tenure it
  opened is voided: it ends on the day it started (end reason "revoked"), so it never held the seat. Once the
  original term had ended, the cadre held the post only because of the reappointment: the new tenure ends on the
  revocation date, as a revoked appointment's does, and the old one stays as it ended.
* **Appointment to another post** (docs/procedures.md §1–§2): besides the appointment's own tenure (ended on the
  revocation date by ``tenures._apply_revocation``), the posts it ended the day before it took effect come back:
  a tenure still running its term on the revocation date is re-opened (its seat must still be free:
  ``seat_filled_since``); one whose term ended by then ends at its term end (end reason "term expired"). The
  cadre's planning entries it fulfilled are in the planning again. A tenure changed since the appointment ended
  it is refused (``tenure_changed_since``).

Refused, with nothing changed: a tenure changed since the decision (``tenure_changed_since``: e.g. extended again
or ended for another reason), a term end before the extension that cannot be found in the tenure's history
(``previous_term_unknown``), and re-opening a tenure whose seat has been filled since (``seat_filled_since``:
revoke or end the successor's tenure first). Every effect is an audit entry on the revocation procedure.
"""

from .planning import undo_planning
from .posts import undo_appointment_effects, undo_reappointment
from .tenure import UNDO, term_end_before_extension, undo_on_tenure

__all__ = [
    "UNDO",
    "term_end_before_extension",
    "undo_appointment_effects",
    "undo_on_tenure",
    "undo_planning",
    "undo_reappointment",
]
