"""Reading roll files: encodings, delimiters, header rows, XLSX, and rows streamed in flat memory."""

from __future__ import annotations

import datetime
import tracemalloc

import pytest

from tanzim.people.imports.reading import (
    UnreadableFile,
    data_rows,
    delimiter_sniff,
    encoding_sniff,
    file_sniff,
)
from tests.people.imports.rollfiles import (
    HEADERS_AR,
    HEADERS_FR,
    synthetic_csv,
    synthetic_rows,
    write_csv,
    write_xlsx,
)

ARABIC_ROWS = [["العلوي", "محمد", "CD123456", "0661234567", "تاونات", "12/03/1985"]]
FRENCH_ROWS = [["El Fassi", "Hélène", "CD123456", "0661234567", "Aïn Aïcha", "12/03/1985"]]


def _rows(path, sniffed):
    with path.open("rb") as handle:
        return list(
            data_rows(
                handle,
                file_format=sniffed.file_format,
                encoding=sniffed.encoding,
                delimiter=sniffed.delimiter,
                sheet=sniffed.sheet,
                header_row=sniffed.header_row,
                headers=sniffed.headers,
            )
        )


def _sniff(path, **kwargs):
    with path.open("rb") as handle:
        return file_sniff(handle, **kwargs)


@pytest.mark.parametrize(
    ("encoding", "delimiter", "headers", "rows", "expected"),
    [
        ("cp1256", ";", HEADERS_AR, ARABIC_ROWS, "cp1256"),
        ("utf-8-sig", ",", HEADERS_AR, ARABIC_ROWS, "utf-8-sig"),
        ("utf-8", "\t", HEADERS_AR, ARABIC_ROWS, "utf-8"),
        ("latin-1", "\t", HEADERS_FR, FRENCH_ROWS, "cp1252"),
        ("cp1252", ";", HEADERS_FR, FRENCH_ROWS, "cp1252"),
        ("utf-8-sig", ";", HEADERS_FR, FRENCH_ROWS, "utf-8-sig"),
    ],
)
def test_csv_encoding_and_delimiter_are_recognised(tmp_path, encoding, delimiter, headers, rows, expected):
    path = write_csv(tmp_path / "roll.csv", [headers, *rows], encoding=encoding, delimiter=delimiter)
    sniffed = _sniff(path)
    assert (sniffed.file_format, sniffed.encoding, sniffed.delimiter) == ("csv", expected, delimiter)
    assert sniffed.headers == headers
    assert _rows(path, sniffed) == [(2, rows[0])]


def test_arabic_in_cp1256_is_not_mistaken_for_french_accents():
    arabic = "الاسم العائلي;الاسم الشخصي\nالعلوي;محمد\n".encode("cp1256")
    french = "NOM;PRÉNOM;Date de naissance\nEL FASSI;Hélène;née à Fès\n".encode("cp1252")
    assert encoding_sniff(arabic) == "cp1256"
    assert encoding_sniff(french) == "cp1252"


def test_non_ascii_far_down_an_ascii_file_still_decides_the_encoding(tmp_path):
    rows = [["Nom", "Prenom", "CIN", "Commune"]] + [
        ["Alaoui", "Ahmed", f"A{i}", "Taounate"] for i in range(20000)
    ]
    rows.append(["Zoé", "Hélène", "A1", "Aïn Aïcha"])
    path = write_csv(tmp_path / "late.csv", rows, encoding="latin-1")
    assert path.stat().st_size > 300_000
    assert _sniff(path).encoding == "cp1252"


def test_delimiter_is_the_one_that_splits_lines_evenly():
    assert delimiter_sniff(["a;b;c", "1;2,5;3", "x;y;z"]) == ";"
    assert delimiter_sniff(["a,b,c", "1,2,3"]) == ","
    assert delimiter_sniff(["a\tb, c\tc", "1\t2\t3"]) == "\t"
    assert delimiter_sniff(['"nom, prénom",ville', '"Alaoui, Ahmed",Fès']) == ","


def test_title_rows_before_the_header_are_skipped_and_counted_in_row_numbers(tmp_path):
    rows = [
        ["لائحة المنخرطين بإقليم تاونات"],
        [],
        ["", "تاريخ: 2026/11/01"],
        HEADERS_AR,
        *ARABIC_ROWS,
    ]
    path = write_csv(tmp_path / "titled.csv", rows, encoding="cp1256")
    sniffed = _sniff(path)
    assert sniffed.header_row == 4
    assert sniffed.mapping.complete
    assert _rows(path, sniffed) == [(5, ARABIC_ROWS[0])]


def test_empty_rows_and_repeated_headers_are_not_data(tmp_path):
    rows = [HEADERS_AR, ARABIC_ROWS[0], ["", "", ""], [" " + h + " " for h in HEADERS_AR], ARABIC_ROWS[0]]
    path = write_csv(tmp_path / "glued.csv", rows)
    assert [number for number, _cells in _rows(path, _sniff(path))] == [2, 5]


def test_xlsx_rows_keep_their_cell_types_and_numbers(tmp_path):
    born = datetime.datetime(1985, 3, 12)  # noqa: DTZ001 — Excel dates carry no time zone
    rows = [
        ["لائحة المنخرطين"],
        HEADERS_AR,
        ["العلوي", "محمد", "CD123456", 661234567, "تاونات", born],
        [],
        HEADERS_AR,
        ["الإدريسي", "فاطمة", "CD123457", "0662123456", "تاونات", 1990],
    ]
    path = write_xlsx(tmp_path / "roll.xlsx", rows)
    sniffed = _sniff(path)
    assert (sniffed.file_format, sniffed.header_row, sniffed.sheet) == ("xlsx", 2, "المنخرطون")
    assert sniffed.rows_estimate == 4  # streamed files carry no dimension: <row> elements counted
    found = _rows(path, sniffed)
    assert [number for number, _cells in found] == [3, 6]
    assert found[0][1][3] == 661234567 and found[0][1][5] == born


def test_a_header_row_without_known_titles_gives_an_incomplete_mapping(tmp_path):
    path = write_csv(tmp_path / "odd.csv", [["col A", "col B", "col C"], ["x", "y", "z"]])
    sniffed = _sniff(path)
    assert sniffed.header_row == 1
    assert not sniffed.mapping.complete
    assert sniffed.mapping.missing == ["name", "commune"]


@pytest.mark.parametrize(("content", "reason"), [(b"", "empty"), (b"\xd0\xcf\x11\xe0rest", "xls")])
def test_files_that_are_no_roll_are_refused(tmp_path, content, reason):
    path = tmp_path / "bad.xls"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=reason):
        _sniff(path)


def test_rows_are_streamed_in_flat_memory(tmp_path):
    """200,000 rows (about 15 MB) go through the reader with well under a megabyte held at once."""
    path = synthetic_csv(tmp_path / "big.csv", 200_000, encoding="cp1256")
    sniffed = _sniff(path)
    assert sniffed.rows_estimate == 200_000
    tracemalloc.start()
    try:
        count = 0
        with path.open("rb") as handle:
            for _number, cells in data_rows(
                handle,
                file_format="csv",
                encoding=sniffed.encoding,
                delimiter=sniffed.delimiter,
                header_row=sniffed.header_row,
                headers=sniffed.headers,
            ):
                count += len(cells) > 0
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert peak < 1_000_000, peak


def test_synthetic_rows_are_distinct_members():
    rows = list(synthetic_rows(500))
    assert len({row[2] for row in rows}) == 500
