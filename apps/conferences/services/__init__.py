"""Recording a conference (the only writer of ``Conference`` and ``ConferenceCandidate``).

``record_conference`` checks every rule first — counts, quorum, surplus, minutes — computes the result against
the step's legal denominator, and only then writes the conference, its tallies and the audit entry, in one
transaction. A refused conference leaves nothing behind.
"""

from .checks import procedure_dates, registry_collective, validate_conference
from .recording import record_conference

__all__ = ["procedure_dates", "record_conference", "registry_collective", "validate_conference"]
