"""Fuzz harness (atheris, coverage-guided) for the readers, the normaliser, the number parser and
the table parser: any input may only give a result or an InputError — no other exception, no hang.

Run: .venv/bin/python fuzz/fuzz_parsers.py -max_total_time=60   (libFuzzer options; on demand, not in CI)
Crashes are written by libFuzzer as crash-* files beside the working directory.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from planwatch.errors import InputError
    from planwatch.extract.numbers import parse_quantity
    from planwatch.ingest.normalise import clean_lines, find_toc, join_paragraphs
    from planwatch.ingest.readers import decode_text, html_to_text
    from planwatch.ingest.tables import find_tables


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    choice = provider.ConsumeIntInRange(0, 3)
    raw = provider.ConsumeBytes(provider.remaining_bytes())
    try:
        if choice == 0:
            decode_text(raw, "fuzz")
            return
        text = raw.decode("utf-8", errors="replace")
        if choice == 1:
            html_to_text(text)
        elif choice == 2:
            for line in text.split("\n"):
                parse_quantity(line)
        else:
            lines = text.split("\n")
            cleaned = clean_lines(lines)
            find_toc(cleaned)
            join_paragraphs(cleaned, lines)
            find_tables(cleaned, lines)
    except InputError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
