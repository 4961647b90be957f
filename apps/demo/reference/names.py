"""Vietnamese personal names for the demo province, with believable frequencies.

Family-name weights follow the usual published shares (Nguyễn about 38%, Trần 11%, Lê 9.5%, Phạm 7%…), tilted
to the North: Hoàng and Vũ are far more common here than their southern forms Huỳnh and Võ, and Thân, Giáp,
Nghiêm, Hán are typical of Bắc Ninh and former Bắc Giang. Middle names depend on gender and generation ("Thị"
and "Văn" are much rarer among people born after 1990). Ethnic-minority cadres (Tày, Nùng, Sán Dìu, Hoa, Sán
Chay, Dao — the minorities of former Bắc Giang's uplands) draw family names from their own pools.
"""

KINH_FAMILY_NAMES = {
    "Nguyễn": 38.4,
    "Trần": 11.0,
    "Lê": 9.5,
    "Phạm": 7.0,
    "Hoàng": 4.5,
    "Huỳnh": 0.3,
    "Phan": 2.8,
    "Vũ": 3.6,
    "Võ": 0.4,
    "Đặng": 2.1,
    "Bùi": 2.0,
    "Đỗ": 2.0,
    "Hồ": 0.8,
    "Ngô": 1.6,
    "Dương": 1.2,
    "Lý": 0.5,
    "Đào": 0.9,
    "Đoàn": 0.7,
    "Trịnh": 0.8,
    "Trương": 0.6,
    "Lương": 0.5,
    "Hà": 0.6,
    "Phùng": 0.4,
    "Mai": 0.4,
    "Tạ": 0.4,
    "Chu": 0.3,
    "Lưu": 0.3,
    "Thân": 0.6,
    "Nghiêm": 0.3,
    "Giáp": 0.3,
    "Kiều": 0.2,
    "Cao": 0.4,
    "Tô": 0.3,
    "Đinh": 0.6,
    "Hán": 0.1,
    "Lã": 0.1,
}

#: share of each minority among the province's ethnic-minority cadres
MINORITIES = {"Nùng": 35, "Tày": 30, "Sán Dìu": 12, "Hoa": 10, "Sán Chay": 8, "Dao": 5}

MINORITY_FAMILY_NAMES = {
    "Tày": ["Hoàng", "Nông", "Lương", "Vi", "Hà", "Lục", "Triệu", "Đàm", "Ma", "La", "Bế"],
    "Nùng": ["Hoàng", "Nông", "Lục", "Vi", "Lý", "Chu", "Mã", "Lăng", "Triệu", "Hà"],
    "Sán Dìu": ["Trần", "Lý", "Diệp", "Lam", "Tạ", "Đặng", "Trương", "Lục"],
    "Hoa": ["Lý", "Trương", "Lâm", "Hoàng", "Lưu", "Mạc", "Quách", "Tăng", "Dương"],
    "Sán Chay": ["Hoàng", "Lâm", "Trần", "Đặng", "La", "Lương"],
    "Dao": ["Triệu", "Bàn", "Đặng", "Lý", "Chảo"],
}

# Middle names: (older generation weights, born 1990 or later weights)
MALE_MIDDLE_NAMES = {
    "Văn": (45, 22),
    "Đức": (10, 12),
    "Minh": (6, 12),
    "Xuân": (6, 3),
    "Quang": (6, 8),
    "Hữu": (5, 4),
    "Đình": (5, 3),
    "Công": (4, 3),
    "Ngọc": (4, 3),
    "Thanh": (4, 4),
    "Mạnh": (3, 4),
    "Trọng": (2, 3),
    "Tiến": (2, 5),
    "Hoàng": (1, 5),
    "Duy": (1, 6),
    "Việt": (1, 5),
    "Anh": (1, 4),
    "Trung": (1, 3),
}
FEMALE_MIDDLE_NAMES = {
    "Thị": (70, 35),
    "Thu": (6, 10),
    "Thanh": (5, 6),
    "Hồng": (4, 5),
    "Ngọc": (4, 7),
    "Minh": (3, 6),
    "Kim": (3, 2),
    "Bích": (3, 2),
    "Thúy": (2, 3),
    "Phương": (1, 6),
    "Hải": (1, 5),
    "Khánh": (1, 5),
    "Thùy": (1, 6),
    "Diệu": (1, 4),
    "Mai": (1, 5),
}
#: a woman of the older generation sometimes carries "Thị" and a second middle name ("Nguyễn Thị Thu Hà")
FEMALE_SECOND_MIDDLE = ["Thu", "Thanh", "Minh", "Hồng", "Kim", "Ngọc", "Bích", "Lan"]

# Given names: (older generation, younger generation); names listed twice are the popular ones.
MALE_GIVEN_NAMES = (
    (
        "Hùng Hùng Dũng Dũng Thắng Sơn Sơn Hải Hải Bình Cường Thành Trung Hưng Toàn Thịnh Quyết "
        "Chiến Lợi Tiến Vinh Tuấn Minh Nam Long Quang Tâm Thái Thuận Hòa Khánh Lâm Mạnh Nghĩa "
        "Phong Tùng Hiển Kiên Lực Ninh Tài Trọng Việt Hoan Bắc Giang Hiệp Đông"
    ).split(),
    (
        "Đức Minh Minh Tuấn Tuấn Hoàng Long Huy Huy Nam Khánh Đạt Đạt Hiếu Quân Việt Phúc Anh Anh "
        "Dương Hưng Sơn Tùng Thành Trung Kiên Khoa Lâm Hải Thắng Vũ Tú Hào Nghĩa Toàn Quang Phong"
    ).split(),
)
FEMALE_GIVEN_NAMES = (
    (
        "Hương Hương Lan Lan Hoa Hằng Hằng Nga Tuyết Thúy Liên Dung Thắm Nhàn Huệ Hiền Hà Hà Hạnh "
        "Hồng Loan Mai Minh Nhung Oanh Phương Thu Thủy Vân Yến Xuân Hòa Lý Thơm Thanh Huyền Lệ "
        "Tâm"
    ).split(),
    (
        "Linh Linh Trang Trang Ngọc Anh Anh Hà Phương Thảo Thảo Huyền Nhung Quỳnh Nhi Vy Giang "
        "Hạnh Hương Mai Ly Duyên Chi Diệp Yến Hằng Trâm My Loan Thu Ngân Châu"
    ).split(),
)

#: born in or after this year: the younger naming generation
YOUNG_GENERATION_FROM = 1990
