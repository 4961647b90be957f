import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory


@pytest.fixture
def admin_save(admin_user):
    """Save `obj` with `changes` the way the admin's change (or add) page does: its form, then its
    ``save_model`` (and ``save_m2m``). Returns the saved object."""

    def save(obj, **changes):
        model_admin = admin.site._registry[type(obj)]
        request = RequestFactory().post("/admin/")
        request.user = admin_user
        form_class = model_admin.get_form(request, obj if obj.pk else None)
        data = {k: v for k, v in model_to_dict(obj).items() if v is not None}
        data.update(changes)
        form = form_class(data=data, instance=obj if obj.pk else None)
        assert form.is_valid(), form.errors
        new = form.save(commit=False)
        model_admin.save_model(request, new, form, change=bool(obj.pk))
        form.save_m2m()
        return new

    return save
