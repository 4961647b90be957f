"""Places of the demo province: Bắc Ninh after it merged with Bắc Giang on 1/7/2025.

The commune-level units are real names of the merged province's wards and communes (the merger project planned
99 of them; the demo takes a few dozen). The first three come first on purpose: a small-scale run keeps the
first ones, and it needs a commune (the ``lanhdao.xa`` login), a ward, and an upland commune with ethnic-minority
residents. Dissolved districts are kept for old records, each with the commune that took over its seat.
"""

# (code, kind, name, upland: many ethnic-minority residents)
COMMUNES = [
    ("xa-tien-du", "Xã", "Tiên Du", False),
    ("phuong-kinh-bac", "Phường", "Kinh Bắc", False),
    ("xa-son-dong", "Xã", "Sơn Động", True),
    ("phuong-bac-giang", "Phường", "Bắc Giang", False),
    ("phuong-tu-son", "Phường", "Từ Sơn", False),
    ("phuong-chu", "Phường", "Chũ", True),
    ("xa-gia-binh", "Xã", "Gia Bình", False),
    ("xa-yen-phong", "Xã", "Yên Phong", False),
    ("phuong-vu-ninh", "Phường", "Vũ Ninh", False),
    ("phuong-vo-cuong", "Phường", "Võ Cường", False),
    ("phuong-hap-linh", "Phường", "Hạp Lĩnh", False),
    ("phuong-tam-son", "Phường", "Tam Sơn", False),
    ("phuong-dong-nguyen", "Phường", "Đồng Nguyên", False),
    ("phuong-thuan-thanh", "Phường", "Thuận Thành", False),
    ("phuong-que-vo", "Phường", "Quế Võ", False),
    ("phuong-phuong-lieu", "Phường", "Phương Liễu", False),
    ("phuong-da-mai", "Phường", "Đa Mai", False),
    ("phuong-viet-yen", "Phường", "Việt Yên", False),
    ("phuong-nenh", "Phường", "Nếnh", False),
    ("phuong-yen-dung", "Phường", "Yên Dũng", False),
    ("xa-lien-bao", "Xã", "Liên Bão", False),
    ("xa-phat-tich", "Xã", "Phật Tích", False),
    ("xa-nhan-thang", "Xã", "Nhân Thắng", False),
    ("xa-luong-tai", "Xã", "Lương Tài", False),
    ("xa-trung-kenh", "Xã", "Trung Kênh", False),
    ("xa-van-mon", "Xã", "Văn Môn", False),
    ("xa-lang-giang", "Xã", "Lạng Giang", False),
    ("xa-kep", "Xã", "Kép", False),
    ("xa-luc-nam", "Xã", "Lục Nam", True),
    ("xa-bien-son", "Xã", "Biên Sơn", True),
    ("xa-an-lac", "Xã", "An Lạc", True),
    ("xa-yen-the", "Xã", "Yên Thế", True),
]

#: more home communes of the province (people are born in places the demo has no unit for)
OTHER_HOME_COMMUNES = [
    "Tân Yên",
    "Hiệp Hòa",
    "Xuân Cẩm",
    "Bố Hạ",
    "Tam Giang",
    "Đại Đồng",
    "Cao Đức",
    "Mão Điền",
    "Tân Dĩnh",
    "Đông Cứu",
]

# (code, kind, name, successor commune code) — dissolved on 1/7/2025 when the district level ended
DISTRICTS = [
    ("huyen-tien-du", "Huyện", "Tiên Du", "xa-tien-du"),
    ("huyen-son-dong", "Huyện", "Sơn Động", "xa-son-dong"),
    ("thanh-pho-tu-son", "Thành phố", "Từ Sơn", "phuong-tu-son"),
    ("huyen-luc-ngan", "Huyện", "Lục Ngạn", "phuong-chu"),
    ("huyen-gia-binh", "Huyện", "Gia Bình", "xa-gia-binh"),
    ("huyen-yen-phong", "Huyện", "Yên Phong", "xa-yen-phong"),
]
DISTRICT_PARTY_COMMITTEE = {"Huyện": "Huyện ủy", "Thành phố": "Thành ủy", "Thị xã": "Thị ủy"}

#: other provinces (names after the 2025 merger) with a few of their communes: homes of non-local cadres
OTHER_PROVINCES = {
    "Hà Nội": ["Đông Anh", "Sóc Sơn", "Gia Lâm", "Mê Linh", "Thanh Trì"],
    "Hải Phòng": ["Chí Linh", "Kinh Môn", "Thủy Nguyên", "Nam Sách"],
    "Hưng Yên": ["Văn Giang", "Mỹ Hào", "Khoái Châu"],
    "Thái Nguyên": ["Phổ Yên", "Đại Từ", "Phú Bình"],
    "Lạng Sơn": ["Hữu Lũng", "Chi Lăng", "Cao Lộc"],
    "Phú Thọ": ["Vĩnh Yên", "Phúc Yên", "Lâm Thao"],
    "Tuyên Quang": ["Hàm Yên", "Sơn Dương"],
    "Quảng Ninh": ["Đông Triều", "Uông Bí"],
    "Ninh Bình": ["Hoa Lư", "Nam Định", "Ý Yên"],
    "Thanh Hóa": ["Hoằng Hóa", "Thọ Xuân"],
    "Nghệ An": ["Nam Đàn", "Diễn Châu"],
    "Hà Tĩnh": ["Đức Thọ", "Can Lộc"],
    "Cao Bằng": ["Hòa An"],
    "Lào Cai": ["Bảo Thắng"],
}
#: people come more often from the neighbouring provinces
OTHER_PROVINCE_WEIGHTS = {
    "Hà Nội": 22,
    "Hải Phòng": 12,
    "Hưng Yên": 10,
    "Thái Nguyên": 10,
    "Lạng Sơn": 9,
    "Phú Thọ": 7,
    "Tuyên Quang": 4,
    "Quảng Ninh": 5,
    "Ninh Bình": 6,
    "Thanh Hóa": 6,
    "Nghệ An": 4,
    "Hà Tĩnh": 2,
    "Cao Bằng": 2,
    "Lào Cai": 1,
}

#: districts of the two provinces merged on 1/7/2025, kept as places for the home towns old résumés name:
#: (kind, name, province it belonged to, the commune-level place that took over its seat)
FORMER_DISTRICTS = [
    ("Thành phố", "Bắc Ninh", "Bắc Ninh", "Kinh Bắc"),
    ("Thành phố", "Từ Sơn", "Bắc Ninh", "Từ Sơn"),
    ("Huyện", "Tiên Du", "Bắc Ninh", "Tiên Du"),
    ("Huyện", "Gia Bình", "Bắc Ninh", "Gia Bình"),
    ("Huyện", "Yên Phong", "Bắc Ninh", "Yên Phong"),
    ("Huyện", "Lương Tài", "Bắc Ninh", "Lương Tài"),
    ("Thị xã", "Quế Võ", "Bắc Ninh", "Quế Võ"),
    ("Thị xã", "Thuận Thành", "Bắc Ninh", "Thuận Thành"),
    ("Thành phố", "Bắc Giang", "Bắc Giang", "Bắc Giang"),
    ("Huyện", "Yên Dũng", "Bắc Giang", "Yên Dũng"),
    ("Huyện", "Lục Ngạn", "Bắc Giang", "Chũ"),
    ("Huyện", "Sơn Động", "Bắc Giang", "Sơn Động"),
    ("Huyện", "Lạng Giang", "Bắc Giang", "Lạng Giang"),
    ("Huyện", "Lục Nam", "Bắc Giang", "Lục Nam"),
    ("Huyện", "Yên Thế", "Bắc Giang", "Yên Thế"),
    ("Huyện", "Tân Yên", "Bắc Giang", "Tân Yên"),
    ("Huyện", "Hiệp Hòa", "Bắc Giang", "Hiệp Hòa"),
    ("Thị xã", "Việt Yên", "Bắc Giang", "Việt Yên"),
]
