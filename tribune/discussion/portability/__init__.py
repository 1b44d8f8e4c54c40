"""Portability: comments in and out of Tribune.

`readers/` turn other systems' exports into neutral records (`records.py`); `services/` store
them in one transaction; `export.py` writes Tribune's own format; `report.py` lists what an
import repaired or skipped. The `import` and `export` commands live in `management/commands/`.

Imports run one way: commands, then services, then readers and records. Nothing here is
imported by the other rooms of the discussion.
"""
