"""The OpenAPI document (drf-spectacular): every operation documents its error answers in the one error shape,
and every step's payload is a component built from the step's form (``apps.api.payloads``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object

from .errors import ErrorSerializer

_ERRORS = {
    "400": "Invalid input (query parameters or payload), or refused by a business rule (its code).",
    "401": "No credentials, or wrong or expired ones (see WWW-Authenticate).",
    "403": "The caller may see the object but not do this.",
    "404": "Not found, or out of the caller's scope.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "415": "Unsupported media type.",
    "429": "Too many requests (per-user throttling).",
}


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in _ERRORS.items():
            if code in responses:
                continue
            if code == "415" and self.method == "GET":
                continue
            response = self._get_response_for_code(ErrorSerializer, code)
            response["description"] = description
            responses[code] = response
        return responses


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.authentication.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
        scheme["description"] = (
            "A personal API token created on the profile page: `Authorization: Token cf_…`."
        )
        return scheme


def add_step_payloads(result, generator, request, public):
    """Post-processing: each step's payload as a component; ``complete`` and ``start`` accept one of them."""
    from . import payloads

    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    complete_refs, start_refs = [], []
    for kind, step in payloads.all_steps():
        name = payloads.component_name(kind, step.code)
        schemas[name] = payloads.schema_of_step(step)
        ref = {"$ref": f"#/components/schemas/{name}"}
        if getattr(step.node, "task_type", None) == "HUMAN_START":
            start_refs.append(ref)
        else:
            complete_refs.append(ref)
    for path, operations in result.get("paths", {}).items():
        post = operations.get("post")
        if not post:
            continue
        refs = (
            complete_refs if path.endswith("/complete/") else start_refs if path.endswith("/start/") else None
        )
        if refs is None:
            continue
        body = {"oneOf": refs} if refs else {"type": "object", "additionalProperties": True}
        post["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": body},
                "multipart/form-data": {"schema": {"type": "object", "additionalProperties": True}},
            },
        }
    add_links(result)
    return result


def add_links(result):
    """OpenAPI links (stateful testing, clients that follow them): a list's rows to their detail and actions, a
    started procedure to its detail."""
    paths = result.get("paths", {})
    for path, operations in paths.items():
        if "{" in path or "get" not in operations:
            continue
        for key in ("id", "seq"):
            detail = f"{path}{{{key}}}/"
            if detail not in paths:
                continue
            links = {}
            for other, other_ops in paths.items():
                if not other.startswith(detail):
                    continue
                for method, operation in other_ops.items():
                    if method in ("get", "post") and "operationId" in operation:
                        links[operation["operationId"]] = {
                            "operationId": operation["operationId"],
                            "parameters": {key: f"$response.body#/results/0/{key}"},
                        }
            response = operations["get"].get("responses", {}).get("200")
            if links and response is not None:
                response["links"] = links
    start = paths.get("/api/v1/procedures/{kind}/start/", {}).get("post")
    detail = paths.get("/api/v1/procedures/{id}/", {}).get("get")
    if start and detail and "201" in start.get("responses", {}):
        start["responses"]["201"]["links"] = {
            detail["operationId"]: {
                "operationId": detail["operationId"],
                "parameters": {"id": "$response.body#/id"},
            }
        }
