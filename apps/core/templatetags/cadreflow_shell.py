"""Template helpers of the page shell.

``{% template_exists "x.html" as ok %}`` lets the menu include a template another app provides only once it
exists. (``obj|visible_to:user`` is in ``apps.accounts``' ``permission_tags``.)
"""

from xml.etree import ElementTree

from django import template
from django.template import TemplateDoesNotExist
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from viewflow.forms import FormLayout
from viewflow.forms.renderers import WidgetRenderer

from apps.core.kept_files import KEPT_PREFIX

register = template.Library()


@register.simple_tag(takes_context=True)
def template_exists(context, name):
    """Can the engine rendering this template load `name`?"""
    try:
        context.template.engine.get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


@register.simple_tag
def brand_colors():
    """The shell's colours (``config.site.site``) for pages outside the site's URLs (login, public, errors)."""
    from config.site import site

    return {"primary": site.primary_color, "secondary": site.secondary_color}


# the field components Viewflow's frontend script defines (vf-field-checkbox-select has none)
MATERIAL_TAGS = {
    "input",
    "vf-field-checkbox",
    "vf-field-date",
    "vf-field-file",
    "vf-field-inline-calendar",
    "vf-field-input",
    "vf-field-password",
    "vf-field-radio-select",
    "vf-field-select",
    "vf-field-select-multiple",
    "vf-field-textarea",
    "vf-field-time",
}


class _FieldsLayout(FormLayout):
    """Viewflow's Material layout of a form's fields, without the form-wide errors (our pages print those
    themselves, in a ``role="alert"`` block above the fields) and without the fields named in `excluded` (a
    honeypot the page hides off-screen)."""

    def render(self, form, default_layout=None):
        self.native = []
        html = super().render(form)
        for bound_field in self.native:
            placeholder = f'<div class="cf-native-field" data-native="{bound_field.html_name}"></div>'
            html = html.replace(
                placeholder, f'<div class="cf-native-field">{bound_field.as_field_group()}</div>'
            )
        return html

    def __init__(self, excluded=(), errors=True, span=12):
        self.excluded = set(excluded)
        self.errors = errors
        self.span = span

    def append_non_field_errors(self, form, root):
        if self.errors:
            super().append_non_field_errors(form, root)

    def append_visible_fields(self, form, root):
        fields = [f for f in form.visible_fields() if f.name not in self.excluded]
        if fields:
            wrapper = ElementTree.SubElement(
                root, "div", {"class": "vf-form__visiblefields mdc-layout-grid__inner"}
            )
            for bound_field in fields:
                cell = ElementTree.SubElement(
                    wrapper,
                    "div",
                    {
                        "class": f"mdc-layout-grid__cell mdc-layout-grid__cell--span-{self.span} mdc-layout-grid__cell--span-12-phone"
                    },
                )
                self.append_field(cell, bound_field)
                self.append_kept_file(cell, form, bound_field)

    def append_field(self, root, bound_field, renderer_class=None, layout_node=None):
        renderer = renderer_class or WidgetRenderer.get_renderer(bound_field.field.widget)
        if renderer.tag not in MATERIAL_TAGS:
            # Viewflow's frontend has no component for this widget (checkbox lists): Django renders it, in place
            ElementTree.SubElement(
                root, "div", {"class": "cf-native-field", "data-native": bound_field.html_name}
            )
            self.native.append(bound_field)
            return
        if bound_field.html_name in getattr(bound_field.form, "kept_files", {}):
            # the kept file stands for this field: the browser must not ask for a new one
            widget = bound_field.field.widget
            attrs = {k: v for k, v in bound_field.build_widget_attrs({}, widget).items() if k != "required"}
            if bound_field.auto_id and "id" not in widget.attrs:
                attrs.setdefault("id", bound_field.auto_id)
            renderer_class = renderer_class or WidgetRenderer.get_renderer(widget)
            widget.render(
                name=bound_field.html_name,
                value=None,
                attrs=attrs,
                renderer=renderer_class(root, bound_field, layout_node),
            )
            return
        widget = bound_field.field.widget
        if renderer.tag == "vf-field-select" and bound_field.value() in (None, ""):
            # a browser's own select shows its first option as chosen; Viewflow's shows none and would send ""
            first = next(iter(widget.choices), None)
            if first is not None and first[0] not in (None, ""):
                renderer_class = renderer_class or renderer
                widget.render(
                    name=bound_field.html_name,
                    value=first[0],
                    attrs={**bound_field.build_widget_attrs({}, widget), "id": bound_field.auto_id},
                    renderer=renderer_class(root, bound_field, layout_node),
                )
                return
        super().append_field(root, bound_field, renderer_class, layout_node)

    def append_kept_file(self, root, form, bound_field):
        kept = getattr(form, "kept_files", {}).get(bound_field.html_name)
        dropped = getattr(form, "dropped_files", {}).get(bound_field.html_name)
        if dropped and not kept:
            note = ElementTree.SubElement(
                root, "p", {"class": "cf-dropped-file", "data-field": bound_field.name}
            )
            note.text = gettext("Not kept: {name}. Choose the file again.").format(name=dropped)
        if not kept:
            return
        token, filename = kept
        ElementTree.SubElement(
            root, "input", {"type": "hidden", "name": f"{KEPT_PREFIX}{bound_field.html_name}", "value": token}
        )
        note = ElementTree.SubElement(root, "p", {"class": "cf-kept-file", "data-field": bound_field.name})
        note.text = gettext("Kept: {name} (choose another file only to replace it)").format(name=filename)


@register.simple_tag
def material_fields(form, *excluded, errors=True, span=12):
    """``{% material_fields form %}``: the fields of `form` as the Material components of Viewflow's frontend,
    the same rendering as the registry forms (``{% render form %}``). ``errors=False`` when the page prints the
    form-wide errors itself; further arguments name fields left out; ``span=4`` puts three fields in a row (filters)."""
    return mark_safe(_FieldsLayout(excluded, errors, span).render(form))  # noqa: S308 - ElementTree output, values escaped
