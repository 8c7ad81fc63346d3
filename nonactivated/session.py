"""The only module that talks to Streamlit's session: data source and view state.

Each browser session keeps its own dataset (with its own DuckDB connection) in
``st.session_state``; the view (as-of day, period, filters) is mirrored in the
URL so it can be shared and survives a reload or a change of page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
import threading
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from pathlib import Path

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from nonactivated import checks, database, database_model, metrics, texts
from nonactivated import dataset as dataset_module
from nonactivated.dataset import Dataset
from nonactivated.ingest import ReadError
from nonactivated.queries import Filters

log = logging.getLogger(__name__)

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "sample_data" / "users.csv"
SAMPLE_TOUCHES_PATH = SAMPLE_PATH.with_name("touches.csv")
UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "parquet"]


def _copy_sharing_bytes(self: UploadedFile, memo: dict) -> UploadedFile:
    """A copy of an uploaded file that reads the same bytes object.

    Streamlit hands every run a deep copy of each widget's value, and the deep
    copy of a ``BytesIO`` copies its buffer: 200 MB and about 100 ms on every
    click while a large file is loaded, and a second copy of the file held while
    it is read. The bytes never change, so sharing them is as safe as a copy; a
    ``BytesIO`` made from bytes shares them until written to, which the app never
    does, and its ``getvalue()`` then gives the very same object, not a copy.
    """
    twin = type(self).__new__(type(self))
    io.BytesIO.__init__(twin, self.getvalue())
    twin.__dict__.update(self.__dict__)
    twin.seek(self.tell())
    return twin


# Once per process, and only while Streamlit does not do this itself.
if "__deepcopy__" not in vars(UploadedFile):
    UploadedFile.__deepcopy__ = _copy_sharing_bytes


@dataclass(frozen=True)
class View:
    """What every page shows: the data, the filters and the day figures are as of."""

    dataset: Dataset
    filters: Filters
    as_of: dt.date
    period_days: int
    grain: str


def current_dataset() -> Dataset:
    """This session's dataset; the bundled sample until the user uploads a file."""
    if "dataset" not in st.session_state:
        st.session_state["dataset"] = _load_sample()
    return st.session_state["dataset"]


def _load_sample() -> Dataset:
    data = SAMPLE_PATH.read_bytes()
    sample = dataset_module.load(data, SAMPLE_PATH.name, is_sample=True)
    return sample.with_touches(
        SAMPLE_TOUCHES_PATH.read_bytes(), SAMPLE_TOUCHES_PATH.name
    )


VIEW_KEYS = ("as_of", "registered_from", "registered_to", "marketing_only")


def replace_dataset(new: Dataset) -> None:
    """Show ``new`` from now on. Another file starts from a clean view, so last
    week's date or filters never carry over to this week's export."""
    old = st.session_state.get("dataset")
    st.session_state["dataset"] = new
    if old is None:
        return
    if old.con is not new.con:
        old.con.close()
        if old.remote is not None and old.remote is not new.remote:
            old.remote.close()
        for key in list(st.session_state):
            if key in VIEW_KEYS or key.startswith("filter_"):
                del st.session_state[key]
        st.query_params.clear()
    elif old.model.last_date != new.model.last_date:
        st.session_state.pop("as_of", None)
        st.query_params.pop("as_of", None)


def data_source_sidebar() -> None:
    """Upload widgets: a customers file and an optional orders file; or, when the
    app's secrets name database connections, a choice of file or database."""
    st.sidebar.subheader("Your data")
    connections = database.connections_in(st.secrets)
    if connections:
        chosen = st.sidebar.radio(
            texts.DATA_FROM_LABEL,
            [texts.DATA_FROM_FILE, texts.DATA_FROM_DATABASE],
            key="data_from",
            horizontal=True,
        )
        if chosen == texts.DATA_FROM_DATABASE:
            _database_sidebar(connections)
            return
        current = st.session_state.get("dataset")
        if current is not None and current.remote is not None:
            # Back from a database: the sample, until a file is uploaded.
            st.session_state["loaded_fingerprint"] = None
            st.session_state.pop("loaded_source", None)
            st.session_state.pop("load_error", None)
            replace_dataset(_load_sample())
    _file_sidebar()


def _database_sidebar(connections: dict) -> None:
    """Pick a connection, then a table, view or saved query; load it once."""
    key = st.sidebar.selectbox(
        texts.CONNECTION_LABEL,
        list(connections),
        key="db_connection",
        help=texts.CONNECTION_HELP,
    )
    try:
        settings = database.Settings.from_secrets(key, connections[key])
        sources = _sources_of(settings)
    except database.DatabaseError as error:
        st.session_state["load_error"] = texts.md(str(error))
        return
    by_label = {source.label: source for source in sources}
    label = st.sidebar.selectbox(
        texts.SOURCE_LABEL,
        list(by_label),
        index=None,
        key=f"db_source_{key}",
        placeholder=texts.SOURCE_PLACEHOLDER,
    )
    if label is None:
        return
    wanted = (key, label)
    if wanted == st.session_state.get("loaded_source"):
        return
    st.session_state["loaded_source"] = wanted
    with st.spinner(texts.CONNECTING):
        try:
            loaded = database_model.load(settings, by_label[label])
        except (database.DatabaseError, MemoryError) as error:
            st.session_state["load_error"] = texts.md(str(error))
            return
    st.session_state.pop("load_error", None)
    st.session_state["loaded_fingerprint"] = None
    replace_dataset(loaded)


def _sources_of(settings: database.Settings) -> list[database.Source]:
    """The connection's tables, views and saved queries, read once per session;
    the connection used to list them is closed at once."""
    listed = st.session_state.setdefault("db_sources", {})
    if settings.key not in listed:
        with st.spinner(texts.CONNECTING):
            lister = database.Connection(settings)
            try:
                listed[settings.key] = lister.sources()
            finally:
                lister.close()
    return listed[settings.key]


def _file_sidebar() -> None:
    customers = st.sidebar.file_uploader(
        "Customer or sign-up export",
        type=UPLOAD_TYPES,
        key="customers_upload",
        help=texts.UPLOAD_HELP,
    )
    orders = st.sidebar.file_uploader(
        "Orders export (optional)",
        type=UPLOAD_TYPES,
        key="orders_upload",
        help=texts.ORDERS_UPLOAD_HELP,
    )
    touches = st.sidebar.file_uploader(
        texts.TOUCHES_UPLOAD_LABEL,
        type=UPLOAD_TYPES,
        key="touches_upload",
        help=texts.TOUCHES_UPLOAD_HELP,
    )
    wanted = _fingerprint(customers, orders)
    if customers is None and orders is not None:
        # An orders file alone says who bought, but not who registered.
        st.sidebar.warning(texts.ORDERS_WITHOUT_CUSTOMERS, icon=":material/info:")
    if customers is None:
        if st.session_state.get("loaded_fingerprint") is not None:
            # The user removed their file: back to the sample.
            st.session_state["loaded_fingerprint"] = None
            st.session_state.pop("load_error", None)
            replace_dataset(_load_sample())
            st.session_state.pop("touches_fingerprint", None)
    elif wanted != st.session_state.get("loaded_fingerprint"):
        st.session_state["loaded_fingerprint"] = wanted
        # The steps show while the file loads; the box goes once it is done.
        box = st.empty()
        with box.status(texts.LOADING) as status:

            def progress(step: str, done: int, total: int) -> None:
                status.update(label=texts.load_step(step, done, total))

            held = customers.size + (orders.size if orders is not None else 0)
            con = dataset_module.connect()
            try:
                with memory_shared_with_uploads(con, held):
                    loaded = dataset_module.load(
                        customers.getvalue(),
                        customers.name,
                        orders.getvalue() if orders is not None else None,
                        orders.name if orders is not None else None,
                        con=con,
                        progress=progress,
                    )
            except (ReadError, MemoryError) as error:
                con.close()
                message = f"{customers.name}: {error}"
                st.session_state["load_error"] = texts.md(message)
            else:
                st.session_state.pop("load_error", None)
                replace_dataset(loaded)
                # The touches go with the customers file they were read against.
                st.session_state.pop("touches_fingerprint", None)
        box.empty()
    _touches_upload(touches)
    st.sidebar.caption(texts.UPLOAD_KEPT_NOTE)


def _touches_upload(touches) -> None:
    """Add the uploaded touches file to the data shown, or go back without it."""
    wanted = (touches.file_id, touches.name, touches.size) if touches else None
    if wanted == st.session_state.get("touches_fingerprint"):
        return
    # A click during the upload starts a new run while this one still reads the
    # file on the session's connection: the new run waits for it, then finds the
    # file read instead of reading it a second time on a busy connection.
    lock = st.session_state.setdefault("touches_lock", threading.Lock())
    with lock:
        if wanted == st.session_state.get("touches_fingerprint"):
            return
        current = current_dataset()
        if touches is None:
            # The sample keeps its own touches; a file of the user's goes away.
            if current.touches is not None and not current.is_sample:
                replace_dataset(dataclass_replace(current, touches=None, results={}))
            st.session_state["touches_fingerprint"] = wanted
            return
        with st.spinner(texts.LOADING):
            try:
                updated = current.with_touches(touches.getvalue(), touches.name)
            except (ReadError, MemoryError) as error:
                st.session_state["load_error"] = texts.md(str(error))
            else:
                st.session_state.pop("load_error", None)
                replace_dataset(updated)
            # Marked done with no Streamlit call in between, so a run stopped
            # half-way never leaves the file read but forgotten.
            st.session_state["touches_fingerprint"] = wanted


UNITS = {
    "bytes": 1,
    "KiB": 2**10,
    "MiB": 2**20,
    "GiB": 2**30,
    "TiB": 2**40,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "TB": 10**12,
}


def memory_limit_bytes(con) -> int | None:
    """DuckDB's memory limit in bytes, read from the connection itself."""
    text = con.execute("select current_setting('memory_limit')").fetchone()[0]
    match = re.fullmatch(r"([\d.]+) ?([A-Za-z]+)", text.strip())
    if match is None or match[2] not in UNITS:
        return None
    return int(float(match[1]) * UNITS[match[2]])


@contextlib.contextmanager
def memory_shared_with_uploads(con, held: int):
    """While a file is read, DuckDB gets its memory limit less the upload's bytes.

    Streamlit holds an upload's bytes in memory for its widget; during the load
    DuckDB fills up to its limit, so without this the process would reach the
    two together (1.08 GB for a 200 MB file). Half the limit stays DuckDB's in
    any case. Afterwards it has its whole limit again, so queries do not spill.
    """
    limit = memory_limit_bytes(con)
    if limit is None or held <= 0:
        yield
        return
    # Whole numbers of bytes of our own making: nothing from the user is in it.
    con.execute(f"set memory_limit = '{max(limit - held, limit // 2)}B'")
    try:
        yield
    finally:
        con.execute(f"set memory_limit = '{limit}B'")


def _fingerprint(*files) -> tuple | None:
    # Streamlit gives every upload its own id, so telling a new file from the one
    # already loaded needs no pass over up to 200 MB on every click.
    if files[0] is None:
        return None
    return tuple((f.file_id, f.name, f.size) if f is not None else None for f in files)


# --- view state in the URL --------------------------------------------------


def _from_url(key: str, parse, default):
    raw = st.query_params.get(key)
    if raw is None:
        return default
    try:
        return parse(raw)
    except ValueError:
        return default


def _seed(key: str, value) -> None:
    """Give a widget its first value from the URL, once per session."""
    if key not in st.session_state:
        st.session_state[key] = value


# The most common values a filter offers.
FILTER_CHOICES = 500


def view_sidebar(current: Dataset) -> View:
    """The as-of day, period and filters in the sidebar, kept in the URL."""
    model = current.model
    last = model.last_date
    first = model.first_registered.date() if model.first_registered else last
    st.sidebar.subheader("View")

    if model.has_registration and model.has_activation_time:
        _seed("as_of", _from_url("as_of", dt.date.fromisoformat, last))
        if not first <= st.session_state["as_of"] <= last:
            st.session_state["as_of"] = last
        as_of = st.sidebar.date_input(
            "Figures as of",
            key="as_of",
            min_value=first,
            max_value=last,
            format="DD/MM/YYYY",
            help=texts.AS_OF_HELP,
        )
    else:
        # Without a date of activation, who had bought on an earlier day is unknown.
        as_of = last
        if model.rows_used == 0:
            # The page itself says why nobody is counted.
            reason = None
        elif current.mapping.activation is None:
            reason = texts.NO_RULE_AS_OF
        elif not model.has_registration:
            reason = texts.NO_DATES_AS_OF
        elif current.mapping.activation.has_time:
            reason = texts.NO_PURCHASE_DATES_AS_OF
        else:
            reason = texts.FLAG_AS_OF
        if reason:
            st.sidebar.caption(reason)

    _seed("period", _from_url("period", int, 30))
    if st.session_state["period"] not in metrics.PERIODS:
        st.session_state["period"] = 30
    # Always drawn, so its value survives a file without dates; greyed out there.
    period = st.sidebar.selectbox(
        "Compare with the period before",
        options=list(metrics.PERIODS),
        format_func=metrics.PERIODS.get,
        key="period",
        # With registration dates the number registered can always be compared;
        # without a customer date the help says that only it is.
        help=texts.PERIOD_HELP
        if model.has_activation_time
        else texts.PERIOD_HELP_REGISTERED_ONLY,
        # New customers in a period need only a customer date to be compared.
        disabled=not (model.has_registration or model.has_activation_time),
    )
    _seed("marketing_only", _from_url("marketing", lambda v: v == "yes", False))
    _seed("grain", _from_url("grain", str, "week"))
    if st.session_state["grain"] not in metrics.GRAINS:
        st.session_state["grain"] = "week"

    st.sidebar.subheader("Filters")
    registered_from = registered_to = None
    if model.has_registration:
        _seed("registered_from", _from_url("from", dt.date.fromisoformat, None))
        _seed("registered_to", _from_url("to", dt.date.fromisoformat, None))
        for key in ("registered_from", "registered_to"):
            chosen = st.session_state[key]
            if chosen is not None and not first <= chosen <= last:
                st.session_state[key] = None
        registered_from = st.sidebar.date_input(
            "Registered from",
            key="registered_from",
            min_value=first,
            max_value=last,
            format="DD/MM/YYYY",
        )
        registered_to = st.sidebar.date_input(
            "Registered until",
            key="registered_to",
            min_value=first,
            max_value=last,
            format="DD/MM/YYYY",
        )

    chosen_slices = []
    values = metrics.slice_values(current)
    for column, label in model.slice_labels.items():
        key = f"filter_{column}"
        every = values.get(column, [])
        present = set(every)
        wanted = st.query_params.get_all(f"f_{column}")
        _seed(key, [v for v in wanted if v in present])
        known = [v for v in st.session_state[key] if v in present]
        if known != st.session_state[key]:
            st.session_state[key] = known
        # Every option goes to the browser on every run: a column of codes or
        # e-mails made a slice would send a list of 100,000 values each click.
        # A value picked beyond them (from a shared link) stays offered.
        offered = every[:FILTER_CHOICES]
        shown = set(offered)
        options = offered + [v for v in known if v not in shown]
        picked = st.sidebar.multiselect(
            texts.md(label), options=options, key=key, placeholder="All"
        )
        if len(every) > FILTER_CHOICES:
            st.sidebar.caption(texts.filter_choices_capped(FILTER_CHOICES, len(every)))
        chosen_slices.append((column, tuple(picked)))

    filters = Filters(registered_from, registered_to, tuple(chosen_slices))
    events()  # read from the URL before it is written back
    # The rule a shared link was made with, kept for the session so a later
    # upload (which clears the address) can still be compared with it.
    _seed("shared_rule", st.query_params.get("rule"))
    rule_token = None
    if current.mapping.activation != current.rule_at_load:
        rule_token = checks.rule_token(current.mapping.activation, current.raw.columns)
    _write_url(as_of, period, filters, model.has_registration, last, rule_token)
    return View(current, filters, as_of, period, st.session_state["grain"])


def _write_url(
    as_of, period, filters: Filters, has_dates: bool, last, rule_token=None
) -> None:
    wanted: dict[str, str | list[str]] = {}
    if rule_token:
        wanted["rule"] = rule_token
    if has_dates and as_of != last and "as_of" in st.session_state:
        wanted["as_of"] = as_of.isoformat()
    if period != 30:
        wanted["period"] = str(period)
    if st.session_state.get("grain", "week") != "week":
        wanted["grain"] = st.session_state["grain"]
    if st.session_state.get("marketing_only"):
        wanted["marketing"] = "yes"
    if filters.registered_from:
        wanted["from"] = filters.registered_from.isoformat()
    if filters.registered_to:
        wanted["to"] = filters.registered_to.isoformat()
    for column, values in filters.slices:
        if values:
            wanted[f"f_{column}"] = list(values)
    if st.session_state.get("events"):
        wanted["event"] = [
            f"{d.isoformat()} {t}" for d, t in st.session_state["events"]
        ]
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normalised:
        st.query_params.from_dict(wanted)


def clear_filters() -> None:
    """Reset every filter; used by the empty state's button."""
    for key in list(st.session_state):
        if key.startswith("filter_"):
            st.session_state[key] = []
    st.session_state["registered_from"] = None
    st.session_state["registered_to"] = None


def remembered(key: str, default) -> str:
    """The widget key for a page's choice that must outlive the page.

    Streamlit forgets a page's widgets when another page is shown; the choice is
    kept under ``key`` and given back to the widget when the page returns. Pass
    ``remember`` with ``args=(key,)`` as the widget's on_change.
    """
    widget = f"{key}_widget"
    if st.session_state.get(widget) is None:
        kept = st.session_state.get(key)
        st.session_state[widget] = default if kept is None else kept
    return widget


def remember(key: str) -> None:
    st.session_state[key] = st.session_state[f"{key}_widget"]


def data_note(current: Dataset) -> None:
    """Say whose data is shown, at the top of every page."""
    if "load_error" in st.session_state:
        st.error(
            st.session_state["load_error"]
            + "  \n"
            + texts.md(texts.still_showing(current)),
            icon=":material/error:",
        )
    if current.is_sample:
        st.info(texts.SAMPLE_NOTE, icon=":material/info:")
    elif current.remote is not None:
        st.caption(
            texts.md(texts.showing_database(current.label, current.model.rows_used))
            + "  \n"
            + texts.DATABASE_NOTE
        )
    else:
        st.caption(texts.md(texts.showing_file(current.label, current.raw.rows_read)))
    for warning in current.mapping.warnings:
        st.warning(texts.md(warning), icon=":material/warning:")
    for question in current.mapping.questions:
        st.warning(texts.md(question), icon=":material/help:")
    for warning in current.warnings:
        st.warning(texts.md(warning), icon=":material/warning:")


def current_view() -> View:
    """The view the entry script drew this run; a page run on its own (as in page
    tests) draws the sidebar itself."""
    view = st.session_state.get("view")
    if view is None or view.dataset is not st.session_state.get("dataset"):
        data_source_sidebar()
        st.session_state["view"] = view_sidebar(current_dataset())
    return st.session_state["view"]


def rule_found(current: Dataset) -> bool:
    """Without a rule for who is a customer there is no figure to show: say so and
    point to where the rule is chosen."""
    if current.model.rows_used == 0 and not current.raw.rows_read:
        st.warning(texts.NO_USERS, icon=":material/info:")
        return False
    if current.model.rows_used == 0:
        # Every row was set aside, while reading or while counting people: that,
        # not a missing column, is why nothing can be counted.
        if current.raw.rows_loaded:
            message = texts.all_rows_not_counted(
                current.raw.rows_read, current.model.set_aside_counts
            )
        else:
            message = texts.all_rows_set_aside(current.raw.rows_read)
        st.warning(message, icon=":material/info:")
        st.page_link("views/data.py", label=texts.DATA_TITLE, icon=":material/tune:")
        return False
    if current.mapping.activation is not None:
        return True
    st.warning(texts.NO_RULE, icon=":material/help:")
    st.page_link("views/data.py", label=texts.CHOOSE_RULE, icon=":material/tune:")
    # The one figure that needs no rule, so the page is not empty.
    st.metric(
        texts.PEOPLE_IN_FILE,
        texts.count(current.model.rows_used),
        help=texts.PEOPLE_IN_FILE_HELP,
        border=True,
    )
    return False


def page_top(view: View, title: str, subtitle: str | None = None) -> None:
    """What every figure page starts with: its title, whose data it is, and the
    rule and day the figures follow. Stops the page when there is no rule."""
    st.title(title)
    if subtitle:
        st.caption(subtitle)
    current = view.dataset
    data_note(current)
    if not rule_found(current):
        st.stop()
    st.markdown(
        texts.rule_line(current.rule_text, view.as_of, current.model.has_registration)
    )


def curve_or_stop(view: View):
    """The time-to-first-purchase curve of the view's people, or the words saying
    which column it needs, and the page stops there."""
    model = view.dataset.model
    if not model.has_registration:
        st.info(texts.NO_CURVE_WITHOUT_DATES)
        st.stop()
    if not model.has_activation_time:
        st.info(texts.NO_CURVE_WITHOUT_TIME)
        st.stop()
    everyone = metrics.time_to_activate(view.dataset, view.filters, view.as_of)
    if everyone.users == 0:
        st.info(texts.NOBODY_TO_CURVE)
        st.stop()
    return everyone


def stop_when_nobody(view: View, all_users: int) -> None:
    """An empty state instead of figures of nobody, with a way out of the filters."""
    if all_users:
        return
    st.warning(texts.NO_USERS_IN_VIEW if view.filters.active else texts.NO_USERS)
    if view.filters.active:
        st.button(texts.CLEAR_FILTERS, on_click=clear_filters, key="clear_filters")
    st.stop()


# --- events the user marks on the trend ---------------------------------------
EVENT_TEXT_LIMIT = 40
EVENT_LIMIT = 20


def _parse_event(raw: str) -> tuple[dt.date, str]:
    day_text, _, text = raw.partition(" ")
    text = " ".join(text.split())[:EVENT_TEXT_LIMIT]
    if not text:
        raise ValueError("an event needs words")
    return dt.date.fromisoformat(day_text), text


def events() -> list[tuple[dt.date, str]]:
    """Events this tab has marked (a day and a few words), first read from the URL
    as ``event=YYYY-MM-DD words``; anything unreadable there is left out."""
    if "events" not in st.session_state:
        parsed = []
        for raw in st.query_params.get_all("event")[:EVENT_LIMIT]:
            try:
                parsed.append(_parse_event(raw))
            except ValueError:
                continue
        st.session_state["events"] = sorted(set(parsed))
    return st.session_state["events"]


def add_event() -> None:
    """Button callback: keep the event typed into the page's two inputs."""
    day = st.session_state.get("event_day")
    text = " ".join(str(st.session_state.get("event_text") or "").split())
    if day is None or not text:
        st.session_state["event_error"] = True
        return
    st.session_state.pop("event_error", None)
    kept = set(events()) | {(day, text[:EVENT_TEXT_LIMIT])}
    st.session_state["events"] = sorted(kept)[:EVENT_LIMIT]
    st.session_state["event_text"] = ""


def remove_event(position: int) -> None:
    kept = list(events())
    if 0 <= position < len(kept):
        del kept[position]
    st.session_state["events"] = kept
