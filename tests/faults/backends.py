"""An e-mail backend whose server refuses every message (``EMAIL_BACKEND`` in the fault tests)."""

from django.core.mail.backends.base import BaseEmailBackend


class RefusingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused (the mail server is down)")
