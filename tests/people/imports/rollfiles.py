"""Roll files written the way secretariats write them: CP1256 CSV from Excel, XLSX, Latin-1 with tabs…

Also a generator of large synthetic rolls (valid rows spread over the communes of Taounate), for
the resume and memory tests and for the benchmark.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator
from pathlib import Path

from openpyxl import Workbook

HEADERS_AR = ["الاسم العائلي", "الاسم الشخصي", "رقم البطاقة الوطنية", "الهاتف", "الجماعة", "تاريخ الازدياد"]
HEADERS_FR = ["Nom", "Prénom", "CIN", "Téléphone", "Commune", "Date de naissance"]

# Communes of the province of Taounate, as people write them (Arabic, French, variants).
TAOUNATE_COMMUNES = [
    "تاونات",
    "Taounate",
    "قرية با محمد",
    "Karia Ba Mohamed",
    "اجبابرة",
    "Jbabra",
    "عين عائشة",
    "Ain Aicha",
]
LAST_NAMES = [
    ("العلوي", "Alaoui"),
    ("الإدريسي", "Idrissi"),
    ("بنعلي", "Benali"),
    ("السعيدي", "Saidi"),
    ("الفاسي", "Fassi"),
    ("المرابط", "Mrabet"),
    ("الوزاني", "Ouazzani"),
    ("التازي", "Tazi"),
    ("الشرقاوي", "Cherkaoui"),
    ("البقالي", "Bakkali"),
    ("الحجيرة", "Hjira"),
    ("النجاري", "Najjari"),
    ("القادري", "Kadiri"),
    ("الزياني", "Zayani"),
    ("الصنهاجي", "Sanhaji"),
    ("العمراني", "Amrani"),
]
FIRST_NAMES = [
    ("محمد", "Mohamed"),
    ("فاطمة", "Fatima"),
    ("أحمد", "Ahmed"),
    ("خديجة", "Khadija"),
    ("يوسف", "Youssef"),
    ("مريم", "Meryem"),
    ("عمر", "Omar"),
    ("زينب", "Zineb"),
    ("حسن", "Hassan"),
    ("سناء", "Sanaa"),
    ("إدريس", "Driss"),
    ("نادية", "Nadia"),
    ("رشيد", "Rachid"),
    ("ليلى", "Leila"),
    ("كريم", "Karim"),
    ("هاجر", "Hajar"),
    ("عبد الرحيم", "Abderrahim"),
    ("سعاد", "Souad"),
    ("مصطفى", "Mustapha"),
    ("نزهة", "Nezha"),
]


def write_csv(
    path: Path, rows: Iterable[list[object]], *, encoding: str = "utf-8", delimiter: str = ";"
) -> Path:
    """A CSV as Excel writes it: `encoding` "utf-8-sig" gives the BOM, "cp1256" Arabic Windows."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            writer.writerow(row)
    return path


def write_xlsx(path: Path, rows: Iterable[list[object]], *, title: str = "المنخرطون") -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    sheet.sheet_view.rightToLeft = True
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def synthetic_rows(count: int, *, start: int = 0, cin_prefix: str = "TA") -> Iterator[list[object]]:
    """`count` valid, distinct members (unique CINs TA000001…TA999999, TB000000…), Arabic names,
    Taounate communes (written in Arabic or French), birth dates dd/mm/yyyy."""
    for i in range(start, start + count):
        last_ar, _last = LAST_NAMES[i % len(LAST_NAMES)]
        first_ar, _first = FIRST_NAMES[(i // len(LAST_NAMES)) % len(FIRST_NAMES)]
        day = datetime.date(1950, 1, 1) + datetime.timedelta(days=(i * 37) % 20000)
        yield [
            last_ar,
            first_ar,
            f"{cin_prefix[0]}{chr(ord(cin_prefix[1]) + (i + 1) // 1_000_000)}{(i + 1) % 1_000_000:06d}",
            f"06{61000000 + (i % 38999999):08d}",
            TAOUNATE_COMMUNES[i % len(TAOUNATE_COMMUNES)],
            day.strftime("%d/%m/%Y"),
        ]


def synthetic_csv(path: Path, count: int, *, encoding: str = "utf-8", delimiter: str = ";") -> Path:
    return write_csv(path, [HEADERS_AR, *synthetic_rows(count)], encoding=encoding, delimiter=delimiter)
