"""What every procedure flow shares: who may see it (scope + conflict of interest), who may manage it, and the
helpers that build its graph from its step list (``conference``, ``anyone_left``)."""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from apps.accounts import permissions

from .nodes import VIEW_ACTION, If, View, process_visible


def may_act_in_a_unit(*actions):
    """A start node's ``Available`` test: may the user perform one of `actions` (``permissions.ACTIONS``) in at
    least one unit (a superuser: everywhere)?"""

    def available(user):
        for action in actions:
            unit_ids = permissions.scope_unit_ids(user, action)
            if unit_ids is None or unit_ids:
                return True
        return False

    available.__name__ = available.__qualname__ = f"may_{'_or_'.join(actions)}"
    return available


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


# --- Building a procedure's graph from its step list (apps.conferences.steps) ------------------------------------


def step_spec(code):
    """The spec of conference step `code` under the seeding defaults (its title, who is convened…)."""
    from apps.conferences.steps import step_by_code
    from apps.rulesets.parameters import Params

    return step_by_code(code, Params.defaults())


def step_title(code):
    """The one title of conference step `code`: the step list's, read when shown (in the reader's language)."""
    return lazy(lambda: str(step_spec(code).title), str)()


def conference(code, view, *, permission, obj, description=None):
    """A conference step of a procedure: a human step named after its code in the step list (the node's name is
    the code, ``tests/workflows/test_step_nodes.py``), titled as the step list titles it, done by the holders of
    `permission` on ``obj(process)``."""
    node = (
        View(view).Annotation(title=step_title(code), description=description).Permission(permission, obj=obj)
    )
    node.step_code = code
    return node


def is_open(activation):
    return activation.process.is_open


ANYONE_LEFT = gettext_lazy("Anyone left?")


def anyone_left(title=ANYONE_LEFT):
    """The gate after a step that may stop every candidate: on while the procedure is open (a step that leaves
    nobody closes it with the reason), else to the flow's closing state."""
    return If(is_open).Annotation(title=title)


def conference_nodes(flow_class):
    """The conference steps of `flow_class` (built by ``conference``), in the flow's declaration order."""
    return [node for node in flow_class.instance.nodes() if getattr(node, "step_code", None)]
