"""Reading roll files as they come from the field, one row at a time.

CSV: UTF-8 with or without BOM, Windows-1256 (what Excel writes for Arabic), Windows-1252 or
Latin-1 (French); ';', ',', tab or '|' between cells. XLSX: the first sheet (or a named one),
through openpyxl's read-only mode. Title rows before the header, empty rows and header rows
repeated further down (files glued together) are skipped. Nothing loads the whole file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from typing import IO

from tanzim.people.imports.headers import Mapping, header_score, mapping_detect
from tanzim.people.imports.values import cell_text

HEADER_SEARCH_ROWS = 50
SAMPLE_BYTES = 256 * 1024
CHUNK = 1024 * 1024
DELIMITERS = (";", "\t", ",", "|")

_ARABIC = re.compile("[\u0621-\u064a]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_WORD = re.compile(r"[^\W\d_]+")


class UnreadableFile(ValueError):
    """Not a CSV or XLSX file we can read (an old .xls, a PDF, an empty file…)."""


def file_format_sniff(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile("xls")
    if head.startswith(b"%PDF"):
        raise UnreadableFile("pdf")
    return "csv"


def _sample(handle: IO[bytes]) -> bytes:
    """The first 256 KB, plus the first non-ASCII chunk further on when those are pure ASCII."""
    handle.seek(0)
    sample = handle.read(SAMPLE_BYTES)
    if sample.isascii():
        while chunk := handle.read(CHUNK):
            if not chunk.isascii():
                position = next(i for i, byte in enumerate(chunk) if byte > 127)
                sample += b"\n" + chunk[max(0, position - 4096) : position + SAMPLE_BYTES]
                break
    handle.seek(0)
    return sample


def encoding_sniff(sample: bytes) -> str:
    """utf-8-sig when there is a BOM, utf-8 when the bytes decode as such, else cp1256 or cp1252.

    Between the two Windows code pages: French letters with accents (é, è, à, ç…) sit at the same
    bytes in both, but Arabic text read as cp1252 gives runs of Latin capitals with accents
    ("ÇáÇÓã"), and French read as cp1256 puts Arabic letters inside Latin words ("PRةNOM").
    So: words of Arabic letters only (read as cp1256) against words mixing scripts.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 3:  # a character cut by the end of the sample
            try:
                sample[: error.start].decode("utf-8")
                return "utf-8"
            except UnicodeDecodeError:
                pass
    arabic_words = mixed_words = 0
    for word in _WORD.findall(sample.decode("cp1256", errors="replace")):
        has_ar = bool(_ARABIC.search(word))
        if has_ar and _ASCII_LETTER.search(word):
            mixed_words += 1
        elif has_ar and len(word) > 1:
            arabic_words += 1
    if arabic_words > mixed_words:
        return "cp1256"
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def delimiter_sniff(lines: list[str]) -> str:
    """The separator that splits the most lines into the same number (> 1) of cells."""
    best, best_score = ";", (0, 0)
    for delimiter in DELIMITERS:
        counts = [
            len(row) for row in csv.reader(lines, delimiter=delimiter) if any(cell.strip() for cell in row)
        ]
        if not counts:
            continue
        mode, consistency = Counter(counts).most_common(1)[0]
        score = (consistency if mode > 1 else 0, mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_records(handle: IO[bytes], *, encoding: str, delimiter: str) -> Iterator[list[str]]:
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    try:
        yield from csv.reader(text, delimiter=delimiter)
    finally:
        if not handle.closed:
            text.detach()  # leave the caller's file open


@contextmanager
def _xlsx_sheet(handle: IO[bytes], sheet: str = ""):
    from openpyxl import load_workbook

    handle.seek(0)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise UnreadableFile("xlsx") from error
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        yield worksheet
    finally:
        workbook.close()


def _xlsx_records(handle: IO[bytes], *, sheet: str) -> Iterator[list[object]]:
    with _xlsx_sheet(handle, sheet) as worksheet:
        for values in worksheet.iter_rows(values_only=True):
            yield list(values)


def records(
    handle: IO[bytes], *, file_format: str, encoding: str = "", delimiter: str = "", sheet: str = ""
) -> Iterator[list[object]]:
    """Every record of the file, the empty ones included (so that their position is the row number)."""
    if file_format == "xlsx":
        return _xlsx_records(handle, sheet=sheet)
    return _csv_records(handle, encoding=encoding, delimiter=delimiter)  # type: ignore[return-value]


def is_empty(cells: list[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _line_count(handle: IO[bytes]) -> int:
    handle.seek(0)
    count, last = 0, b""
    while chunk := handle.read(CHUNK):
        count += chunk.count(b"\n")
        last = chunk
    handle.seek(0)
    return count + (1 if last and not last.endswith(b"\n") else 0)


def _xlsx_row_count(handle: IO[bytes], sheet: str) -> int | None:
    with _xlsx_sheet(handle, sheet) as worksheet:
        if worksheet.max_row and worksheet.max_row > 1:
            return int(worksheet.max_row)
        path = getattr(worksheet, "_worksheet_path", None)
    if not path:
        return None
    # Files written in streaming mode carry no dimension: count the <row> elements of the sheet.
    handle.seek(0)
    count, tail = 0, b""
    with zipfile.ZipFile(handle) as archive, archive.open(path) as xml:
        while chunk := xml.read(CHUNK):
            data = tail + chunk
            count += data.count(b"<row ") + data.count(b"<row>")
            tail = data[-6:]
            count -= tail.count(b"<row ") + tail.count(b"<row>")
    handle.seek(0)
    return count


@dataclass
class Sniffed:
    file_format: str
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    header_row: int | None = None  # 1-based record number; 0 = no header row
    headers: list[str] = field(default_factory=list)
    mapping: Mapping = field(default_factory=Mapping)
    rows_estimate: int | None = None


def file_sniff(handle: IO[bytes], *, sheet: str = "", header_row: int | None = None) -> Sniffed:
    """Format, encoding, delimiter, header row and the mapping detected from it."""
    handle.seek(0)
    head = handle.read(8)
    if not head:
        raise UnreadableFile("empty")
    sniffed = Sniffed(file_format=file_format_sniff(head))
    if sniffed.file_format == "csv":
        sample = _sample(handle)
        sniffed.encoding = encoding_sniff(sample)
        text = sample.decode(sniffed.encoding, errors="replace")
        lines = text.splitlines()[:HEADER_SEARCH_ROWS]
        if len(sample) >= SAMPLE_BYTES and len(lines) > 1:
            lines = lines[:-1]  # the last line of the sample may be cut
        sniffed.delimiter = delimiter_sniff(lines)
        sniffed.rows_estimate = _line_count(handle)
    else:
        with _xlsx_sheet(handle, sheet) as worksheet:
            sniffed.sheet = worksheet.title
        sniffed.rows_estimate = _xlsx_row_count(handle, sniffed.sheet)

    first_nonempty: tuple[int, list[object]] | None = None
    chosen: tuple[int, list[object]] | None = None
    for number, cells in enumerate(
        records(
            handle,
            file_format=sniffed.file_format,
            encoding=sniffed.encoding,
            delimiter=sniffed.delimiter,
            sheet=sniffed.sheet,
        ),
        start=1,
    ):
        if header_row is not None:
            if number == header_row:
                chosen = (number, cells)
                break
            continue
        if number > HEADER_SEARCH_ROWS:
            break
        if is_empty(cells):
            continue
        if first_nonempty is None:
            first_nonempty = (number, cells)
        if header_score(cells) >= 2:
            chosen = (number, cells)
            break
    if header_row == 0:
        sniffed.header_row = 0
        width = len(first_nonempty[1]) if first_nonempty else 0
        sniffed.headers = [f"#{i + 1}" for i in range(width)]
        sniffed.mapping = mapping_detect([])
    else:
        chosen = chosen or first_nonempty
        if chosen is not None:
            sniffed.header_row = chosen[0]
            sniffed.headers = [cell_text(cell) for cell in chosen[1]]
            while sniffed.headers and not sniffed.headers[-1]:
                sniffed.headers.pop()
            sniffed.mapping = mapping_detect(sniffed.headers)
        else:
            sniffed.mapping = mapping_detect([])
    if sniffed.rows_estimate is not None and sniffed.header_row:
        sniffed.rows_estimate = max(0, sniffed.rows_estimate - sniffed.header_row)
    return sniffed


def data_rows(
    handle: IO[bytes],
    *,
    file_format: str,
    encoding: str = "",
    delimiter: str = "",
    sheet: str = "",
    header_row: int,
    headers: list[str],
) -> Iterator[tuple[int, list[object]]]:
    """(row number, cells) of every data row: after the header, without empty rows nor repeats of
    the header (compared cell by cell, spaces aside)."""
    header_cells = [(i, h.strip()) for i, h in enumerate(headers) if h.strip()]
    needed = max(2, (len(header_cells) + 1) // 2)
    stream = records(handle, file_format=file_format, encoding=encoding, delimiter=delimiter, sheet=sheet)
    with closing(stream):
        for number, cells in enumerate(stream, start=1):
            if number <= header_row or is_empty(cells):
                continue
            if header_cells:
                same = 0
                for i, title in header_cells:
                    if i < len(cells) and isinstance(cells[i], str) and cells[i].strip() == title:
                        same += 1
                if same >= needed:
                    continue
            yield number, cells
