"""Random but valid customer exports give the figures counted from their own users.

Each example writes a file the way some export tool would: an encoding, a
delimiter, a way of quoting, blank lines before the header, a footer after the
data, missing values spelled in several ways, dates in ISO or day-first with the
day above 12, activation as yes/no words or as a date, names with accents. The
expected figures are counted from the generator's list of users, never by reading
the file back, with the metric's definition:

    registered(T) = registration moment < T
    activated(T)  = activated, and the activation moment (if any) < T

where T is the end of the as-of day, in UTC.
"""

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, Phase, assume, event, given, settings
from hypothesis import strategies as st

from nonactivated import dataset, metrics, texts
from nonactivated.dataset import Dataset
from nonactivated.ingest import ReadError
from nonactivated.queries import Filters, end_of_day

NO_FILTERS = Filters()
# Without shrinking: each step of it loads a file, and a failure would take minutes
# to shrink. A failing example is reported as the file it wrote instead.
SETTINGS = settings(
    derandomize=True,
    database=None,
    max_examples=60,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252")
DELIMITERS = (",", ";", "\t", "|")
MISSING = ("", "NULL", "N/A", "NA")
YES_NO = (
    ("yes", "no"),
    ("Yes", "No"),
    ("Y", "N"),
    ("true", "false"),
    ("TRUE", "FALSE"),
    ("1", "0"),
)
# Headers each role is known by, as different tools write them.
HEADERS = {
    "email": ("email", "Email", "E-mail", "Email Address"),
    "first": ("first_name", "First Name"),
    "last": ("last_name", "Last Name", "Surname"),
    "name": ("name", "Full Name"),
    "registered": ("registered_at", "Created At", "signup_date", "Registration Date"),
    "flag": ("activated", "is_activated", "Converted"),
    "when": ("activated_at", "Activation Date", "first_order_date", "Converted Date"),
}
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Letters every encoding here can write, and more that only Unicode ones can.
ACCENTS_1252 = "àáâäåæçèéêëìíîïñòóôöøùúûüýÿßÀÂÄÅÆÇÈÉÊËÎÏÑÔÖØÙÛÜŒœŠšŽžŸ"
ACCENTS_UNICODE = ACCENTS_1252 + "ŁłŚśŻżČčĞğİıŐőȘșțĀāΑλφαДжя"


@dataclass(frozen=True)
class Moment:
    """A date as written in a cell, and the UTC moment it means."""

    text: str
    utc: dt.datetime


@dataclass(frozen=True)
class User:
    cells: dict[str, str]  # role -> text as written in the file
    email: str | None
    display_name: str | None
    registered: dt.datetime | None
    activated: bool
    activated_at: dt.datetime | None


@dataclass(frozen=True, repr=False)
class Export:
    users: list[User]
    roles: list[str]  # column order
    headers: dict[str, str]
    activation: str  # "flag" or "when"
    encoding: str
    delimiter: str
    quoting: int
    newline: str
    blank_lines: int
    footer: list[str]

    def __repr__(self) -> str:
        lines = self.text().splitlines(keepends=True)
        return "\n".join(
            [
                f"Export({self.encoding}, delimiter={self.delimiter!r}, "
                f"quoting={self.quoting}, {len(self.users)} users, file lines:",
                *(f"    {line!r}" for line in lines),
                ")",
            ]
        )

    def _repr_pretty_(self, printer, cycle) -> None:
        # How Hypothesis shows a failing example: the file, not every user's fields.
        printer.text(repr(self))

    def text(self) -> str:
        buffer = io.StringIO(newline="")
        buffer.write(self.newline * self.blank_lines)
        writer = csv.writer(
            buffer,
            delimiter=self.delimiter,
            quoting=self.quoting,
            lineterminator=self.newline,
        )
        writer.writerow([self.headers[role] for role in self.roles])
        for user in self.users:
            writer.writerow([user.cells[role] for role in self.roles])
        if self.footer:
            buffer.write(self.newline + self.newline.join(self.footer) + self.newline)
        return buffer.getvalue()

    def to_bytes(self) -> bytes:
        text = self.text()
        if self.encoding == "utf-8-sig":
            return codecs.BOM_UTF8 + text.encode("utf-8")
        return text.encode(self.encoding)  # Python's UTF-16 starts with a mark


# --- what the generator writes ----------------------------------------------


def is_missing_word(text: str) -> bool:
    return text.strip().upper() in {"", "NULL", "N/A", "NA", "#N/A", "NAN", "(NULL)"}


@st.composite
def names(draw, accents: str, specials: tuple[str, ...]) -> str:
    """A name with accents, perhaps in two words, perhaps holding a character that
    the file must quote; never blank or spelled like a missing value."""
    word = st.text(LETTERS + accents, min_size=1, max_size=8)
    parts = [draw(word)]
    if draw(st.booleans()):
        joiner = draw(st.sampled_from((" ", "-", "'", *specials)))
        parts += [joiner, draw(word)]
    name = "".join(parts)
    assume(not is_missing_word(name))
    return name


@st.composite
def iso_moments(draw, earliest: dt.datetime) -> Moment:
    """An ISO date or time at or after ``earliest``, perhaps with a zone."""
    utc = earliest + dt.timedelta(seconds=draw(st.integers(0, 400 * 86_400)))
    style = draw(st.sampled_from(("date", "space", "T", "Z", "offset")))
    if style == "date":
        return Moment(f"{utc:%Y-%m-%d}", dt.datetime.combine(utc.date(), dt.time()))
    if style in ("space", "T"):
        sep = " " if style == "space" else "T"
        return Moment(f"{utc:%Y-%m-%d}{sep}{utc:%H:%M:%S}", utc)
    if style == "Z":
        return Moment(f"{utc:%Y-%m-%dT%H:%M:%S}Z", utc)
    minutes = draw(st.sampled_from((-300, -210, 60, 120, 330, 540)))
    local = utc + dt.timedelta(minutes=minutes)
    sign = "+" if minutes >= 0 else "-"
    zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return Moment(f"{local:%Y-%m-%dT%H:%M:%S}{zone}", utc)


@st.composite
def day_first_moments(draw, earliest: dt.datetime) -> Moment:
    """A dd/mm/yyyy date (perhaps with hh:mm) whose day is above 12, so it can only
    be read day-first."""
    day = earliest.date() + dt.timedelta(days=draw(st.integers(0, 400)))
    if day.day <= 12:
        day = day.replace(day=13)
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    if draw(st.booleans()):
        return Moment(f"{day:%d/%m/%Y}", dt.datetime.combine(day, dt.time()))
    return Moment(
        f"{day:%d/%m/%Y} {hour:02d}:{minute:02d}",
        dt.datetime.combine(day, dt.time(hour, minute)),
    )


def moments(style: str, earliest: dt.datetime):
    return (iso_moments if style == "iso" else day_first_moments)(earliest)


@st.composite
def users(draw, index: int, export: dict) -> User:
    accents, specials = export["accents"], export["specials"]

    def present() -> bool:
        return draw(st.integers(0, 9)) > 0

    def cell(value: str | None) -> str:
        return value if value is not None else draw(st.sampled_from(export["missing"]))

    def name() -> str | None:
        return draw(names(accents, specials)) if present() else None

    cells: dict[str, str] = {}
    email = f"user{index}@example.com" if present() else None
    if index and not draw(st.integers(0, 14)):
        # The same person again, the e-mail in other letter case: counted once.
        email = f"User{draw(st.integers(0, index - 1))}@Example.com"
    cells["email"] = cell(email)
    if export["single_name"]:
        shown = name()
        cells["name"] = cell(shown)
    else:
        first, last = name(), name()
        cells["first"], cells["last"] = cell(first), cell(last)
        shown = " ".join(p for p in (first, last) if p is not None) or None

    start = dt.datetime(2019, 1, 1) + dt.timedelta(days=draw(st.integers(0, 2000)))
    registered = draw(moments(export["registered_style"], start))
    registered_at = registered.utc if present() else None
    cells["registered"] = registered.text if registered_at else cell(None)

    # A missing answer or date means not activated.
    activated = draw(st.booleans()) and present()
    activated_at = None
    if export["activation"] == "flag":
        yes, no = draw(st.sampled_from(export["yes_no"]))
        cells["flag"] = yes if activated else cell(no if present() else None)
    else:
        when = draw(moments(export["when_style"], registered.utc))
        activated_at = when.utc if activated else None
        cells["when"] = when.text if activated else cell(None)
    return User(cells, email, shown, registered_at, activated, activated_at)


@st.composite
def exports(draw, encoding: str) -> Export:
    # Excel's "Unicode Text" is UTF-16 with tabs.
    delimiter = "\t" if encoding == "utf-16" else draw(st.sampled_from(DELIMITERS))
    specials = ()
    if draw(st.booleans()):
        specials = (delimiter, '"', "\n", ", ")
    activation = draw(st.sampled_from(("flag", "when")))
    shape = {
        "accents": ACCENTS_1252 if encoding == "cp1252" else ACCENTS_UNICODE,
        "specials": specials,
        "missing": draw(st.lists(st.sampled_from(MISSING), min_size=1, unique=True)),
        "single_name": draw(st.booleans()),
        "registered_style": draw(st.sampled_from(("iso", "day_first"))),
        "when_style": draw(st.sampled_from(("iso", "day_first"))),
        "activation": activation,
        "yes_no": draw(
            st.lists(st.sampled_from(YES_NO), min_size=1, max_size=3, unique=True)
        ),
    }
    count = draw(st.integers(0, 60))
    people = [draw(users(i, shape)) for i in range(count)]
    # A registration column with no value at all cannot be read as dates.
    assume(not people or any(u.registered is not None for u in people))
    name_roles = ["name"] if shape["single_name"] else ["first", "last"]
    roles = draw(st.permutations(["email", *name_roles, "registered", activation]))
    footer = []
    if draw(st.booleans()):
        footer = [f"Grand Totals ({count} records)"]
        if draw(st.booleans()):
            footer.append("Generated by the shop's export tool")
    return Export(
        users=people,
        roles=roles,
        headers={role: draw(st.sampled_from(HEADERS[role])) for role in roles},
        activation=activation,
        encoding=encoding,
        delimiter=delimiter,
        quoting=draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL))),
        newline=draw(st.sampled_from(("\n", "\r\n"))),
        blank_lines=draw(st.integers(0, 2)),
        footer=footer,
    )


# --- what the figures should be ---------------------------------------------


def counted(export: Export) -> list[User]:
    """The users that count: with a registration date, each e-mail once.

    Copies of one person merge into the first: the earliest registration, and
    activated when any copy is, at the earliest activation time.
    """
    kept: list[User] = []
    position: dict[str, int] = {}
    for user in export.users:
        if user.registered is None:
            continue
        key = user.email.lower() if user.email else None
        if key is None or key not in position:
            if key is not None:
                position[key] = len(kept)
            kept.append(user)
            continue
        first = kept[position[key]]
        times = [t for t in (first.activated_at, user.activated_at) if t is not None]
        kept[position[key]] = replace(
            first,
            registered=min(first.registered, user.registered),
            activated=first.activated or user.activated,
            activated_at=min(times) if times else None,
        )
    return kept


def last_day(people: list[User]) -> dt.date | None:
    moments_ = [u.registered for u in people] + [
        u.activated_at for u in people if u.activated_at is not None
    ]
    return max(moments_).date() if moments_ else None


def expected_headline(people: list[User], as_of: dt.date, has_time: bool) -> tuple:
    end = end_of_day(as_of)
    registered = [u for u in people if u.registered < end]
    activated = [
        u
        for u in registered
        if u.activated and (u.activated_at is None or u.activated_at < end)
    ]
    non_activated = len(registered) - len(activated)
    pct = 100.0 * non_activated / len(registered) if registered else None
    new = None
    if has_time:
        start = end - dt.timedelta(days=30)
        new = sum(1 for u in people if u.activated_at and start <= u.activated_at < end)
    return len(registered), non_activated, pct, new


def actual_headline(ds: Dataset, as_of: dt.date) -> tuple:
    h = metrics.headline(ds, NO_FILTERS, as_of)
    pct = None if h.non_activated_pct is None else float(h.non_activated_pct)
    return h.all_users, h.non_activated_users, pct, h.new_customers


def same_figures(actual: tuple, expected: tuple) -> bool:
    (a_all, a_non, a_pct, a_new), (e_all, e_non, e_pct, e_new) = actual, expected
    close = (a_pct is None and e_pct is None) or (
        a_pct is not None and e_pct is not None and abs(a_pct - e_pct) < 1e-9
    )
    return (a_all, a_non, a_new) == (e_all, e_non, e_new) and close


def has_non_ascii(export: Export) -> bool:
    return any(
        not value.isascii() for user in export.users for value in user.cells.values()
    )


def describe(export: Export) -> None:
    """Name the kind of file, for --hypothesis-show-statistics."""
    event("delimiter", repr(export.delimiter))
    event("activation", export.activation)
    event("quoting", "all" if export.quoting == csv.QUOTE_ALL else "minimal")
    event("footer lines", len(export.footer))
    event("blank lines before the header", export.blank_lines)
    event("users", "none" if not export.users else "some")
    emails = [u.email.lower() for u in export.users if u.email]
    event("same e-mail twice", len(emails) != len(set(emails)))
    cells = [value for user in export.users for value in user.cells.values()]
    event("dates dd/mm/yyyy", any(re.match(r"\d\d/\d\d/\d{4}", v) for v in cells))
    quoted = (export.delimiter, '"', "\n")
    event("values to quote", any(c in value for value in cells for c in quoted))


# --- the properties ---------------------------------------------------------


def readable(export: Export) -> bytes:
    """The file's bytes; examples whose bytes could mean two things are skipped."""
    data = export.to_bytes()
    if export.encoding == "cp1252" and has_non_ascii(export):
        # Windows-1252 bytes that are also valid UTF-8 read as UTF-8, rightly.
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return data
        assume(False)
    return data


# Each encoding gets its share of examples, however Hypothesis draws the rest.
@pytest.mark.parametrize("encoding", ENCODINGS)
@settings(SETTINGS, max_examples=15)
@given(data=st.data())
def test_any_valid_export_gives_the_figures_counted_from_its_users(encoding, data):
    export = data.draw(exports(encoding), label="export")
    describe(export)
    people = counted(export)
    has_time = export.activation == "when" and any(u.activated_at for u in people)

    ds = dataset.load(readable(export), "export.csv")

    # At the default as-of day, the last day in the data, and on a day within it.
    if people:
        assert ds.model.last_date == last_day(people)
        days = sorted({u.registered.date() for u in people})
        as_of_days = [ds.model.last_date, days[len(days) // 2]]
    else:
        as_of_days = [ds.model.last_date]
    for as_of in as_of_days:
        actual = actual_headline(ds, as_of)
        expected = expected_headline(people, as_of, has_time)
        assert same_figures(actual, expected), (as_of, actual, expected)

    rows = metrics.row_accounting(ds)
    assert rows["read"] == rows["used"] + rows["set_aside"]
    assert rows["read"] == len(export.users) + len(export.footer)
    assert rows["used"] == len(people)
    assert [row.reason for row in ds.raw.set_aside] == [texts.SET_ASIDE_FOOTER] * len(
        export.footer
    )

    shown = ds.con.execute(
        "select email, display_name, registered_at, activated_at "
        "from users order by row_number"
    ).fetchall()
    assert shown == [
        (u.email, u.display_name, u.registered, u.activated_at) for u in people
    ]


@settings(SETTINGS, max_examples=20)
@given(
    st.sampled_from(ENCODINGS),
    st.lists(st.sampled_from(("\n", "\r\n", " ", "\t")), max_size=6),
)
def test_a_file_with_nothing_but_blank_lines_is_refused_with_a_plain_message(
    encoding, blanks
):
    text = "".join(blanks)
    data = (
        codecs.BOM_UTF8 + text.encode()
        if encoding == "utf-8-sig"
        else text.encode(encoding)
    )

    with pytest.raises(ReadError) as refused:
        dataset.load(data, "export.csv")

    assert str(refused.value) == texts.FILE_EMPTY
