"""Write synthetic users for the benchmark, with the columns of sample_data/users.csv.

One row per registered user of a made-up shop, registered over four years with a
growing sign-up rate; about four in ten have a first order by the export, taken at
the end of the last day. Every column is drawn with numpy from a seed fixed per
size, then DuckDB formats the text and writes the CSV and Parquet files, which is
what keeps ten million rows to well under a minute.

    python bench/generate.py                  # 100k and 1M, CSV and Parquet
    python bench/generate.py --sizes 10M      # any size: 20k, 1.5M, 10M, 250000

Files already written are kept; they land in bench/data/ (ignored by git).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from files import DATA_DIR, DEFAULT_SIZES, FORMATS, parse_size, path_for

SEED = 20261130

COLUMNS = (
    "customer_id",
    "email",
    "first_name",
    "registered_at",
    "registration_source",
    "email_verified",
    "device_type",
    "referral_source",
    "country",
    "accepts_marketing",
    "signup_offer",
    "first_order_at",
    "first_order_value",
)
FIRST_DAY = "2022-01-01"
# The export is taken at the end of this day; later orders are not in it yet.
LAST_DAY = "2025-12-31"
# The daily sign-up rate at the end is this many times the rate at the start.
GROWTH = 2.5

# Each categorical column: its values, how often each is drawn, and its effect on
# the log-odds of ever ordering.
SOURCES = {
    "web": (50, 0.0),
    "ios_app": (14, 0.25),
    "android_app": (12, 0.0),
    "checkout": (14, 3.0),
    "social_login": (10, -0.1),
}
# Chance that the e-mail is confirmed, by registration source (in SOURCES order).
VERIFIED_CHANCE = (0.55, 0.70, 0.65, 0.85, 0.95)
VERIFIED_EFFECT = {"yes": 0.65, "no": -0.75}
DEVICES = {"desktop": (45, 0.30), "mobile": (45, -0.25), "tablet": (10, 0.0)}
REFERRALS = {
    "organic_search": (28, 0.10),
    "paid_search": (18, 0.0),
    "paid_social": (16, -0.80),
    "newsletter": (8, 0.70),
    "affiliate": (7, -0.10),
    "direct": (16, 0.30),
    "friend_referral": (7, 0.85),
}
COUNTRIES = {
    "United States": (34, 0.0),
    "United Kingdom": (14, 0.05),
    "Germany": (12, 0.15),
    "France": (10, -0.10),
    "Canada": (9, -0.05),
    "Australia": (8, -0.15),
    "Netherlands": (7, 0.10),
    "Spain": (6, -0.30),
}
MARKETING = {"yes": (55, 0.30), "no": (45, 0.0)}
OFFERS = {"none": (55, 0.0), "10_percent_off": (30, 0.20), "free_shipping": (15, 0.50)}
INTERCEPT = -1.3
# A share of buyers order the day they register; the rest come back over months.
SAME_DAY_SHARE = 0.35
LATER_MEDIAN_DAYS = 14
LATER_SPREAD = 1.5
CHECKOUT_MEAN_MINUTES = 6
VALUE_MEDIAN = 60
VALUE_SPREAD = 0.55
# A few names carry accents, so the file is UTF-8 beyond ASCII, as real exports are.
FIRST_NAMES = (
    *("James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia"),
    *("Lukas", "Anna", "Jürgen", "Jörg", "Ayşe", "Léa", "Raphaël", "Chloé"),
    *("Daan", "Sanne", "Lucía", "Álvaro", "María", "José", "Wei", "Priya"),
)
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")


def _pick(rng: np.random.Generator, table: dict, n: int) -> np.ndarray:
    """Indices into ``table``'s values, drawn by their weights."""
    weights = np.array([weight for weight, _ in table.values()], dtype=float)
    return np.searchsorted(np.cumsum(weights / weights.sum()), rng.random(n)).astype(
        np.int8
    )


def _effects(table: dict) -> np.ndarray:
    return np.array([effect for _, effect in table.values()])


def draw_users(rows: int, seed: int = SEED) -> pa.Table:
    """All columns as numbers: codes into the value lists, seconds since 1970."""
    rng = np.random.default_rng([seed, rows])
    first = np.datetime64(FIRST_DAY, "s").astype(np.int64)
    export_end = np.datetime64(LAST_DAY, "s").astype(np.int64) + 86_400 - 1
    # Inverse of the cumulative sign-up curve of an exponentially growing rate.
    share = np.log1p(rng.random(rows) * (GROWTH - 1)) / np.log(GROWTH)
    registered = np.sort(first + (share * (export_end - first)).astype(np.int64))

    source = _pick(rng, SOURCES, rows)
    verified = rng.random(rows) < np.take(VERIFIED_CHANCE, source)
    device = _pick(rng, DEVICES, rows)
    referral = _pick(rng, REFERRALS, rows)
    country = _pick(rng, COUNTRIES, rows)
    marketing = _pick(rng, MARKETING, rows)
    offer = _pick(rng, OFFERS, rows)

    log_odds = (
        INTERCEPT
        + _effects(SOURCES)[source]
        + np.where(verified, VERIFIED_EFFECT["yes"], VERIFIED_EFFECT["no"])
        + _effects(DEVICES)[device]
        + _effects(REFERRALS)[referral]
        + _effects(COUNTRIES)[country]
        + _effects(MARKETING)[marketing]
        + _effects(OFFERS)[offer]
    )
    orders = rng.random(rows) < 1 / (1 + np.exp(-log_odds))
    same_day = np.minimum(rng.lognormal(np.log(45 * 60), 1.0, rows), 20 * 3600)
    later = np.maximum(
        rng.lognormal(np.log(LATER_MEDIAN_DAYS * 86_400), LATER_SPREAD, rows), 86_400
    )
    wait = np.where(rng.random(rows) < SAME_DAY_SHARE, same_day, later)
    at_checkout = source == list(SOURCES).index("checkout")
    wait = np.where(
        at_checkout, rng.exponential(CHECKOUT_MEAN_MINUTES * 60, rows), wait
    )
    ordered = registered + np.ceil(wait).astype(np.int64) + 1
    known = orders & (ordered <= export_end)
    value = np.maximum(rng.lognormal(np.log(VALUE_MEDIAN), VALUE_SPREAD, rows), 4.99)

    return pa.table(
        {
            "id": np.arange(1, rows + 1),
            "registered": registered,
            "ordered": pa.array(ordered, mask=~known),
            "value": pa.array(value.round(2), mask=~known),
            "source": source,
            "verified": verified,
            "device": device,
            "referral": referral,
            "country": country,
            "marketing": marketing,
            "offer": offer,
            "name": rng.integers(0, len(FIRST_NAMES), rows, dtype=np.int8),
            "domain": rng.integers(0, len(EMAIL_DOMAINS), rows, dtype=np.int8),
        }
    )


# The export's columns as DuckDB writes them; codes index the bound value lists.
EXPORT_SQL = """
    select
        'C' || lpad(id::varchar, 9, '0') as customer_id,
        'user' || id::varchar || '@' || $domains[domain + 1] as email,
        $names[name + 1] as first_name,
        {registered} as registered_at,
        $sources[source + 1] as registration_source,
        case when verified then 'yes' else 'no' end as email_verified,
        $devices[device + 1] as device_type,
        $referrals[referral + 1] as referral_source,
        $countries[country + 1] as country,
        $marketing[marketing + 1] as accepts_marketing,
        $offers[offer + 1] as signup_offer,
        {ordered} as first_order_at,
        {value} as first_order_value,
    from drawn
"""
CSV_COLUMNS = {
    "registered": "strftime(make_timestamp(registered * 1000000), '%Y-%m-%d %H:%M:%S')",
    "ordered": "strftime(make_timestamp(ordered * 1000000), '%Y-%m-%d %H:%M:%S')",
    "value": "printf('%.2f', value)",
}
# Parquet keeps types, as a typed export would: timestamps and a number.
PARQUET_COLUMNS = {
    "registered": "make_timestamp(registered * 1000000)",
    "ordered": "make_timestamp(ordered * 1000000)",
    "value": "value",
}


def write(rows: int, formats=FORMATS, data_dir: Path = DATA_DIR) -> list[Path]:
    """Write the files of one size that are missing; return every path of it."""
    paths = [path_for(rows, f, data_dir) for f in formats]
    missing = [p for p in paths if not p.exists()]
    if not missing:
        return paths

    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    drawn = draw_users(rows)
    con = duckdb.connect(config={"threads": min(2, os.cpu_count() or 1)})
    con.register("drawn", drawn)
    values = {
        "domains": list(EMAIL_DOMAINS),
        "names": list(FIRST_NAMES),
        "sources": list(SOURCES),
        "devices": list(DEVICES),
        "referrals": list(REFERRALS),
        "countries": list(COUNTRIES),
        "marketing": list(MARKETING),
        "offers": list(OFFERS),
    }
    for path in missing:
        columns = CSV_COLUMNS if path.suffix == ".csv" else PARQUET_COLUMNS
        options = "format csv, header" if path.suffix == ".csv" else "format parquet"
        # Written under another name first, so a stopped run leaves no half file.
        partial = path.with_name(path.name + ".partial")
        sql = EXPORT_SQL.format(**columns)
        con.execute(f"copy ({sql}) to '{partial}' ({options})", values)
        partial.rename(path)
        print(
            f"wrote {path} ({rows:,} users, {path.stat().st_size / 1e6:,.0f} MB) "
            f"after {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    con.close()
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    for size in args.sizes:
        write(parse_size(size), args.formats, args.data_dir)


if __name__ == "__main__":
    main()
