"""Headless report: ``python -m nonactivated FILE [ORDERS] [--as-of DAY] [--json]``.

Prints the same headline figures and slices as the app, with the mapping the app
would guess, for scheduled reports and scripts. Exits with status 1 and a plain
message when a file cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from nonactivated import dataset, report, texts
from nonactivated.ingest import ReadError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nonactivated",
        description="Count registered users who have not become customers.",
    )
    parser.add_argument("file", type=Path, help="customers, sign-ups or leads export")
    parser.add_argument(
        "orders_file", type=Path, nargs="?", help="optional orders export"
    )
    parser.add_argument(
        "--as-of", type=dt.date.fromisoformat, help="day, as YYYY-MM-DD"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)

    try:
        data = args.file.read_bytes()
        orders = args.orders_file.read_bytes() if args.orders_file else None
        current = dataset.load(
            data,
            args.file.name,
            orders,
            args.orders_file.name if args.orders_file else None,
        )
    except OSError as error:
        print(f"Cannot open {error.filename}: {error.strerror}.", file=sys.stderr)
        return 1
    except (ReadError, MemoryError) as error:
        print(f"{args.file.name}: {error}", file=sys.stderr)
        return 1

    if current.mapping.activation is None:
        print(f"{args.file.name}: {texts.NO_RULE_HEADLESS}", file=sys.stderr)
        return 2
    if args.as_of and args.as_of > current.model.last_date:
        print(texts.as_of_after_data(current.model.last_date), file=sys.stderr)
    figures = report.build_report(current, args.as_of)
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    try:
        print(text if args.json else report.as_text(figures))
    except BrokenPipeError:
        # The reader stopped early (as `head` does); nothing is left to say.
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
