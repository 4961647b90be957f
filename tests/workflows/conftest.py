from tests.appointment.conftest import _media, leadership, make_candidate, position, reviewer_b  # noqa: F401
