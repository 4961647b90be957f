"""The provinces after the 2025 reform and the ones merged into them on 1/7/2025.

Nghị quyết 202/2025/QH15 (docs/procedures.md §11): from 1/7/2025 the country has 34 provincial units (6 centrally-run
cities and 28 provinces). The 29 provinces merged into another are kept, ceased on 1/7/2025, with the province that
took them over as their successor, so that a home town or a unit recorded before the reform still resolves.
Districts and communes are not seeded here: an installation loads those of its province (the demo does).
"""

from datetime import date

from django.db import migrations

from apps.places.names import search_name

REFORM = date(2025, 7, 1)

#: (kind, name, [merged into it on 1/7/2025 as (kind, name)])
PROVINCES = [
    ("Thành phố", "Hà Nội", []),
    ("Thành phố", "Huế", []),
    ("Tỉnh", "Lai Châu", []),
    ("Tỉnh", "Điện Biên", []),
    ("Tỉnh", "Sơn La", []),
    ("Tỉnh", "Lạng Sơn", []),
    ("Tỉnh", "Quảng Ninh", []),
    ("Tỉnh", "Thanh Hóa", []),
    ("Tỉnh", "Nghệ An", []),
    ("Tỉnh", "Hà Tĩnh", []),
    ("Tỉnh", "Cao Bằng", []),
    ("Tỉnh", "Tuyên Quang", [("Tỉnh", "Hà Giang")]),
    ("Tỉnh", "Lào Cai", [("Tỉnh", "Yên Bái")]),
    ("Tỉnh", "Thái Nguyên", [("Tỉnh", "Bắc Kạn")]),
    ("Tỉnh", "Phú Thọ", [("Tỉnh", "Vĩnh Phúc"), ("Tỉnh", "Hòa Bình")]),
    ("Tỉnh", "Bắc Ninh", [("Tỉnh", "Bắc Giang")]),
    ("Tỉnh", "Hưng Yên", [("Tỉnh", "Thái Bình")]),
    ("Thành phố", "Hải Phòng", [("Tỉnh", "Hải Dương")]),
    ("Tỉnh", "Ninh Bình", [("Tỉnh", "Hà Nam"), ("Tỉnh", "Nam Định")]),
    ("Tỉnh", "Quảng Trị", [("Tỉnh", "Quảng Bình")]),
    ("Thành phố", "Đà Nẵng", [("Tỉnh", "Quảng Nam")]),
    ("Tỉnh", "Quảng Ngãi", [("Tỉnh", "Kon Tum")]),
    ("Tỉnh", "Gia Lai", [("Tỉnh", "Bình Định")]),
    ("Tỉnh", "Khánh Hòa", [("Tỉnh", "Ninh Thuận")]),
    ("Tỉnh", "Lâm Đồng", [("Tỉnh", "Đắk Nông"), ("Tỉnh", "Bình Thuận")]),
    ("Tỉnh", "Đắk Lắk", [("Tỉnh", "Phú Yên")]),
    ("Thành phố", "Hồ Chí Minh", [("Tỉnh", "Bình Dương"), ("Tỉnh", "Bà Rịa - Vũng Tàu")]),
    ("Tỉnh", "Đồng Nai", [("Tỉnh", "Bình Phước")]),
    ("Tỉnh", "Tây Ninh", [("Tỉnh", "Long An")]),
    ("Thành phố", "Cần Thơ", [("Tỉnh", "Sóc Trăng"), ("Tỉnh", "Hậu Giang")]),
    ("Tỉnh", "Vĩnh Long", [("Tỉnh", "Bến Tre"), ("Tỉnh", "Trà Vinh")]),
    ("Tỉnh", "Đồng Tháp", [("Tỉnh", "Tiền Giang")]),
    ("Tỉnh", "Cà Mau", [("Tỉnh", "Bạc Liêu")]),
    ("Tỉnh", "An Giang", [("Tỉnh", "Kiên Giang")]),
]


def province_code(name):
    return search_name(name).replace(" - ", "-").replace(" ", "-")


def seed(apps, schema_editor):
    Place = apps.get_model("places", "Place")

    def create(kind, name, **extra):
        place, _created = Place.objects.get_or_create(
            code=province_code(name),
            defaults={"kind": kind, "name": name, "level": "province", "search_name": search_name(name), **extra},
        )
        return place

    for kind, name, merged in PROVINCES:
        survivor = create(kind, name)
        for old_kind, old_name in merged:
            create(old_kind, old_name, valid_to=REFORM, successor=survivor)


def unseed(apps, schema_editor):
    Place = apps.get_model("places", "Place")
    Place.objects.filter(level="province", successor__isnull=False).delete()
    Place.objects.filter(level="province", children__isnull=True, predecessors__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_places")]

    operations = [migrations.RunPython(seed, unseed)]
