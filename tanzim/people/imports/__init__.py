"""Membership roll import: CSV and XLSX files, Arabic or French headers, streamed in batches.

- `reading`: encoding and delimiter sniffing, header detection, row streams (CSV and XLSX).
- `headers`: the synonyms table that maps column titles to fields.
- `values`: parsing of one cell (CIN, +212 phone, dates, gender, names).
- `checking`: validation of one row, with messages in Arabic and French.
- `scratch`: the per-run index of what the file already contained (duplicates within the file).
- `dedup`: duplicates against the people already recorded (names compared with
  `tanzim.people.matching.name_similarity`, across Arabic and Latin script).
- `writing`: batched writes (COPY into a staging table on PostgreSQL, batched inserts on SQLite).
- `report`: the XLSX report of rejected and doubtful rows.
- `services` (writes) and `queries` (reads): what views, the command and the task call.
"""
