"""One upload check for every upload of the product (apps.core.uploads): the type comes from the content, not the
name. A program renamed ``.pdf`` and an HTML page saved as ``.pdf`` are refused at every upload point."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.conferences.forms import ConferenceForm
from apps.conferences.models import Conference
from apps.core.rules import RuleViolation
from apps.core.uploads import check_upload
from apps.inspection import rules as report_rules
from workflows.appointment.forms import CandidateDocumentsForm as AppointmentDocumentsForm
from workflows.common.views import AttachmentForm
from workflows.nomination.forms import CandidateDocumentsForm as NominationDocumentsForm
from workflows.reappointment.forms import SelfAssessmentForm
from workflows.revocation.forms import InvestigateForm, OpenCaseForm


def exe_as_pdf():
    return SimpleUploadedFile(
        "to-trinh.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf"
    )


def html_as_pdf():
    body = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
    return SimpleUploadedFile("bien-ban.pdf", body, content_type="application/pdf")


def pdf():
    return SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n% bien ban\n", content_type="application/pdf")


def odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile("bao-cao.odt", buffer.getvalue())


#: every declared file field of the product's forms that takes an upload, (form class, field name)
UPLOAD_FIELDS = [
    (AttachmentForm, "file"),  # procedure step attachments
    (ConferenceForm, "minutes"),  # conference minutes
    (ConferenceForm, "count_minutes"),
    (AppointmentDocumentsForm, "self_assessment"),  # candidates' documents
    (AppointmentDocumentsForm, "evaluation"),
    (NominationDocumentsForm, "self_assessment"),
    (NominationDocumentsForm, "evaluation"),
    (SelfAssessmentForm, "report"),  # reappointment self-assessment report
    (OpenCaseForm, "evidence"),  # revocation evidence
    (InvestigateForm, "evidence"),
]


def _codes(exc):
    return [error.code for error in exc.value.error_list]


@pytest.mark.parametrize(("form", "name"), UPLOAD_FIELDS, ids=lambda v: getattr(v, "__qualname__", v))
def test_every_upload_field_refuses_a_program_renamed_pdf_and_html_saved_as_pdf(form, name):
    field = form.base_fields[name]
    with pytest.raises(ValidationError) as exe:
        field.clean([exe_as_pdf()] if name == "evidence" else exe_as_pdf())
    with pytest.raises(ValidationError) as html:
        field.clean([html_as_pdf()] if name == "evidence" else html_as_pdf())
    assert "attachment_executable" in _codes(exe)
    assert "attachment_type" in _codes(html)
    field.clean([pdf()] if name == "evidence" else pdf())  # a real PDF passes


def test_the_conference_minutes_model_fields_check_the_content():
    for name in ("minutes", "count_minutes"):
        with pytest.raises(ValidationError) as exc:
            Conference._meta.get_field(name).run_validators(html_as_pdf())
        assert _codes(exc) == ["attachment_type"]


def test_the_public_report_form_refuses_html_saved_as_pdf_and_a_legacy_word_file():
    with pytest.raises(RuleViolation) as html:
        report_rules.check_attachment(html_as_pdf())
    ole = SimpleUploadedFile("don.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(RuleViolation) as doc:
        report_rules.check_attachment(ole)
    assert html.value.rule_code == doc.value.rule_code == "attachment_type"
    assert report_rules.check_attachment(pdf()) == "application/pdf"


def test_the_content_type_is_the_sniffed_one_not_the_browsers():
    lying = SimpleUploadedFile("bao-cao.odt", odt().read(), content_type="text/html")
    assert check_upload(lying) == "application/vnd.oasis.opendocument.text"
    png_named_pdf = SimpleUploadedFile("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    with pytest.raises(RuleViolation) as exc:
        check_upload(png_named_pdf)
    assert exc.value.rule_code == "attachment_type"


def test_empty_and_oversized_files_are_refused(settings):
    with pytest.raises(RuleViolation) as empty:
        check_upload(SimpleUploadedFile("rong.pdf", b""))
    settings.MAX_ATTACHMENT_BYTES = 1024
    with pytest.raises(RuleViolation) as big:
        check_upload(SimpleUploadedFile("lon.pdf", b"%PDF-1.4" + b"x" * 2048))
    assert (empty.value.rule_code, big.value.rule_code) == ("attachment_empty", "attachment_too_large")
