"""Where a procedure's uploaded documents go, and the check every upload passes."""

import os

from apps.core.uploads import check_upload


def _upload_to(instance, filename):
    return f"procedures/{instance.process_id}/{instance.kind}/{os.path.basename(filename)}"


def validate_attachment(upload):
    """Documents only, by content, within the product's size limit: the product-wide upload check
    (``apps.core.uploads.check_upload``); returns the content type the file's content shows."""
    return check_upload(upload)


def candidate_self_assessment_path(instance, filename):
    return f"procedures/{instance.DOCUMENTS_DIR}/self_assessment/{os.path.basename(filename)}"


def candidate_evaluation_path(instance, filename):
    return f"procedures/{instance.DOCUMENTS_DIR}/evaluation/{os.path.basename(filename)}"
