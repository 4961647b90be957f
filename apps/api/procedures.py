"""The procedures the API drives, by kind: their flow, their process model and the reverse one-to-one from
Viewflow's base ``Process`` row to the procedure's own row (joined in lists: constant queries per page)."""

from dataclasses import dataclass

from workflows.appointment.flows import AppointmentFlow
from workflows.common.selectors import child_path
from workflows.nomination.flows import NominationFlow
from workflows.planning.flows import PlanningFlow
from workflows.reappointment.flows import ReappointmentFlow
from workflows.revocation.flows import RevocationFlow
from workflows.rotation.flows import RotationFlow


@dataclass(frozen=True)
class Kind:
    code: str
    flow_class: type

    @property
    def process_class(self):
        return self.flow_class.process_class

    @property
    def child(self):
        """``Process`` → the procedure's row (``appointmentprocess``…)."""
        return child_path(self.flow_class)


KINDS = {
    kind.code: kind
    for kind in (
        Kind("appointment", AppointmentFlow),
        Kind("reappointment", ReappointmentFlow),
        Kind("nomination", NominationFlow),
        Kind("planning", PlanningFlow),
        Kind("rotation", RotationFlow),
        Kind("revocation", RevocationFlow),
    )
}


def kind_of_flow(flow_class):
    for kind in KINDS.values():
        if kind.flow_class is flow_class:
            return kind
    return None


def procedure_row(process):
    """The procedure's own row of a base ``Process`` loaded with the kinds' joins (no query), or None."""
    kind = kind_of_flow(process.flow_class)
    if kind is None:
        return None
    return getattr(process, kind.child, None) if kind.child else process
