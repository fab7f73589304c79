#!/usr/bin/python3
"""Validates JSON files against a schema (Debian's python3-jsonschema): scenarios against
scenarios/scenario.schema.json, fixes against fix.schema.json, reports against report.schema.json.
Usage: validate_scenarios.py SCHEMA FILE_OR_DIR... ; exit 1 and names each file that does not validate.
A folder means every *.json below it except schemas and, below the folder, fixes/ folders."""
import json
import pathlib
import sys

import jsonschema

schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
validator = jsonschema.Draft7Validator(schema)
files = []
for arg in sys.argv[2:]:
    p = pathlib.Path(arg)
    files += sorted(f for f in p.rglob("*.json")
                    if ".schema." not in f.name and not {"fixes", "runbooks", "tools"} & set(f.relative_to(p).parts)) if p.is_dir() else [p]
bad = 0
for f in files:
    errors = sorted(validator.iter_errors(json.loads(f.read_text())), key=lambda e: list(e.path))
    for e in errors:
        print(f"{f}: /{'/'.join(str(x) for x in e.path)}: {e.message}")
    bad += bool(errors)
print(f"{len(files) - bad} of {len(files)} files valid")
sys.exit(1 if bad or not files else 0)
