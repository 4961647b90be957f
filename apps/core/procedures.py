"""The procedures a user may start, for the pages that offer "Propose…" and "Open…" buttons.

The procedure apps register their flows here when the site is built (``ProcedureAppViewset``), so that the home
page, the registry pages and the procedure lists can offer the start actions without importing the workflows
(``core`` imports no app above it). A start action is shown only to a user whose start node's own permission check
(``Start.Available``) lets them in: the same check the start page applies.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

_REGISTERED = {}


@dataclass(frozen=True)
class StartAction:
    kind: str
    procedure: str
    title: str
    description: str
    url: str
    icon: str


def register(kind, flow_class, icon):
    """Register a procedure flow under its kind ("appointment", "nomination"…); the site registers each flow once."""
    _REGISTERED[kind] = (flow_class, icon)


def registered_kinds():
    return list(_REGISTERED)


def _kind_of(flow_class):
    for kind, (registered, _icon) in _REGISTERED.items():
        if registered is flow_class:
            return kind
    return None


def start_actions(user, *, kinds=None, flow_class=None, **params):
    """The start actions of the registered procedures (or of ``kinds`` / ``flow_class`` only) that ``user`` may
    take, in registration order; ``params`` become the start page's query string (e.g. ``position=12``)."""
    if flow_class is not None:
        kinds = [_kind_of(flow_class)]
    actions = []
    for kind, (registered, icon) in _REGISTERED.items():
        if kinds is not None and kind not in kinds:
            continue
        for node in registered.get_start_nodes(user):
            url = node.reverse("execute")
            if params:
                url = f"{url}?{urlencode(params)}"
            actions.append(
                StartAction(
                    kind=kind,
                    procedure=str(registered.process_title),
                    title=str(node.task_title),
                    description=str(node.task_description or ""),
                    url=url,
                    icon=icon,
                )
            )
    return actions


def registered_flows():
    """The registered procedure flows, in registration order."""
    return [flow_class for flow_class, _icon in _REGISTERED.values()]
