"""One JSON shape for every error under ``/api/``: ``{"code", "message", "fields"}`` (issue 12 §4).

- ``code``: a stable machine-readable code — the rule's code for a refusal by a business rule (``RuleViolation``,
  the same code the page shows), DRF's code otherwise (``not_found``, ``not_authenticated``, ``invalid``…);
- ``message``: one sentence in the request's language (``Accept-Language``, else Vietnamese);
- ``fields``: ``{field: [messages]}`` for invalid input (query parameters or the payload), else ``{}``.

DRF's views answer through ``exception_handler``; what never reaches a DRF view (an unknown URL, a path parameter
that does not match, an unexpected exception) is turned into the same shape by ``ApiErrorMiddleware``.
"""

import json
import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from apps.core.rules import RuleViolation

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"

_STATUS_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "unavailable",
}


def _status_messages():
    return {
        400: _("The request is not valid."),
        401: _("Authentication credentials were not provided or are not valid."),
        403: _("You do not have permission to perform this action."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        415: _("This media type is not supported."),
        429: _("Too many requests. Please try again later."),
        500: _("The server could not answer this request. Nothing was changed; please try again."),
        503: _("The server is busy. Nothing was changed; please try again."),
    }


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer of the API (documented for each operation)."""

    code = serializers.CharField(help_text="Stable code: a business rule's code, or the kind of error.")
    message = serializers.CharField(help_text="One sentence, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Invalid input: the messages of each field (query parameter or payload field).",
    )


def error_body(status, code=None, message=None, fields=None):
    return {
        "code": code or _STATUS_CODES.get(status, "error"),
        "message": str(message or _status_messages().get(status, _("The request could not be answered."))),
        "fields": fields or {},
    }


def _flatten(detail):
    """DRF's error detail (str, list or dict, nested) → list of strings."""
    if isinstance(detail, dict):
        out = []
        for value in detail.values():
            out.extend(_flatten(value))
        return out
    if isinstance(detail, list | tuple):
        out = []
        for value in detail:
            out.extend(_flatten(value))
        return out
    return [str(detail)]


def _fields_of(detail):
    if not isinstance(detail, dict):
        return {}
    return {str(name): _flatten(value) for name, value in detail.items() if name != "non_field_errors"}


def _first_code(codes):
    if isinstance(codes, dict):
        for value in codes.values():
            return _first_code(value)
    if isinstance(codes, list | tuple):
        return _first_code(codes[0]) if codes else None
    return codes


def rule_violation_response(exc):
    from rest_framework.response import Response

    return Response(error_body(400, exc.rule_code, " ".join(exc.messages)), status=400)


def exception_handler(exc, context):
    """DRF's handler, answering in our shape; a ``RuleViolation`` is a 400 with the rule's code."""
    if isinstance(exc, RuleViolation):
        return rule_violation_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=getattr(exc, "message_dict", None) or exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = _fields_of(detail)
        non_field = detail.get("non_field_errors") if isinstance(detail, dict) else detail
        code = _first_code(exc.get_codes()) or "invalid"
        if fields:
            code = "invalid"
        message = " ".join(_flatten(non_field)) if non_field else _status_messages()[400]
        response.data = error_body(status, code, message, fields)
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.detail, str) else _first_code(exc.get_codes())
        message = exc.detail if isinstance(exc.detail, str) else " ".join(_flatten(exc.detail))
        response.data = error_body(status, code if isinstance(code, str) else None, message)
    return response


class ApiErrorMiddleware:
    """Under ``/api/``: an error answered outside DRF (Django's HTML 404 of an unmatched URL, a 405 or 500 page)
    becomes the JSON error shape; an unexpected exception is logged and answered as a JSON 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if request.path.startswith("/api/docs/"):
            return response
        new = JsonResponse(error_body(response.status_code), status=response.status_code)
        for header in ("WWW-Authenticate", "Retry-After", "Allow"):
            if response.has_header(header):
                new[header] = response[header]
        return new

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, Http404):
            return JsonResponse(error_body(404), status=404)
        if isinstance(exception, DjangoPermissionDenied):
            return JsonResponse(error_body(403), status=403)
        logger.exception("API error on %s %s", request.method, request.path)
        return JsonResponse(error_body(500), status=500)


def is_json_error(content):
    try:
        body = json.loads(content)
    except ValueError:
        return False
    return isinstance(body, dict) and set(body) == {"code", "message", "fields"}
