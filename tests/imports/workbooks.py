"""Hand-made workbooks for the import tests: rows written cell by cell under the template's two header rows."""

import io
from datetime import date, timedelta

from openpyxl import Workbook

from apps.imports.sheets import BY_KIND

TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


def dmy(day):
    return day.strftime("%d/%m/%Y")


def build(sheets, *, key_row=True):
    """`sheets`: {kind: [ {column key: cell value} ]} → the bytes of an XLSX workbook."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind, rows in sheets.items():
        sheet = BY_KIND[kind]
        worksheet = workbook.create_sheet(str(sheet.title)[:31])
        keys = [column.key for column in sheet.columns]
        if key_row:
            worksheet.append(keys)
        worksheet.append([str(column.label) for column in sheet.columns])
        for row in rows:
            worksheet.append([row.get(key) for key in keys])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def good_sheets():
    """A small province: two new units (one merged into the other), positions, three cadres and their records."""
    return {
        "units": [
            {
                "code": "snv",
                "name": "Sở Nội vụ",
                "level": "province",
                "kind": "Cơ quan nhà nước",
                "parent": "bn",
            },
            {
                "code": "xa-moi",
                "name": "Xã An Bình",
                "level": "province",
                "parent": "bn",
                "predecessors": "xa-cu",
            },
            {
                "code": "xa-cu",
                "name": "Xã An Bình cũ",
                "level": "province",
                "parent": "bn",
                "is_active": "Không",
                "dissolved_on": "30/06/2025",
                "successor": "xa-moi",
            },
        ],
        "positions": [
            {"unit": "snv", "title": "Giám đốc Sở", "authority": "bn", "rank": 8, "seats": 1},
            {"unit": "snv", "title": "Phó Giám đốc Sở", "authority": "bn", "rank": 7, "seats": 3},
            {
                "unit": "xa-moi",
                "title": "Chủ tịch UBND xã",
                "authority": "bn",
                "seats": 1,
                "is_elected": "Có",
            },
        ],
        "cadres": [
            {
                "code": "001080000001",
                "full_name": "Nguyễn Văn An",
                "birth_date": "17/05/1975",
                "gender": "Nam",
                "home_province": "Bắc Ninh",
                "current_unit": "snv",
                "job_title": "Giám đốc Sở",
            },
            {
                "code": "001180000002",
                "full_name": "Trần Thị Bình",
                "birth_date": date(1982, 3, 9),
                "gender": "female",
                "ethnicity": "Tày",
                "home_province": "Lạng Sơn",
                "current_unit": "snv",
                "education_level": "Thạc sĩ",
            },
            {
                "code": "001080000003",
                "full_name": "Lê Văn Cường",
                "birth_date": "01/01/1980",
                "gender": "Nam",
                "home_province": "Bắc Ninh",
                "current_unit": "xa-moi",
                "job_title": "Chủ tịch UBND xã",
            },
        ],
        "tenures": [
            {
                "cadre": "001080000001",
                "unit": "snv",
                "position": "Phó Giám đốc Sở",
                "seat_number": 1,
                "start_date": "01/03/2015",
                "ended_on": "28/02/2020",
                "end_reason": "appointed_elsewhere",
                "decision_number": "12/QĐ-UBND",
                "decision_date": "20/02/2015",
            },
            {
                "cadre": "001080000001",
                "unit": "snv",
                "position": "Giám đốc Sở",
                "start_date": "01/03/2020",
                "term_end": "01/03/2025",
                "ended_on": "28/02/2025",
                "end_reason": "term_expired",
                "decision_number": "45/QĐ-UBND",
                "decision_date": "25/02/2020",
            },
            {
                "cadre": "001080000001",
                "unit": "snv",
                "position": "Giám đốc Sở",
                "start_date": "01/03/2025",
                "term_end": "01/03/2030",
                "decision_number": "77/QĐ-UBND",
                "decision_date": "20/02/2025",
            },
        ],
        "planning": [
            {
                "cadre": "001180000002",
                "unit": "snv",
                "position": "Giám đốc Sở",
                "term": "2025-2030",
                "approved_on": "15/01/2025",
            }
        ],
        "evaluations": [
            {"cadre": "001180000002", "year": 2024, "rating": "Hoàn thành tốt nhiệm vụ"},
            {"cadre": "001080000001", "year": 2024, "rating": "excellent", "note": "Chiến sĩ thi đua"},
        ],
        "achievements": [
            {
                "cadre": "001180000002",
                "title": "Đề án chuyển đổi số hồ sơ cán bộ",
                "achieved_on": "10/10/2024",
                "recognised_by": "UBND tỉnh",
                "recognised_on": "01/12/2024",
            }
        ],
        "disciplines": [
            {
                "cadre": "001080000003",
                "kind": "reprimand",
                "decided_on": "01/02/2023",
                "effective_from": "01/02/2023",
                "effective_to": "01/02/2024",
                "authority": "Ban Thường vụ Tỉnh ủy",
            }
        ],
        "conclusions": [
            {
                "cadre": "001180000002",
                "status": "concluded",
                "result": "meets",
                "issuer": "Ban Bảo vệ chính trị nội bộ Tỉnh ủy",
                "reference": "15-KL/BVCT",
                "concluded_on": "01/11/2024",
            }
        ],
    }
