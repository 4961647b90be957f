"""A human step that holders of a second unit role may also take."""

from workflows.common.nodes import View, process_visible


class SharedView(View):
    """A step in the organisation board's queue (its ``Permission``) that holders of ``AlsoPermission`` on the
    same unit may claim and complete too — the self-assessment report is handed in by the unit's organisation
    board on the cadre's behalf or by the unit leader (docs/procedures.md §5). Scope and conflict of interest (R10)
    are checked as for every step."""

    _also_permission = None

    def AlsoPermission(self, permission):
        self._also_permission = permission
        return self

    def _holds_also(self, user, task):
        if not self._also_permission or user is None or not user.is_authenticated or not user.is_active:
            return False
        obj = self._owner_permission_obj(task.process) if callable(self._owner_permission_obj) else None
        return user.has_perm(self._also_permission, obj=obj)

    def can_assign(self, user, task):
        if super().can_assign(user, task):  # also checks that the user may see the procedure
            return True
        return not task.owner_id and self._holds_also(user, task)

    def user_may_act(self, user, task):
        if super().user_may_act(user, task):
            return True
        return self._holds_also(user, task) and process_visible(user, task.process.coerced)
