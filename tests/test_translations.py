"""The Vietnamese catalogue: pages render in Vietnamese (our strings and Viewflow's), English on request, and the
catalogue check catches what is missing.

The pages are rendered with the catalogue as ``make messages`` builds it — ``locale/vi/LC_MESSAGES/django.po``
merged with ``locale/vi/third_party.po`` by ``locale/build_catalogue.py`` — compiled into a temporary
``LOCALE_PATHS`` for this session, so that a stale or missing ``django.mo`` in the checkout changes nothing.
"""

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from workflows.appointment.flows import AppointmentFlow

pytestmark = pytest.mark.django_db


def _catalogue_tool():
    path = settings.BASE_DIR / "locale" / "build_catalogue.py"
    spec = importlib.util.spec_from_file_location("cadreflow_build_catalogue", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


tool = _catalogue_tool()


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory):
    """A LOCALE_PATHS directory holding the merged Vietnamese catalogue, compiled."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: install gettext (apt-get install gettext)"
    root = tmp_path_factory.mktemp("locale")
    target = root / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    merged = tool.merge(tool.read_po(tool.CATALOGUE), tool.read_po(tool.THIRD_PARTY_CATALOGUE))
    (target / "django.po").write_text(tool.serialize_po(merged), encoding="utf-8")
    subprocess.run([msgfmt, "--check", "-o", target / "django.mo", target / "django.po"], check=True)
    return root


@pytest.fixture
def vietnamese_catalogue(compiled_locale, settings):
    """Translations come from the compiled catalogue (pytest-django's `settings` resets Django's caches)."""
    settings.LOCALE_PATHS = [compiled_locale]
    return compiled_locale


def _option_labels(attribute):
    """The choices of a Material select or radio list (JSON in an attribute), as its script shows them."""
    return " ".join(str(group["options"].get("label", "")) for group in json.loads(unescape(attribute)))


def visible_text(response):
    """What a reader sees: the page without tags, scripts, styles and attribute values (but with the labels of
    Material fields)."""
    html = response.content.decode()
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    # the labels of Viewflow's Material fields are attributes its script draws as text
    html = re.sub(r'optgroups="([^"]*)"', lambda m: ">" + _option_labels(m.group(1)) + "<x ", html)
    html = re.sub(r'<vf-field-[a-z-]+ [^>]*?\blabel="([^"]*)"[^>]*>', r" \1 ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"(?s)<[^>]+>", " ", html)))


def page(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return visible_text(response)


def assert_vietnamese(text, *, shows, hides=("Inbox", "Log in", "Cadres")):
    for words in shows:
        assert words in text, f"{words!r} missing from: {text[:600]}"
    for words in hides:
        assert words not in text, f"English {words!r} left in: {text[:600]}"


CADRES = "registry:cadres:index"


# --- Pages in Vietnamese (the default) -----------------------------------------------------------------------
def test_the_login_page_is_in_vietnamese(vietnamese_catalogue, client_for):
    text = page(client_for(None), reverse("login"))
    assert_vietnamese(text, shows=["Đăng nhập", "CadreFlow — quy trình công tác cán bộ", "Đặt lại mật khẩu"])
    assert "Reset password" not in text


def test_the_home_page_is_in_vietnamese(vietnamese_catalogue, client_for, leader_a):
    text = page(client_for(leader_a), "/")
    assert_vietnamese(
        text,
        shows=["Vai trò và phạm vi của tôi", "Lãnh đạo đơn vị", "Cơ sở dữ liệu", "Bổ nhiệm lại", "Đăng xuất"],
        hides=(
            "Inbox",
            "Log in",
            "Log out",
            "Cadres",
            "My roles",
            "Unit leader",
            "Overview",
            "Notifications",
        ),
    )


def test_the_registry_cadre_list_is_in_vietnamese(vietnamese_catalogue, client_for, reviewer, unit_a):
    from tests.factories import CadreFactory

    CadreFactory(current_unit=unit_a, full_name="Nguyễn Văn An")
    text = page(client_for(reviewer), reverse(CADRES))
    assert_vietnamese(
        text,
        shows=["Nguyễn Văn An", "Họ và tên", "Mã cán bộ", "Tiêu chuẩn chính trị", "Chưa có kết luận", "Lọc"],
        hides=("Inbox", "Log in", "Cadres", "Full name", "Political standard", "No conclusion", "Filter"),
    )


def test_the_appointment_start_page_is_in_vietnamese_viewflow_menu_included(
    vietnamese_catalogue, client_for, leader_a
):
    text = page(client_for(leader_a), AppointmentFlow.start.reverse("execute"))
    assert_vietnamese(
        text,
        # ours (the step and its form), then Viewflow's own (the procedure menu)
        shows=["Đề xuất bổ nhiệm", "Số vị trí cần bổ nhiệm", "Nguồn nhân sự tại chỗ", "Hộp việc", "Hàng đợi"],
        hides=("Inbox", "Log in", "Cadres", "Queue", "Archive", "Dashboard", "Propose an appointment"),
    )
    assert "Lưu trữ" in text


def test_the_inbox_is_in_vietnamese(vietnamese_catalogue, client_for, reviewer):
    text = page(client_for(reviewer), "/appointment/inbox/")
    assert_vietnamese(text, shows=["Hộp việc", "Bước", "Hạn", "Tạo lúc"], hides=("Inbox", "Due", "Created"))


# --- Viewflow's shell: flow titles, column labels, diagram, pagination ------------------------------------------
def _flows():
    from workflows.nomination.flows import NominationFlow
    from workflows.reappointment.flows import ReappointmentFlow
    from workflows.revocation.flows import RevocationFlow

    return [AppointmentFlow, ReappointmentFlow, NominationFlow, RevocationFlow]


def test_flow_titles_and_descriptions_go_through_gettext():
    """Viewflow takes them from the docstring otherwise, which no catalogue can translate."""
    from django.utils.functional import Promise

    for flow_class in _flows():
        assert isinstance(flow_class.process_title, Promise), flow_class
        assert isinstance(flow_class.process_description, Promise), flow_class
        with translation.override("en"):
            assert str(flow_class.process_title) == flow_class.__doc__.split("\n", 1)[0].strip()
            assert str(flow_class.process_description)


def test_the_flow_titles_in_the_menu_follow_the_language(vietnamese_catalogue, client_for, reviewer):
    from workflows.nomination.flows import NominationFlow

    client = client_for(reviewer)
    with translation.override("vi"):
        assert str(AppointmentFlow.process_title) == "Bổ nhiệm"
        assert str(NominationFlow.process_title) == "Giới thiệu ứng cử"
    assert_vietnamese(page(client, "/"), shows=["Bổ nhiệm", "Bổ nhiệm lại", "Giới thiệu ứng cử"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    home = page(client, "/")
    assert "Nomination for election" in home and "Reappointment" in home and "Giới thiệu ứng cử" not in home


def test_the_process_list_has_no_english_column_label(vietnamese_catalogue, client_for, leader_a, unit_a):
    from tests.appointment.helpers import latest_process, propose
    from tests.factories import PositionFactory

    client = client_for(leader_a)
    assert propose(client, PositionFactory(unit=unit_a)).status_code == 302
    process = latest_process()
    response = client.get(AppointmentFlow.instance.reverse("process_list"))
    text = visible_text(response)
    assert "Process id" not in text and f"#{process.pk}" in text
    detail = AppointmentFlow.instance.reverse("process_detail", args=[process.pk])
    assert f'href="{detail}"' in response.content.decode()


def test_the_diagram_edges_are_captioned_in_the_users_language(vietnamese_catalogue, client_for, reviewer):
    client = client_for(reviewer)
    svg = client.get(AppointmentFlow.instance.reverse("chart")).content.decode()
    captions = re.findall(r'<text class="edge-label"[^>]*>([^<]*)</text>', svg)
    assert captions and set(captions) == {"có", "không"}, captions
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    svg = client.get(AppointmentFlow.instance.reverse("chart")).content.decode()
    assert set(re.findall(r'<text class="edge-label"[^>]*>([^<]*)</text>', svg)) == {"yes", "no"}


def test_the_list_pagination_is_ours_and_goes_through_gettext(vietnamese_catalogue, client_for, reviewer):
    """Viewflow's own template writes a fixed English "1-25 of 40"; ours (templates/viewflow/includes) wraps it in
    blocktranslate (msgid "%(start)s-%(end)s of %(total)s"): Vietnamese by default, English when chosen."""
    client = client_for(reviewer)
    response = client.get(AppointmentFlow.instance.reverse("queue"))
    origins = {
        t.origin.name for t in response.templates if t.name == "viewflow/includes/list_pagination.html"
    }
    assert origins == {
        str(settings.BASE_DIR / "templates" / "viewflow" / "includes" / "list_pagination.html")
    }
    assert "0-0 trong tổng số 0" in visible_text(response)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "0-0 of 0" in visible_text(client.get(AppointmentFlow.instance.reverse("queue")))


def test_what_djangos_own_vietnamese_catalogue_lacks_is_filled(vietnamese_catalogue):
    """Viewflow's task lists show `timesince`; Django's vi catalogue has no '%(num)d day'."""
    now = timezone.now()
    with translation.override("vi"):
        assert timesince(now - timedelta(days=3, hours=2), now).replace("\xa0", " ") == "3 ngày, 2 giờ"
        assert str(_("CSRF verification failed. Request aborted.")).startswith(
            "Kiểm tra CSRF không thành công"
        )


# --- English on request --------------------------------------------------------------------------------------
def test_switching_to_english_shows_english(vietnamese_catalogue, client_for, leader_a):
    client = client_for(leader_a)
    assert "Vai trò và phạm vi của tôi" in page(client, "/")
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    home = page(client, "/")
    assert "My roles and scopes" in home and "Unit leader" in home
    assert "Vai trò và phạm vi của tôi" not in home
    start = page(client, AppointmentFlow.start.reverse("execute"))
    assert "Propose an appointment" in start and "Inbox" in start and "Queue" in start
    assert "Hộp việc" not in start
    assert "Cadres" in page(client, reverse(CADRES))


def _lang(response):
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    return match and match.group(1)


def test_an_english_browser_gets_the_vietnamese_ui(vietnamese_catalogue, client_for, leader_a):
    client = client_for(leader_a)
    response = client.get("/", follow=True, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert _lang(response) == "vi" and response["Content-Language"] == "vi"
    assert "Vai trò và phạm vi của tôi" in visible_text(response)
    login = client_for(None).get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert _lang(login) == "vi" and "Đăng nhập" in visible_text(login)


def test_pages_vary_on_the_cookie_not_on_the_browser_language(client_for):
    response = client_for(None).get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    vary = {value.strip().lower() for value in response["Vary"].split(",")}
    assert "cookie" in vary and "accept-language" not in vary


def test_the_switcher_chooses_english_and_back_whatever_the_browser_says(
    vietnamese_catalogue, client_for, leader_a
):
    client = client_for(leader_a)
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en"}
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, **english_browser)
    assert response.status_code == 302 and client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get("/", follow=True, HTTP_ACCEPT_LANGUAGE="vi")
    assert _lang(response) == "en" and "My roles and scopes" in visible_text(response)

    response = client.post(reverse("set_language"), {"language": "vi", "next": "/"}, **english_browser)
    assert response.status_code == 302 and client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    response = client.get("/", follow=True, **english_browser)
    assert _lang(response) == "vi" and "Vai trò và phạm vi của tôi" in visible_text(response)
    assert "My roles and scopes" not in visible_text(response)


def test_the_login_page_in_english(vietnamese_catalogue, client_for):
    client = client_for(None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page(client, reverse("login"))
    assert "Log in" in text and "Đăng nhập" not in text


# --- The catalogue as committed ------------------------------------------------------------------------------
def test_the_committed_catalogue_is_complete_and_well_formed():
    """What makemessages cannot change behind the translator's back: no fuzzy or empty entry, placeholders
    kept, Vietnamese plural forms, msgfmt happy, every third-party msgid merged. (New msgids in the code are
    `make lint`'s business: check_translations.)"""
    from apps.core.management.commands import check_translations as check

    for path in (tool.CATALOGUE, tool.THIRD_PARTY_CATALOGUE):
        catalogue = tool.read_po(path)
        assert check.header_problems(catalogue) == [], path
        assert check.msgfmt_problems(path) == [], path
        problems = {
            entry.label(): entry_problem
            for entry in catalogue.messages()
            for entry_problem in check.entry_problems(entry, nplurals=1)
        }
        assert problems == {}, path
    merged = tool.read_po(tool.CATALOGUE).keys()
    third_party = tool.read_po(tool.THIRD_PARTY_CATALOGUE).keys()
    assert third_party - merged == set(), (
        "run `make messages` (locale/build_catalogue.py) and commit django.po"
    )
    assert {(None, "Inbox"), (None, "Queue"), (None, "Archive"), ("STATUS", "Done")} <= third_party


def test_merging_is_idempotent_and_our_translation_wins_a_shared_msgid():
    ours = tool.parse_po(HEADER + 'msgid "Cancel"\nmsgstr "Hủy bỏ"\n\nmsgid "Ours"\nmsgstr "Của ta"\n')
    theirs = tool.parse_po(
        HEADER + '#. third-party: viewflow\nmsgid "Cancel"\nmsgstr "Hủy"\n\n'
        '#. third-party: viewflow\nmsgid "Inbox"\nmsgstr "Hộp việc"\n'
    )
    once = tool.merge(ours, theirs)
    twice = tool.merge(tool.parse_po(tool.serialize_po(once)), theirs)
    assert tool.serialize_po(once) == tool.serialize_po(twice)
    translations = {entry.msgid: entry.msgstr[0] for entry in twice.messages()}
    assert translations == {"Cancel": "Hủy bỏ", "Ours": "Của ta", "Inbox": "Hộp việc"}


def test_a_catalogue_reads_and_writes_back_unchanged_fuzzy_entries_with_their_previous_msgid_included():
    text = (
        HEADER + '#: app/models.py:123\n#, fuzzy\n#| msgid "Goes forward"\nmsgid "Goes forward as surplus"\n'
        'msgstr "Được giới thiệu tiếp"\n\n#, python-format\nmsgid "%(counter)s event"\n'
        'msgid_plural "%(counter)s events"\nmsgstr[0] "%(counter)s sự kiện"\n\n'
        'msgctxt "STATUS"\nmsgid "Done"\nmsgstr "Hoàn thành"\n'
    )
    catalogue = tool.parse_po(text)
    assert [entry.key for entry in catalogue.messages()] == [
        (None, "Goes forward as surplus"),
        (None, "%(counter)s event"),
        ("STATUS", "Done"),
    ]
    assert catalogue.messages()[0].fuzzy
    assert tool.serialize_po(catalogue) == text


def test_merging_brings_back_what_makemessages_no_obsolete_dropped():
    theirs = tool.parse_po(HEADER + '#. third-party: viewflow\nmsgid "Queue"\nmsgstr "Hàng đợi"\n')
    after_makemessages = tool.parse_po(
        HEADER + 'msgid "Ours"\nmsgstr "Của ta"\n\n#~ msgid "Queue"\n#~ msgstr "x"\n'
    )
    merged = tool.merge(after_makemessages, theirs)
    assert [(entry.msgid, entry.msgstr, entry.obsolete) for entry in merged.entries[1:]] == [
        ("Ours", ["Của ta"], False),
        ("Queue", ["Hàng đợi"], False),
    ]


# --- check_translations --------------------------------------------------------------------------------------
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: vi\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
)


def _entry(po_text):
    return tool.parse_po(HEADER + po_text).messages()[0]


@pytest.mark.parametrize(
    "po_text, kind",
    [
        ('msgid "Inbox"\nmsgstr ""\n', "untranslated"),
        ('#, fuzzy\nmsgid "Inbox"\nmsgstr "Hộp thư"\n', "fuzzy"),
        ('#, python-format\nmsgid "%(n)s left"\nmsgstr "còn %(count)s"\n', "placeholders"),
        ('#, python-format\nmsgid "%s of %s"\nmsgstr "%s"\n', "placeholders"),
        ('msgid "Edit {cadre}"\nmsgstr "Sửa"\n', "placeholders"),
        ('msgid "{n} seats"\nmsgstr "{seats} vị trí"\n', "placeholders"),
        ('msgid "%(n)s item"\nmsgid_plural "%(n)s items"\nmsgstr[0] ""\n', "untranslated"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n', "plural forms"),
    ],
)
def test_an_entry_problem_is_found(po_text, kind):
    from apps.core.management.commands.check_translations import entry_problems

    assert kind in [found for found, _detail in entry_problems(_entry(po_text), nplurals=1)]


@pytest.mark.parametrize(
    "po_text",
    [
        'msgid "Inbox"\nmsgstr "Hộp việc"\n',
        '#, python-format\nmsgid "%(a)s and %(b)s"\nmsgstr "%(b)s và %(a)s"\n',
        'msgid "Elapsed: {seconds:.1f} s"\nmsgstr "Thời gian: {seconds:.1f} giây"\n',
        '#, python-format\nmsgid "100%% sure, %s"\nmsgstr "%s, chắc chắn"\n',
        '#, python-format\nmsgid "%(counter)s event"\nmsgid_plural "%(counter)s events"\nmsgstr[0] "%(counter)s sự kiện"\n',
    ],
)
def test_a_good_entry_passes(po_text):
    from apps.core.management.commands.check_translations import entry_problems

    assert entry_problems(_entry(po_text), nplurals=1) == []


@pytest.fixture
def small_project(tmp_path):
    """A source tree with two msgids and a catalogue translating both."""
    source = tmp_path / "src"
    (source / "app" / "templates").mkdir(parents=True)
    (source / "app" / "views.py").write_text(
        'from django.utils.translation import gettext as _\n\nTITLE = _("Propose an appointment")\n'
    )
    (source / "app" / "templates" / "page.html").write_text(
        '{% load i18n %}<h1>{% translate "Inbox" %}</h1>\n'
    )
    catalogue = tmp_path / "django.po"
    catalogue.write_text(
        HEADER
        + 'msgid "Propose an appointment"\nmsgstr "Đề xuất bổ nhiệm"\n\nmsgid "Inbox"\nmsgstr "Hộp việc"\n',
        encoding="utf-8",
    )
    return source, catalogue


def _check(source, catalogue, tmp_path):
    call_command(
        "check_translations",
        catalogue=str(catalogue),
        third_party=str(tmp_path / "none.po"),
        source_root=str(source),
        skip_packages=True,
    )


def test_check_translations_passes_when_everything_is_translated(small_project, tmp_path, capsys):
    source, catalogue = small_project
    _check(source, catalogue, tmp_path)
    assert "all translated" in capsys.readouterr().out


def test_check_translations_fails_on_a_new_string_in_the_code(small_project, tmp_path, capsys):
    source, catalogue = small_project
    (source / "app" / "templates" / "other.html").write_text('{% load i18n %}{% translate "Queue" %}\n')
    with pytest.raises(CommandError, match="1 missing"):
        _check(source, catalogue, tmp_path)
    assert "'Queue': in the code, not in the catalogue" in capsys.readouterr().out


def test_check_translations_fails_on_an_untranslated_or_fuzzy_entry(small_project, tmp_path, capsys):
    source, catalogue = small_project
    text = catalogue.read_text(encoding="utf-8").replace('msgstr "Hộp việc"', 'msgstr ""')
    text = text.replace('msgid "Propose', '#, fuzzy\nmsgid "Propose')
    catalogue.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="1 fuzzy, 1 untranslated"):
        _check(source, catalogue, tmp_path)
    out = capsys.readouterr().out
    assert "'Inbox': no translation" in out and "'Propose an appointment': marked fuzzy" in out


def test_check_translations_fails_when_a_third_party_msgid_is_not_merged(small_project, tmp_path, capsys):
    source, catalogue = small_project
    third_party = tmp_path / "third_party.po"
    third_party.write_text(
        HEADER + '#. third-party: viewflow\nmsgid "Archive"\nmsgstr "Lưu trữ"\n', encoding="utf-8"
    )
    with pytest.raises(CommandError, match="1 not merged"):
        call_command(
            "check_translations",
            catalogue=str(catalogue),
            third_party=str(third_party),
            source_root=str(source),
            skip_packages=True,
        )
    assert "'Archive': run `make messages`" in capsys.readouterr().out


def test_check_translations_fails_without_vietnamese_plural_forms(small_project, tmp_path):
    source, catalogue = small_project
    text = catalogue.read_text(encoding="utf-8").replace(
        "nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);"
    )
    catalogue.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="header"):
        _check(source, catalogue, tmp_path)
