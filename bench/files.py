"""Where the benchmark's generated files live and how their sizes are named.

Kept apart from generate.py so that bench/run.py can name the files without
loading numpy, pyarrow or DuckDB: its measuring processes inherit its peak memory.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
FORMATS = ("csv", "parquet")
DEFAULT_SIZES = ("100k", "1M")


def parse_size(text: str) -> int:
    """'100k' -> 100000, '1M' -> 1000000, '1.5M' -> 1500000, '2500' -> 2500."""
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    number = text[:-1] if scale > 1 else text
    return int(float(number) * scale)


def size_label(rows: int) -> str:
    """1000000 -> '1M', 100000 -> '100k', 2500 -> '2500'."""
    for scale, suffix in ((1_000_000, "M"), (1_000, "k")):
        if rows >= scale and rows % scale == 0:
            return f"{rows // scale}{suffix}"
    return str(rows)


def path_for(rows: int, file_format: str, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / f"users_{size_label(rows)}.{file_format}"
