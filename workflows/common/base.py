"""What every procedure flow shares: who may see it (scope + conflict of interest) and who may manage it."""

from apps.accounts import permissions

from .nodes import VIEW_ACTION, process_visible


class ProcedureFlowMixin:
    """Mixed into each procedure's ``flow.Flow``.

    Viewflow's default asks for the model-wide ``view_<process>`` permission and then shows every process of the
    flow (docs/viewflow-notes.md §7.1 item 5). Here the flow is visible to anyone who follows procedures in at least one
    unit, and one process only to those whose scope contains its unit and who are not its candidates (R10).
    Managing (cancel/undo/revive from Viewflow's own pages) is kept for administrators; business closings go
    through the procedure's services (withdraw, reject) instead.
    """

    def has_view_permission(self, user, obj=None):
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if obj is None:
            # those who follow procedures, and internal political protection, whose requests are steps (§9)
            return any(
                unit_ids is None or bool(unit_ids)
                for unit_ids in (
                    permissions.scope_unit_ids(user, VIEW_ACTION),
                    permissions.scope_unit_ids(user, "conclude_political_standard"),
                )
            )
        return process_visible(user, obj.coerced)

    def has_manage_permission(self, user, obj=None):
        if not permissions.is_unrestricted(user):
            return False
        return obj is None or process_visible(user, obj.coerced)
