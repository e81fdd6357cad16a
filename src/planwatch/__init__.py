"""planwatch: turn science and technology innovation plans into a monitoring record.

The public Python API mirrors the CLI; both call the same functions::

    from planwatch.ingest import parse_document
    plan = parse_document("data/plans/shenzhen/nanshan-2021-2025.txt")
    [s.title for s in plan.sections if s.level == 1]
"""

__version__ = "0.1.0"
