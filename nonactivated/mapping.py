"""Give each column of a file a role, and choose what counts as activated.

Known export layouts (Shopify, Salesforce, Stripe, HubSpot, Mailchimp, Magento,
WooCommerce) are recognised from their headers and mapped without questions. Any
other file gets a guess per column from its name and values, which the user sees
and can change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import duckdb

from nonactivated import formats, texts
from nonactivated.formats import DateFormat
from nonactivated.ingest import RawTable

ROLES = {
    "user_key": "Customer or lead ID",
    "email": "E-mail address",
    "first_name": "First name",
    "last_name": "Last name",
    "registered_at": "Date they registered",
    "activated_at": "Date they became a customer",
    "first_order_at": "Date of their first order",
    "order_count": "Number of orders",
    "order_value": "Value of their first order",
    "status": "Status or stage",
    "verified": "E-mail verified (yes/no)",
    "consent": "Accepts marketing (yes/no)",
    "source": "Registration source",
    "device": "Device type",
    "referral": "Referral source",
    "country": "Country",
    "feedback": "Free-text feedback or comment",
}
DATE_ROLES = ("registered_at", "activated_at", "first_order_at")
SLICE_ROLES = ("source", "verified", "device", "referral", "country")
EXTRA_SLICE_SLOTS = 8

# Normalised column names (lower case, letters and digits only) for each role.
NAME_HINTS = {
    "user_key": (
        "id",
        "customerid",
        "userid",
        "leadid",
        "contactid",
        "recordid",
        "mqlid",
        "uid",
        "customernumber",
        "accountid",
        "memberid",
    ),
    "email": ("email", "emailaddress", "useremail", "mail", "contactemail"),
    "first_name": ("firstname", "givenname", "name", "fullname", "customername"),
    "last_name": ("lastname", "surname", "familyname"),
    "registered_at": (
        "registeredat",
        "registrationdate",
        "createdat",
        "createddate",
        "created",
        "createdutc",
        "createdate",
        "signupdate",
        "signedupat",
        "signupat",
        "dateregistered",
        "userregistered",
        "firstcontactdate",
        "joinedat",
        "joindate",
        "optintime",
        "accountcreated",
        "registered",
    ),
    "activated_at": (
        "activatedat",
        "activationdate",
        "activationtime",
        "converteddate",
        "convertedat",
        "becameacustomerdate",
        "wondate",
        "firstpurchasedate",
        "customersince",
    ),
    "first_order_at": (
        "firstorderat",
        "firstorderdate",
        "firstorder",
        "firstpurchaseat",
    ),
    "order_count": (
        "totalorders",
        "orders",
        "orderscount",
        "ordercount",
        "numberoforders",
        "paymentcount",
        "purchases",
    ),
    "order_value": ("firstordervalue", "firstorderamount", "firstordertotal"),
    "status": (
        "converted",
        "isconverted",
        "isactivated",
        "activated",
        "status",
        "accountstate",
        "state",
        "lifecyclestage",
        "customerstate",
        "confirmation",
        "isactive",
    ),
    "verified": (
        "emailverified",
        "verified",
        "isverified",
        "emailconfirmed",
        "confirmed",
        "verifiedemail",
    ),
    "consent": (
        "acceptsmarketing",
        "acceptsemailmarketing",
        "marketingconsent",
        "emailoptin",
        "optin",
        "newsletter",
        "subscribed",
    ),
    "source": (
        "registrationsource",
        "signupsource",
        "leadsource",
        "source",
        "origin",
        "channel",
        "createdin",
        "acquisitionchannel",
        "originalsource",
    ),
    "device": ("devicetype", "device", "platform", "signupdevice", "os"),
    "referral": (
        "referralsource",
        "referral",
        "referrer",
        "utmsource",
        "referredby",
        "campaignsource",
    ),
    "country": (
        "country",
        "countrycode",
        "countryregion",
        "defaultaddresscountrycode",
        "billingcountry",
        "cc",
    ),
    # Free text people wrote: what holds them back, in their own words.
    "feedback": (
        "feedback",
        "whynotbought",
        "whynotpurchased",
        "reason",
        "reasons",
        "surveyanswer",
        "surveyresponse",
        "comment",
        "comments",
        "remarks",
        "remark",
        "note",
        "notes",
        "message",
    ),
}
# Words in a status value that mean the person became a customer.
ACTIVE_WORDS = ("convert", "customer", "activ", "won", "enabled", "paid", "true", "yes")
# Column names that never make a good slice: free text and contact details.
NOT_SLICE_WORDS = (
    "note",
    "comment",
    "description",
    "address",
    "street",
    "phone",
    "mail",
    "name",
    "zip",
    "postal",
    "postcode",
    "message",
    "feedback",
    "url",
    "ip",
)
# Column names that make good extra slices when the file has them.
SLICE_NAME_WORDS = (
    "plan",
    "campaign",
    "industry",
    "segment",
    "state",
    "province",
    "region",
    "tag",
    "gender",
    "group",
    "language",
    "type",
    "offer",
    "tier",
    "city",
)


def normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class ActivationRule:
    """What makes a registered user count as activated."""

    kind: str  # "time", "order_count", "values", "verified" or "orders_file"
    column: int | None = None
    values: tuple[str, ...] = ()

    def describe(self, columns: list[str]) -> str:
        name = columns[self.column] if self.column is not None else ""
        if self.kind == "time":
            return texts.rule_time(name)
        if self.kind == "order_count":
            return texts.rule_order_count(name)
        if self.kind == "verified":
            return texts.rule_verified(name)
        if self.kind == "orders_file":
            return texts.RULE_ORDERS_FILE
        # rule_values says an empty cell (EMPTY_VALUE, "") in words.
        return texts.rule_values(name, list(self.values))

    @property
    def has_time(self) -> bool:
        return self.kind in ("time", "orders_file")


# Chosen in a values rule, matches rows where the column is empty.
EMPTY_VALUE = ""


@dataclass(frozen=True)
class OrdersLink:
    """How a second file of orders joins the customers file."""

    customer_column: int
    orders_column: int
    time_column: int | None
    value_column: int | None
    by_email: bool
    time_format: DateFormat | None = None
    decimal_comma: bool = False


@dataclass
class Mapping:
    """Roles of columns, the formats to read them, and the activation rule."""

    roles: dict[str, int]
    extra_slices: list[int]
    date_formats: dict[int, DateFormat]
    decimal_commas: dict[int, bool]
    activation: ActivationRule | None
    layout: str | None = None
    orders: OrdersLink | None = None
    questions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # How the file was read, shown on the Your data page rather than everywhere.
    notes: list[str] = field(default_factory=list)

    def column_for(self, role: str) -> int | None:
        return self.roles.get(role)

    def with_role(self, role: str, column: int | None) -> Mapping:
        roles = {r: c for r, c in self.roles.items() if r != role}
        if column is not None:
            roles = {r: c for r, c in roles.items() if c != column or r in SLICE_ROLES}
            roles[role] = column
        return replace(self, roles=roles)


@dataclass(frozen=True)
class Layout:
    """A known export: its telltale headers, the role of each header, and its rule."""

    name: str
    required: tuple[str, ...]
    roles: dict[str, tuple[str, ...]]
    rule: tuple[str, str, tuple[str, ...]]  # kind, column header, values
    slices: tuple[str, ...] = ()
    date_order: str | None = None


LAYOUTS = (
    Layout(
        "Shopify customers (newer layout)",
        ("customerid", "totalorders", "totalspent", "acceptsemailmarketing"),
        {
            "user_key": ("customerid",),
            "email": ("email",),
            "first_name": ("firstname",),
            "last_name": ("lastname",),
            "order_count": ("totalorders",),
            "consent": ("acceptsemailmarketing",),
            "country": ("defaultaddresscountrycode", "countrycode", "country"),
        },
        ("order_count", "totalorders", ()),
        ("acceptsemailmarketing", "acceptssmsmarketing", "tags", "taxexempt"),
    ),
    Layout(
        "Shopify customers",
        ("email", "totalorders", "totalspent"),
        {
            "email": ("email",),
            "first_name": ("firstname",),
            "last_name": ("lastname",),
            "order_count": ("totalorders",),
            "consent": ("acceptsemailmarketing", "acceptsmarketing"),
            "country": ("country", "countrycode"),
        },
        ("order_count", "totalorders", ()),
        ("acceptsemailmarketing", "acceptssmsmarketing", "province", "tags"),
    ),
    Layout(
        "Salesforce lead report",
        ("leadid", "createddate", "converted"),
        {
            "user_key": ("leadid",),
            "email": ("email",),
            "first_name": ("firstname",),
            "last_name": ("lastname",),
            "registered_at": ("createddate",),
            "status": ("converted",),
            "source": ("leadsource",),
            "country": ("country",),
        },
        ("values", "converted", ("TRUE", "true", "1")),
        ("stateprovince", "industry", "status", "leadrecordtype", "primaryapplication"),
    ),
    Layout(
        "Salesforce leads (object export)",
        ("id", "isconverted", "createddate"),
        {
            "user_key": ("id",),
            "email": ("email",),
            "first_name": ("firstname",),
            "last_name": ("lastname",),
            "registered_at": ("createddate",),
            "activated_at": ("converteddate",),
            "status": ("isconverted",),
            "source": ("leadsource",),
            "country": ("country",),
        },
        ("values", "isconverted", ("true", "TRUE", "1")),
        ("status", "industry", "state", "rating"),
    ),
    Layout(
        "Stripe customers",
        ("id", "email", "createdutc", "delinquent"),
        {
            "user_key": ("id",),
            "email": ("email",),
            "first_name": ("name",),
            "registered_at": ("createdutc",),
            "order_count": ("paymentcount",),
            "country": ("cardaddresscountry", "addresscountry"),
        },
        ("order_count", "paymentcount", ()),
        ("plan", "currency", "delinquent"),
    ),
    Layout(
        "HubSpot contacts",
        ("recordid", "email", "createdate", "lifecyclestage"),
        {
            "user_key": ("recordid",),
            "email": ("email",),
            "first_name": ("firstname",),
            "last_name": ("lastname",),
            "registered_at": ("createdate",),
            "activated_at": ("becameacustomerdate",),
            "status": ("lifecyclestage",),
            "source": ("originalsource", "originalsourcetype"),
            "country": ("countryregion", "country"),
        },
        ("values", "lifecyclestage", ("customer", "Customer")),
        ("leadstatus", "industry", "stateregion"),
    ),
    Layout(
        "Mailchimp audience",
        ("emailaddress", "optintime", "leid"),
        {
            "email": ("emailaddress",),
            "first_name": ("firstname",),
            "last_name": ("lastname",),
            "registered_at": ("optintime",),
            "activated_at": ("confirmtime",),
            "country": ("cc", "country"),
        },
        ("time", "confirmtime", ()),
        ("memberrating", "region", "timezone", "tags"),
    ),
    Layout(
        "Magento customers",
        ("email", "website", "confirmation", "createdat", "createdin"),
        {
            "email": ("email",),
            "first_name": ("firstname",),
            "last_name": ("lastname",),
            "registered_at": ("createdat",),
            "status": ("confirmation",),
            "source": ("createdin",),
        },
        ("values", "confirmation", (EMPTY_VALUE,)),
        ("groupid", "gender", "website", "store"),
        # Magento's import and export files write dates as M/D/YYYY.
        formats.MONTH_FIRST,
    ),
    Layout(
        "WooCommerce customers",
        ("dateregistered", "orders", "totalspend"),
        {
            "email": ("email",),
            "first_name": ("name", "firstname"),
            "registered_at": ("dateregistered",),
            "order_count": ("orders",),
            "country": ("countryregion", "country"),
        },
        ("order_count", "orders", ()),
        ("region", "city"),
    ),
    Layout(
        "WooCommerce customers (plugin export)",
        ("useremail", "userregistered", "ordercount"),
        {
            "user_key": ("customerid", "userid", "id"),
            "email": ("useremail",),
            "first_name": ("firstname",),
            "last_name": ("lastname",),
            "registered_at": ("userregistered",),
            "order_count": ("ordercount",),
            "country": ("billingcountry",),
        },
        ("order_count", "ordercount", ()),
        ("role", "billingstate"),
    ),
)


def recognise_layout(columns: list[str]) -> Layout | None:
    names = {normalise(c) for c in columns}
    for layout in LAYOUTS:
        if all(r in names for r in layout.required):
            return layout
    return None


def guess_mapping(con: duckdb.DuckDBPyConnection, raw: RawTable) -> Mapping:
    """The best mapping we can make without asking: a known layout or name hints."""
    index_by_name: dict[str, int] = {}
    for i, name in enumerate(raw.columns):
        index_by_name.setdefault(normalise(name), i)
    layout = recognise_layout(raw.columns)
    roles: dict[str, int] = {}
    if layout is not None:
        for role, names in layout.roles.items():
            found = next((index_by_name[n] for n in names if n in index_by_name), None)
            if found is not None:
                roles[role] = found
        # Columns the layout does not name may still be recognised by their names.
        taken = set(roles.values())
        for role, column in _roles_from_names(con, raw, index_by_name).items():
            if role not in roles and column not in taken:
                roles[role] = column
                taken.add(column)
    else:
        roles = _roles_from_names(con, raw, index_by_name)

    date_formats: dict[int, DateFormat] = {}
    for role in DATE_ROLES:
        column = roles.get(role)
        if column is None:
            continue
        profile = formats.profile_dates(
            con, raw.table, raw.column_sql(column), allow_serial=True
        )
        if profile.format is None or profile.share < 0.5:
            if layout is None:
                del roles[role]
            continue
        date_formats[column] = profile.format
        if layout is not None and layout.date_order and profile.format.order:
            known = profile.format.with_order(layout.date_order)
            date_formats[column] = replace(known, ambiguous=False)

    decimal_commas = {}
    if "order_value" in roles:
        column = roles["order_value"]
        decimal_commas[column] = formats.uses_decimal_comma(
            con, raw.table, raw.column_sql(column)
        )

    if layout is not None:
        kind, header, values = layout.rule
        rule_column = index_by_name.get(header)
        if (
            kind == "time"
            and rule_column is not None
            and rule_column not in date_formats
        ):
            profile = formats.profile_dates(con, raw.table, raw.column_sql(rule_column))
            if profile.format is not None:
                date_formats[rule_column] = profile.format
        if kind == "values" and rule_column is not None:
            values = _present_spellings(con, raw, rule_column, values)
        activation = ActivationRule(kind, rule_column, values)
        if "activated_at" in roles and roles["activated_at"] in date_formats:
            activation = ActivationRule("time", roles["activated_at"])
        elif rule_column is None or (
            kind == "time" and rule_column not in date_formats
        ):
            # This export lacks the layout's usual column: fall back to the best
            # sign of activation the file has.
            activation = guess_activation(con, raw, roles, date_formats)
    else:
        activation = guess_activation(con, raw, roles, date_formats)

    # Consent and status columns also make good slices; the others do not.
    used = {c for r, c in roles.items() if r not in ("consent", "status")}
    extra = _guess_extra_slices(con, raw, used, layout)
    mapping = Mapping(
        roles,
        extra,
        date_formats,
        decimal_commas,
        activation,
        layout.name if layout else None,
    )
    mapping.questions = date_questions(raw, mapping)
    for column, date_format in date_formats.items():
        if date_format.kind == "iso" and _has_times_without_zone(con, raw, column):
            mapping.notes.append(texts.times_read_as_utc(raw.columns[column]))
    if "user_key" in roles and _mangled_by_excel(con, raw, roles["user_key"]):
        # Excel rounds long ids into numbers like 7.02255E+12, so two people can
        # end up with the same id: identifying them by it would merge them.
        mapping.warnings.append(texts.ids_mangled(raw.columns[roles["user_key"]]))
        del mapping.roles["user_key"]
    return mapping


def _sample(con: duckdb.DuckDBPyConnection, raw: RawTable) -> str:
    """The sample of ``raw``'s rows that the mapping's guesses read."""
    formats.ensure_sample(con, raw.table, raw.rows_loaded)
    return formats.sample_of(raw.table)


def _mangled_by_excel(
    con: duckdb.DuckDBPyConnection, raw: RawTable, column: int
) -> bool:
    # Excel rewrites a whole column of long ids: the sample shows it.
    return con.execute(
        rf"""
        select count(*) > 0
        from {_sample(con, raw)}
        -- The plain test first spares most rows the regular expression.
        where (contains({raw.column_sql(column)}, 'E+')
            or contains({raw.column_sql(column)}, 'e+'))
            and regexp_full_match(
                clean_text({raw.column_sql(column)}), '-?\d(\.\d+)?[eE]\+\d+'
            )
        """
    ).fetchone()[0]


def _has_times_without_zone(
    con: duckdb.DuckDBPyConnection, raw: RawTable, column: int
) -> bool:
    value = f"clean_text({raw.column_sql(column)})"
    # The first such value answers: the scan stops there instead of counting all.
    return (
        con.execute(
            rf"""
        select 1
        from {_sample(con, raw)}
        where regexp_matches({value}, '\d{{2}}:\d{{2}}')
            and not regexp_matches({value}, '(Z|[+-]\d{{2}}:?\d{{2}})$')
        limit 1
        """
        ).fetchone()
        is not None
    )


def _present_spellings(
    con: duckdb.DuckDBPyConnection, raw: RawTable, column: int, values: tuple[str, ...]
) -> tuple[str, ...]:
    """The layout's values as this file spells them (TRUE, true or True)."""
    wanted = {v.lower() for v in values}
    present = [
        v
        for v, _ in status_values(con, raw, column, sample=True)
        if v.lower() in wanted
    ]
    return tuple(present) or values


def _roles_from_names(
    con: duckdb.DuckDBPyConnection, raw: RawTable, index_by_name: dict[str, int]
) -> dict[str, int]:
    roles: dict[str, int] = {}
    taken: set[int] = set()
    for role, hints in NAME_HINTS.items():
        for hint in hints:
            column = index_by_name.get(hint)
            if column is not None and column not in taken:
                roles[role] = column
                taken.add(column)
                break
    # A yes/no column named like "verified" also tells activation; a status column
    # must not double as a slice of the same name.
    if (
        "verified" in roles
        and "status" in roles
        and roles["verified"] == roles["status"]
    ):
        del roles["status"]
    if "email" not in roles:
        column = _find_email_column(con, raw, taken)
        if column is not None:
            roles["email"] = column
    return roles


def _find_email_column(
    con: duckdb.DuckDBPyConnection, raw: RawTable, taken: set[int]
) -> int | None:
    for i in range(len(raw.columns)):
        if i in taken:
            continue
        share = con.execute(
            f"""
            select avg(case when regexp_full_match(v, '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')
                then 1 else 0 end)
            from (
                select clean_text({raw.column_sql(i)}) as v
                from {_sample(con, raw)}
                limit 1000
            )
            where v is not null
            """
        ).fetchone()[0]
        if share is not None and share > 0.9:
            return i
    return None


def guess_activation(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    roles: dict[str, int],
    date_formats: dict[int, DateFormat],
) -> ActivationRule | None:
    """Pick the clearest sign of activation the file has, best first."""
    for role in ("activated_at", "first_order_at"):
        if role in roles and roles[role] in date_formats:
            return ActivationRule("time", roles[role])
    if "order_count" in roles:
        return ActivationRule("order_count", roles["order_count"])
    if "status" in roles:
        values = status_values(con, raw, roles["status"], sample=True)
        chosen = tuple(v for v, _ in values if _looks_active(v))
        status = raw.column_sql(roles["status"])
        if formats.profile_booleans(con, raw.table, status).looks_boolean:
            # A yes/no column: only yes words count; other words are reported.
            chosen = tuple(v for v in chosen if v.lower() in formats.TRUE_WORDS)
        if chosen:
            return ActivationRule("values", roles["status"], chosen)
    if "verified" in roles:
        return ActivationRule("verified", roles["verified"])
    return None


def _looks_active(value: str) -> bool:
    lowered = value.lower()
    if (
        lowered.startswith(("not", "un", "in", "non", "de"))
        or lowered in formats.FALSE_WORDS
    ):
        return False
    return lowered in formats.TRUE_WORDS or any(w in lowered for w in ACTIVE_WORDS)


def status_values(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    column: int,
    limit: int = 50,
    *,
    sample: bool = False,
) -> list[tuple[str, int]]:
    """The most common values of a column, as written, with their row counts.

    Counts over every row, as the user sees them; ``sample`` reads the sample
    instead, for a guess that needs only which values are common.
    """
    source = _sample(con, raw) if sample else raw.table
    rows = con.execute(
        f"""
        select coalesce(clean_text({raw.column_sql(column)}), $empty) as value,
            count(*) as rows
        from {source}
        group by value
        order by rows desc, value
        limit $limit
        """,
        {"empty": EMPTY_VALUE, "limit": limit},
    ).fetchall()
    return [(v, n) for v, n in rows]


def _guess_extra_slices(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    used: set[int],
    layout: Layout | None,
) -> list[int]:
    candidates = [
        c
        for c in categorical_columns(con, raw, used)
        if not any(w in normalise(raw.columns[c]) for w in NOT_SLICE_WORDS)
    ]
    names = [normalise(raw.columns[i]) for i in candidates]
    preferred = layout.slices if layout else ()
    if layout is not None:
        # A known export's useful slices are known; its other columns are noise
        # (internal ids, housekeeping flags). The user can still add them.
        keep = [
            (c, n) for c, n in zip(candidates, names, strict=True) if n in preferred
        ]
        candidates, names = [c for c, _ in keep], [n for _, n in keep]

    def rank(item: tuple[int, str]) -> tuple:
        column, name = item
        in_layout = preferred.index(name) if name in preferred else len(preferred)
        named_like_slice = not any(w in name for w in SLICE_NAME_WORDS)
        return (in_layout, named_like_slice, column)

    ranked = sorted(zip(candidates, names, strict=True), key=rank)
    return [column for column, _ in ranked[:EXTRA_SLICE_SLOTS]]


def categorical_columns(
    con: duckdb.DuckDBPyConnection, raw: RawTable, exclude: set[int] = frozenset()
) -> list[int]:
    """Columns whose values repeat enough to group users by: at most 50 values."""
    columns = [i for i in range(len(raw.columns)) if i not in exclude]
    if not columns:
        return []
    select = ", ".join(
        f"approx_count_distinct(clean_text({raw.column_sql(i)})) as d{i}, "
        f"count(clean_text({raw.column_sql(i)})) as n{i}"
        for i in columns
    )
    # How many values a column has is a guess: the sample tells it well enough.
    row = con.execute(f"select {select} from {_sample(con, raw)}").fetchone()
    found = []
    for position, i in enumerate(columns):
        distinct, present = row[2 * position], row[2 * position + 1]
        if present and 2 <= distinct <= 50 and distinct < max(3, present // 2):
            found.append(i)
    return found


def date_questions(raw: RawTable, mapping: Mapping) -> list[str]:
    """Plain questions for the user where the data cannot decide a format."""
    questions = []
    for column, date_format in mapping.date_formats.items():
        if date_format.ambiguous:
            questions.append(
                texts.ambiguous_dates(raw.columns[column], date_format.example)
            )
    return questions


ORDER_TIME_HINTS = (
    "createdat",
    "orderdate",
    "createddate",
    "date",
    "paidat",
    "wondate",
    "ordertime",
    "created",
    "orderedat",
    "purchasedate",
    "closedate",
)
ORDER_VALUE_HINTS = (
    "total",
    "amount",
    "ordertotal",
    "value",
    "revenue",
    "totalprice",
    "grandtotal",
)
# A figure someone declared or expects (a seller's declared monthly revenue, an
# estimated budget) is not what an order was worth, whatever else its name says.
NOT_AN_ORDERS_VALUE = (
    "declared",
    "monthly",
    "yearly",
    "annual",
    "estimated",
    "expected",
)
KEY_HINTS = ("email", "id", "customerid", "userid", "leadid", "mqlid", "contactid")


def guess_orders_link(
    con: duckdb.DuckDBPyConnection, customers: RawTable, orders: RawTable
) -> OrdersLink | None:
    """Find the columns both files share, judged by how many orders' keys match."""
    candidates = []
    for ci, cname in enumerate(customers.columns):
        cnorm = normalise(cname)
        if not (cnorm in KEY_HINTS or cnorm.endswith("id") or "email" in cnorm):
            continue
        for oi, oname in enumerate(orders.columns):
            onorm = normalise(oname)
            if onorm in ("id", "orderid", "name", "ordernumber"):
                continue  # the order's own number, not the customer's
            same = onorm == cnorm
            email_pair = "email" in cnorm and "email" in onorm
            id_pair = cnorm in ("id", "customerid", "userid") and onorm in (
                "customerid",
                "userid",
                "customer",
            )
            if same or email_pair or id_pair:
                candidates.append((ci, oi, email_pair))
    best = None
    for ci, oi, by_email in candidates:
        fold = "lower" if by_email else ""
        matched, total = con.execute(
            f"""
            with order_keys as (
                select distinct {fold}(clean_text({orders.column_sql(oi)})) as k
                from {orders.table}
            ),
            customer_keys as (
                select distinct {fold}(clean_text({customers.column_sql(ci)})) as k
                from {customers.table}
            )
            select count(*) filter (where k in (select k from customer_keys)),
                count(*)
            from order_keys
            where k is not null
            """
        ).fetchone()
        share = matched / total if total else 0.0
        if share >= 0.3 and (best is None or share > best[0]):
            best = (share, ci, oi, by_email)
    if best is None:
        return None
    _, ci, oi, by_email = best
    time_column, time_format = _first_matching_date(con, orders, ORDER_TIME_HINTS)
    value_column = None
    for hint in ORDER_VALUE_HINTS:
        found = next(
            (
                i
                for i, n in enumerate(orders.columns)
                if normalise(n) == hint
                and not any(word in normalise(n) for word in NOT_AN_ORDERS_VALUE)
            ),
            None,
        )
        if (
            found is not None
            and formats.number_share(con, orders.table, orders.column_sql(found)) > 0.9
        ):
            value_column = found
            break
    decimal_comma = value_column is not None and formats.uses_decimal_comma(
        con, orders.table, orders.column_sql(value_column)
    )
    return OrdersLink(
        ci, oi, time_column, value_column, by_email, time_format, decimal_comma
    )


def _first_matching_date(
    con: duckdb.DuckDBPyConnection, raw: RawTable, hints: tuple[str, ...]
) -> tuple[int | None, DateFormat | None]:
    for hint in hints:
        for i, name in enumerate(raw.columns):
            if normalise(name) != hint:
                continue
            profile = formats.profile_dates(con, raw.table, raw.column_sql(i))
            if profile.format is not None and profile.share >= 0.9:
                return i, profile.format
    return None, None


def with_roles(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    mapping: Mapping,
    roles: dict[str, int],
    extra_slices: list[int],
) -> Mapping:
    """The mapping with the user's choice of columns; date columns are re-read."""
    date_formats = {
        c: f for c, f in mapping.date_formats.items() if c in roles.values()
    }
    rule = mapping.activation
    if (
        rule is not None
        and rule.column is not None
        and rule.column in mapping.date_formats
    ):
        date_formats[rule.column] = mapping.date_formats[rule.column]
    kept = dict(roles)
    for role in DATE_ROLES:
        column = roles.get(role)
        if column is None or column in date_formats:
            continue
        profile = formats.profile_dates(
            con, raw.table, raw.column_sql(column), allow_serial=True
        )
        if profile.format is None:
            del kept[role]
            continue
        date_formats[column] = profile.format
    decimal_commas = dict(mapping.decimal_commas)
    if "order_value" in kept and kept["order_value"] not in decimal_commas:
        decimal_commas[kept["order_value"]] = formats.uses_decimal_comma(
            con, raw.table, raw.column_sql(kept["order_value"])
        )
    # A column given a named split is not offered a second time as another split.
    named = {kept[role] for role in SLICE_ROLES if role in kept}
    extra_slices = [column for column in extra_slices if column not in named]
    updated = replace(
        mapping,
        roles=kept,
        extra_slices=extra_slices[:EXTRA_SLICE_SLOTS],
        date_formats=date_formats,
        decimal_commas=decimal_commas,
    )
    updated.questions = date_questions(raw, updated)
    return updated


def with_rule(
    con: duckdb.DuckDBPyConnection,
    raw: RawTable,
    mapping: Mapping,
    rule: ActivationRule,
) -> Mapping:
    """The mapping under another activation rule; a date column is read once."""
    date_formats = dict(mapping.date_formats)
    if rule.kind == "time" and rule.column not in date_formats:
        profile = formats.profile_dates(
            con, raw.table, raw.column_sql(rule.column), allow_serial=True
        )
        if profile.format is None:
            raise ValueError(texts.not_dates(raw.columns[rule.column]))
        date_formats[rule.column] = profile.format
    updated = replace(mapping, activation=rule, date_formats=date_formats)
    updated.questions = date_questions(raw, updated)
    return updated


def with_date_order(
    raw: RawTable, mapping: Mapping, column: int, order: str
) -> Mapping:
    """The mapping with one column's dates read day-first or month-first, as the
    user confirmed; the question about that column is then answered."""
    date_formats = dict(mapping.date_formats)
    chosen = date_formats[column].with_order(order)
    date_formats[column] = replace(chosen, ambiguous=False)
    updated = replace(mapping, date_formats=date_formats)
    updated.questions = date_questions(raw, updated)
    return updated
