"""Request middleware of the product shell."""


class IgnoreBrowserLanguageMiddleware:
    """The UI is Vietnamese unless the user chose another language with the language switcher.

    Django's ``LocaleMiddleware`` picks the language from the ``set_language`` cookie, then from the browser's
    ``Accept-Language`` header, then ``LANGUAGE_CODE``. Officials' machines often run an English browser, which
    would give them the English UI they never asked for. Dropping the header before ``LocaleMiddleware`` (this
    middleware must come before it in ``MIDDLEWARE``) leaves the cookie and then ``LANGUAGE_CODE`` ("vi").
    """

    HEADER = "HTTP_ACCEPT_LANGUAGE"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop(self.HEADER, None)
        return self.get_response(request)
