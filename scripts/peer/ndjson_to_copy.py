#!/usr/bin/env python3
"""Convert a Tessera NDJSON ingest file into two PostgreSQL COPY (text format) files.

usage: ndjson_to_copy.py CITY.ndjson ENTITIES.tsv EDGES.tsv

Entity version rows: id, type, version, valid_from, valid_to, geometry (GeoJSON text), props (JSON).
Edge rows:           id, from, to, type, valid_from, valid_to, props (JSON).
Missing values are written as \\N; timestamps are copied as given (RFC 3339). Prints the row counts as JSON.
"""

import json
import sys

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def field(value):
    if value is None:
        return "\\N"
    if not isinstance(value, str):
        value = str(value)
    return value.translate(_ESCAPES)


def compact(value):
    return None if value is None else json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    source, entity_path, edge_path = argv[1:]
    versions = edges = 0
    with open(source, encoding="utf-8") as lines, \
            open(entity_path, "w", encoding="utf-8") as entity_out, \
            open(edge_path, "w", encoding="utf-8") as edge_out:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            if "from" in row or "to" in row:
                edge_out.write("\t".join((
                    field(row["id"]), field(row["from"]), field(row["to"]), field(row["type"]),
                    field(row["valid_from"]), field(row.get("valid_to")),
                    field(compact(row.get("props") or {})),
                )) + "\n")
                edges += 1
            else:
                kind = row.get("type") or ",".join(row.get("labels") or [])
                entity_out.write("\t".join((
                    field(row["id"]), field(kind), field(row.get("version")),
                    field(row["valid_from"]), field(row.get("valid_to")),
                    field(compact(row.get("geometry"))), field(compact(row.get("props") or {})),
                )) + "\n")
                versions += 1
    print(json.dumps({"entity_versions": versions, "edges": edges}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
