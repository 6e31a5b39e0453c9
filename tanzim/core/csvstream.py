"""CSV for streaming responses: UTF-8 with a BOM so that Excel shows Arabic, one line at a time."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)
