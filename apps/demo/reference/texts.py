"""Vietnamese texts of the demo: job descriptions, standards, achievements, discipline and planning notes.

Placeholders: {unit} the unit's name, {field} its field of work, {division} a division, {commune} the commune,
{authority} the body the post answers to.
"""

JOB_DESCRIPTIONS = {
    "head_state": (
        "Người đứng đầu {unit}, chịu trách nhiệm trước Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh và "
        "trước pháp luật về thực hiện chức năng, nhiệm vụ, quyền hạn của cơ quan; lãnh đạo, chỉ đạo tham mưu "
        "quản lý nhà nước về {field}; quản lý tổ chức bộ máy, biên chế, tài chính, tài sản; chịu trách nhiệm về "
        "công tác cán bộ của cơ quan."
    ),
    "deputy_state": (
        "Giúp người đứng đầu {unit} theo dõi, chỉ đạo một số lĩnh vực thuộc {field} theo phân công; chịu trách "
        "nhiệm trước người đứng đầu và trước pháp luật về lĩnh vực được phân công; điều hành công việc của cơ "
        "quan khi được ủy quyền."
    ),
    "head_party": (
        "Người đứng đầu {unit}, chịu trách nhiệm trước Tỉnh ủy, Ban Thường vụ Tỉnh ủy về tham mưu, tổ chức thực "
        "hiện công tác {field}; lãnh đạo cơ quan thực hiện nhiệm vụ chính trị; chịu trách nhiệm về công tác cán "
        "bộ của cơ quan."
    ),
    "deputy_party": (
        "Giúp người đứng đầu {unit} phụ trách một số mảng công tác {field} theo phân công; chịu trách nhiệm "
        "trước người đứng đầu và Ban Thường vụ Tỉnh ủy về lĩnh vực được giao."
    ),
    "head_public": (
        "Người đứng đầu {unit}, chịu trách nhiệm trước Ủy ban nhân dân tỉnh về {field}; quản lý viên chức, "
        "tài chính, tài sản của đơn vị; bảo đảm chất lượng dịch vụ công."
    ),
    "deputy_public": (
        "Giúp người đứng đầu {unit} phụ trách các lĩnh vực được phân công thuộc {field}; chịu trách nhiệm trước "
        "người đứng đầu về kết quả thực hiện."
    ),
    "head_front": (
        "Người đứng đầu {unit}, đại diện cho đoàn viên, hội viên; chủ trì tổ chức thực hiện {field}; tham gia "
        "giám sát, phản biện xã hội, góp ý xây dựng Đảng, xây dựng chính quyền."
    ),
    "deputy_front": (
        "Giúp người đứng đầu {unit} chỉ đạo các mặt công tác {field} theo phân công; thay mặt điều hành khi "
        "được ủy quyền."
    ),
    "division_head": (
        "Phụ trách {division} thuộc {unit}: tổ chức thực hiện nhiệm vụ của phòng trong lĩnh vực {field}; phân "
        "công, hướng dẫn, kiểm tra công chức trong phòng; chịu trách nhiệm trước lãnh đạo {unit} về kết quả "
        "công tác của phòng."
    ),
    "division_deputy": (
        "Giúp người phụ trách {division} thuộc {unit} theo dõi một số nhiệm vụ của phòng; chịu trách nhiệm về "
        "phần việc được phân công; điều hành phòng khi được ủy quyền."
    ),
    "council_deputy": (
        "Giúp Chủ tịch Hội đồng nhân dân tỉnh điều hành công việc của Thường trực; chủ trì giám sát chuyên đề; "
        "chỉ đạo các Ban của Hội đồng nhân dân theo phân công."
    ),
    "council_committee": (
        "Chủ trì hoặc tham gia thẩm tra dự thảo nghị quyết, báo cáo, đề án trình Hội đồng nhân dân tỉnh; giám "
        "sát hoạt động của các cơ quan trong lĩnh vực của Ban."
    ),
    "province_vice_chair": (
        "Giúp Chủ tịch Ủy ban nhân dân tỉnh chỉ đạo, điều hành khối công việc được phân công; chịu trách nhiệm "
        "trước Chủ tịch, Ủy ban nhân dân tỉnh và Hội đồng nhân dân tỉnh."
    ),
    "inspection_member": (
        "Thực hiện nhiệm vụ kiểm tra, giám sát, thi hành kỷ luật đảng đối với tổ chức đảng và đảng viên thuộc "
        "địa bàn, lĩnh vực được Ủy ban Kiểm tra Tỉnh ủy phân công theo dõi."
    ),
    "commune_secretary": (
        "Người đứng đầu Đảng ủy {commune}; lãnh đạo toàn diện công tác xây dựng Đảng, chính quyền, Mặt trận và "
        "các đoàn thể; chịu trách nhiệm trước Tỉnh ủy, Ban Thường vụ Tỉnh ủy. Bố trí người không phải người "
        "địa phương theo Kết luận của Ban Thường vụ Tỉnh ủy."
    ),
    "commune_deputy_secretary": (
        "Giúp Bí thư chủ trì công việc thường xuyên của Đảng ủy {commune}; phụ trách công tác tổ chức, kiểm "
        "tra, dân vận; chủ trì chuẩn bị nội dung các hội nghị của Đảng ủy."
    ),
    "commune_council_chair": (
        "Chủ trì hoạt động của Hội đồng nhân dân {commune}; triệu tập, chủ tọa các kỳ họp; giám sát việc thi "
        "hành nghị quyết của Hội đồng nhân dân."
    ),
    "commune_chair": (
        "Người đứng đầu Ủy ban nhân dân {commune}; lãnh đạo, điều hành công việc của Ủy ban; quản lý nhà nước "
        "trên địa bàn về kinh tế - xã hội, đất đai, xây dựng, trật tự an toàn; chịu trách nhiệm trước Hội đồng "
        "nhân dân và Chủ tịch Ủy ban nhân dân tỉnh."
    ),
    "commune_vice_chair": (
        "Giúp Chủ tịch Ủy ban nhân dân {commune} phụ trách khối kinh tế - hạ tầng hoặc văn hóa - xã hội theo "
        "phân công; chịu trách nhiệm trước Chủ tịch về lĩnh vực được giao."
    ),
    "commune_front_chair": (
        "Chủ trì hoạt động của Ủy ban Mặt trận Tổ quốc Việt Nam {commune} và các đoàn thể trực thuộc; tổ chức "
        "giám sát, phản biện xã hội và tiếp nhận phản ánh của Nhân dân về cán bộ, đảng viên."
    ),
    "commune_inspection_chair": (
        "Chủ trì công tác kiểm tra, giám sát và thi hành kỷ luật trong Đảng bộ {commune}; giải quyết tố cáo, "
        "khiếu nại kỷ luật đảng theo thẩm quyền."
    ),
    "commune_division_head": (
        "Người đứng đầu phòng chuyên môn của Ủy ban nhân dân {commune}; tham mưu, tổ chức thực hiện nhiệm vụ "
        "của phòng; quản lý công chức của phòng."
    ),
    "legacy": (
        "Chức danh của chính quyền cấp huyện, chấm dứt từ ngày 01/07/2025 khi kết thúc tổ chức cấp huyện; "
        "giữ lại để tra cứu hồ sơ, quyết định trước đây."
    ),
}

#: standards and requirements by rank band (upper bound inclusive)
REQUIREMENTS = [
    (
        3,
        "Tốt nghiệp đại học trở lên, chuyên ngành phù hợp; trung cấp lý luận chính trị trở lên; đã được bồi "
        "dưỡng kiến thức quản lý nhà nước; có ít nhất 02 năm công tác trong lĩnh vực; trong quy hoạch chức danh.",
    ),
    (
        5,
        "Tốt nghiệp đại học trở lên; cao cấp lý luận chính trị hoặc đang học (với chức danh cấp phó: trung cấp "
        "trở lên); sử dụng được ngoại ngữ hoặc tiếng dân tộc thiểu số phù hợp; giữ chức vụ liền kề từ 02 năm; "
        "trong quy hoạch chức danh; đủ tuổi công tác ít nhất một nhiệm kỳ.",
    ),
    (
        10,
        "Tốt nghiệp đại học trở lên, ưu tiên thạc sĩ; cao cấp lý luận chính trị; bồi dưỡng kiến thức quản lý nhà "
        "nước ngạch chuyên viên cao cấp hoặc tương đương; sử dụng được ngoại ngữ trong giao tiếp thông thường; "
        "giữ chức vụ cấp phó hoặc tương đương từ 02 năm; trong quy hoạch chức danh; đủ tuổi công tác trọn "
        "nhiệm kỳ; có kết luận tiêu chuẩn chính trị của cấp ủy có thẩm quyền.",
    ),
]

# Achievements (sản phẩm cụ thể): {topic} comes from the unit; {year} the year achieved.
ACHIEVEMENT_TITLES = [
    "Chủ trì tham mưu Đề án {topic}, được Ủy ban nhân dân tỉnh phê duyệt",
    "Tham mưu triển khai {topic}, hoàn thành trước thời hạn",
    "Sáng kiến về {topic}, được công nhận có phạm vi ảnh hưởng cấp tỉnh",
    "Hoàn thành xuất sắc nhiệm vụ {topic} năm {year}",
    "Chủ trì xây dựng kế hoạch {topic}, đạt và vượt các chỉ tiêu năm {year}",
    "Đề tài khoa học cấp tỉnh về {topic}, nghiệm thu loại khá trở lên",
]
ACHIEVEMENT_DESCRIPTIONS = [
    "Sản phẩm cụ thể: văn bản được ban hành và tổ chức thực hiện; kết quả được kiểm chứng bằng báo cáo tổng kết.",
    "Kết quả lượng hóa được, được tập thể lãnh đạo đánh giá trong kiểm điểm cuối năm.",
    "Mô hình được nhân rộng tại các đơn vị khác trong tỉnh.",
]
# (recognition, by whom, reference format) — {n} a number, {abbr} the unit's abbreviation, {head} its head
RECOGNITIONS = {
    "high": [
        ("Bằng khen của Thủ tướng Chính phủ", "Thủ tướng Chính phủ", "{n}/QĐ-TTg"),
        ("Bằng khen của Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", "{n}-QĐ/TU"),
        ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh", "{n}/QĐ-UBND"),
        ("Chiến sĩ thi đua cấp tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh", "{n}/QĐ-UBND"),
    ],
    "unit": [
        ("Giấy khen của người đứng đầu đơn vị", "{head}", "{n}/QĐ-{abbr}"),
        ("Chiến sĩ thi đua cơ sở", "{head}", "{n}/QĐ-{abbr}"),
        ("Sáng kiến được Hội đồng sáng kiến cơ sở công nhận", "Hội đồng sáng kiến {unit}", "{n}/QĐ-HĐSK"),
    ],
}

EVALUATION_NOTES = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ; có sản phẩm cụ thể được cấp có thẩm quyền ghi nhận.",
    "not_completed": "Không hoàn thành một số chỉ tiêu, nhiệm vụ được giao; đã kiểm điểm, rút kinh nghiệm.",
}

DISCIPLINE_REASONS = [
    "Thiếu trách nhiệm trong lãnh đạo, chỉ đạo công tác quản lý đất đai trên địa bàn.",
    "Vi phạm quy chế làm việc, nguyên tắc tập trung dân chủ.",
    "Buông lỏng quản lý để xảy ra sai phạm trong mua sắm tài sản công.",
    "Thiếu trách nhiệm trong công tác giải phóng mặt bằng, để xảy ra khiếu kiện đông người.",
    "Vi phạm quy định về kê khai tài sản, thu nhập.",
    "Vi phạm quy định về những điều đảng viên không được làm.",
]
DISCIPLINE_REVIEW_REASONS = [
    "Ủy ban Kiểm tra Tỉnh ủy đang kiểm tra khi có dấu hiệu vi phạm trong quản lý đầu tư công.",
    "Đang xem xét trách nhiệm liên quan đến kết luận thanh tra về quản lý đất đai.",
    "Đang xem xét nội dung tố cáo về việc kê khai tài sản, thu nhập không trung thực.",
]

PLANNING_REMOVAL_REASONS = [
    "Chuyển công tác ra ngoài tỉnh",
    "Không còn đủ tuổi quy hoạch",
    "Không hoàn thành nhiệm vụ trong năm",
    "Theo nguyện vọng cá nhân",
]

CONCLUSION_NOTES = {
    "meets": "Đủ tiêu chuẩn chính trị để quy hoạch, bổ nhiệm, giới thiệu ứng cử.",
    "does_not_meet": "Có vấn đề chính trị hiện nay chưa được làm rõ; không đủ tiêu chuẩn chính trị.",
    "pending": "Đang thẩm tra, xác minh lịch sử chính trị và quan hệ gia đình.",
}
