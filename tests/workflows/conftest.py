from tests.appointment.conftest import leadership, make_candidate, position, reviewer_b  # noqa: F401
