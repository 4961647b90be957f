"""Request middleware of the product shell."""

from django.utils.cache import patch_vary_headers


class IgnoreBrowserLanguageMiddleware:
    """The UI is Vietnamese unless the user chose another language with the language switcher.

    Django's ``LocaleMiddleware`` picks the language from the ``set_language`` cookie, then from the browser's
    ``Accept-Language`` header, then ``LANGUAGE_CODE``. Officials' machines often run an English browser, which
    would give them the English UI they never asked for. Dropping the header before ``LocaleMiddleware`` (this
    middleware must come before it in ``MIDDLEWARE``) leaves the cookie and then ``LANGUAGE_CODE`` ("vi").

    The page then depends on the cookie, not on the header: the response's ``Vary`` says so (``LocaleMiddleware``
    adds ``Accept-Language``), so that a cache never hands one user's language to another.
    """

    HEADER = "HTTP_ACCEPT_LANGUAGE"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            # systems calling the API say which language they read: their messages follow Accept-Language
            return self.get_response(request)
        request.META.pop(self.HEADER, None)
        response = self.get_response(request)
        if response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        patch_vary_headers(response, ("Cookie",))
        return response
