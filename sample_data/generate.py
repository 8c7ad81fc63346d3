"""Generate the bundled sample: registered users of a made-up online shop.

One row per registered user, with the moment and value of the first order when
there was one. Orders are known up to the end of 2026-11-30, the export date.

Run from the repository root:

    python sample_data/generate.py

The seed is fixed, so two runs write byte-identical files.
"""

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261130
OUTPUT = Path(__file__).with_name("users.csv")
TOUCHES_OUTPUT = Path(__file__).with_name("touches.csv")
# The touches have their own seed, so adding them left users.csv unchanged.
TOUCHES_SEED = SEED + 1

FIRST_DAY = pd.Timestamp("2024-06-01")
LAST_DAY = pd.Timestamp("2026-11-30")
EPOCH = pd.Timestamp("1970-01-01")
# The export is taken at the end of the last day: later orders are not known yet,
# so recent sign-ups have had less time to order (their wait is censored).
OBSERVED_UNTIL = LAST_DAY + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)

# Everyday sign-ups, spread over the days by growth and season.
N_REGULAR = 23_000
# A paid-social giveaway campaign in March 2026 bought many extra sign-ups, mostly
# people after the prize: they rarely confirm their e-mail and rarely order.
N_CAMPAIGN = 1_500
CAMPAIGN_FIRST_DAY = pd.Timestamp("2026-03-02")
CAMPAIGN_LAST_DAY = pd.Timestamp("2026-03-29")

COLUMNS = [
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
]
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"

# --- Sign-up volume -----------------------------------------------------------

# The shop grows: the daily sign-up rate is about 2.5 times higher at the end
# of the period than at its start.
YEARLY_GROWTH = np.log(2.5) / 2.5
# Monday to Sunday. People browse and sign up more on Sunday evening and Monday,
# less on Friday and Saturday.
WEEKDAY_FACTOR = [1.08, 1.03, 1.00, 0.98, 0.92, 0.85, 1.06]
# January to December: a summer dip and a November/December gift-season peak.
MONTH_FACTOR = [0.95, 0.90, 1.00, 1.00, 0.95, 0.85, 0.78, 0.80, 0.95, 1.05, 1.35, 1.30]
# Black Friday to Cyber Monday brings a short burst on top of the November peak.
BLACK_FRIDAY_FACTOR = 1.8
# Share of the day's sign-ups in each UTC hour: quiet at night, busiest in the
# evening, when most of the shop's visitors are at home.
HOUR_WEIGHTS = [
    # 00:00 to 11:00, then 12:00 to 23:00.
    *[2, 1.5, 1, 1, 1, 1.5, 2.5, 4, 5, 5.5, 5.5, 5.5],
    *[6, 6, 5.5, 5.5, 5.5, 6, 7, 8, 8.5, 8, 6, 4],
]

# --- Who signs up -------------------------------------------------------------

# Apps gain share over time; the app weights below grow by this factor from the
# first day to the last.
APP_SHARE_GROWTH = 1.8
SOURCE_WEIGHTS = {
    "web": 42,
    "ios_app": 12,
    "android_app": 12,
    "checkout": 16,
    "social_login": 10,
}
APP_SOURCES = ["ios_app", "android_app"]
DEVICES = ["desktop", "mobile", "tablet"]
# The device follows the sign-up path: the apps only run on phones and tablets.
DEVICE_BY_SOURCE = {
    "web": [55, 35, 10],
    "checkout": [50, 42, 8],
    "social_login": [35, 57, 8],
    "ios_app": [0, 85, 15],
    "android_app": [0, 92, 8],
}
# A social login brings an address the provider has already confirmed; otherwise
# many people never click the confirmation link.
VERIFIED_BY_SOURCE = {
    "web": 0.66,
    "checkout": 0.74,
    "social_login": 0.97,
    "ios_app": 0.72,
    "android_app": 0.70,
}
REFERRAL_WEIGHTS = {
    "organic_search": 28,
    "paid_search": 15,
    "paid_social": 12,
    "newsletter": 7,
    "affiliate": 7,
    "direct": 22,
    "friend_referral": 9,
}
COUNTRY_WEIGHTS = {
    "United States": 38,
    "United Kingdom": 14,
    "Germany": 12,
    "France": 9,
    "Canada": 8,
    "Australia": 7,
    "Netherlands": 6,
    "Spain": 6,
}
OFFER_WEIGHTS = {"none": 55, "10_percent_off": 30, "free_shipping": 15}
# Newsletter readers opted in already; buyers signing up at checkout are in a
# hurry and untick the box more often.
MARKETING_OPT_IN = 0.52
MARKETING_OPT_IN_NEWSLETTER = 0.88
MARKETING_OPT_IN_CHECKOUT = 0.38

# The campaign ran in English on social networks and pointed to a landing page
# and the apps, with a 10% voucher for everyone who entered.
CAMPAIGN_SOURCE_WEIGHTS = {
    "web": 45,
    "ios_app": 20,
    "android_app": 25,
    "checkout": 0,
    "social_login": 10,
}
CAMPAIGN_DEVICE_WEIGHTS = [8, 85, 7]
CAMPAIGN_VERIFIED = 0.15
# Entrants were also asked to share the giveaway, so a few came through friends.
CAMPAIGN_REFERRAL_WEIGHTS = {
    **dict.fromkeys(REFERRAL_WEIGHTS, 0),
    "paid_social": 88,
    "direct": 5,
    "friend_referral": 7,
}
CAMPAIGN_COUNTRY_WEIGHTS = {
    **dict.fromkeys(COUNTRY_WEIGHTS, 0),
    "United States": 55,
    "United Kingdom": 20,
    "Canada": 14,
    "Australia": 11,
}
CAMPAIGN_OFFER_WEIGHTS = {"none": 20, "10_percent_off": 75, "free_shipping": 5}
CAMPAIGN_OPT_IN = 0.65

# First names by the language of the country, so rows look plausible.
NAMES_BY_LANGUAGE = {
    "en": [
        *["James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia"],
        *["Ethan", "Mia", "Lucas", "Amelia", "Mason", "Harper", "Logan", "Ella"],
        *["Jack", "Grace", "Henry", "Chloe", "Ryan", "Zoe", "Daniel", "Lily"],
        *["Aaliyah", "Mohammed", "Priya", "Wei", "Siobhan", "Connor"],
    ],
    "de": [
        *["Lukas", "Anna", "Leon", "Lena", "Finn", "Marie", "Jonas", "Sophie"],
        *["Paul", "Laura", "Felix", "Hannah", "Jürgen", "Jörg", "Günter", "Mia"],
        *["Elias", "Emilia", "Maximilian", "Clara", "Mehmet", "Ayşe"],
    ],
    "fr": [
        *["Gabriel", "Louise", "Raphaël", "Jade", "Léo", "Chloé", "Hugo", "Inès"],
        *["Lucas", "Camille", "Théo", "Manon", "Nathan", "Léa", "Louis", "Zoé"],
        *["Hélène", "François", "Amélie", "Yasmine"],
    ],
    "nl": [
        *["Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Levi", "Sophie"],
        *["Finn", "Fleur", "Bram", "Anouk", "Thijs", "Sanne", "Joost", "Noor"],
    ],
    "es": [
        *["Hugo", "Lucía", "Martín", "Sofía", "Mateo", "Martina", "Pablo"],
        *["María", "Álvaro", "Paula", "Alejandro", "Carmen", "Javier", "Elena"],
        *["Daniel", "Julia", "José", "Nuria"],
    ],
}
LANGUAGE_BY_COUNTRY = {
    "United States": "en",
    "United Kingdom": "en",
    "Germany": "de",
    "France": "fr",
    "Canada": "en",
    "Australia": "en",
    "Netherlands": "nl",
    "Spain": "es",
}
EMAIL_DOMAINS = {
    "example.com": 40,
    "example.org": 20,
    "example.net": 20,
    "mail.example.com": 12,
    "inbox.example.net": 8,
}

# --- Who orders, when, and for how much ----------------------------------------

# Chance of ever ordering, as effects on the log-odds. The intercept is set so
# that about 40% of all users have ordered by the export date.
INTERCEPT = -1.3
# Confirming the address is the strongest sign of intent; people who sign up
# while paying almost always finish the order.
SOURCE_EFFECT = {
    "web": 0.0,
    "checkout": 3.0,
    "social_login": -0.1,
    "ios_app": 0.25,
    "android_app": 0.0,
}
VERIFIED_EFFECT = {"yes": 0.65, "no": -0.75}
# Checking out on a phone is harder than on a computer.
DEVICE_EFFECT = {"desktop": 0.30, "mobile": -0.25, "tablet": 0.0}
REFERRAL_EFFECT = {
    "organic_search": 0.10,
    "paid_search": 0.0,
    "paid_social": -0.80,
    "newsletter": 0.70,
    "affiliate": -0.10,
    "direct": 0.30,
    "friend_referral": 0.85,
}
# Free shipping removes the most common reason to abandon a first basket.
OFFER_EFFECT = {"none": 0.0, "10_percent_off": 0.20, "free_shipping": 0.50}
MARKETING_EFFECT = {"yes": 0.30, "no": 0.0}
# Delivery times and local competition make some markets slower to convert.
COUNTRY_EFFECT = {
    "United States": 0.0,
    "United Kingdom": 0.05,
    "Germany": 0.15,
    "France": -0.10,
    "Canada": -0.05,
    "Australia": -0.15,
    "Netherlands": 0.10,
    "Spain": -0.30,
}
# Giveaway entrants were after the prize, not the shop.
CAMPAIGN_EFFECT = -0.60

# Time to the first order. Buyers who sign up at checkout finish within minutes.
# Everyone else either orders in the same visit or day, or comes back later with
# a long tail over months. A voucher that expires in 14 days pulls orders forward.
CHECKOUT_MEAN_MINUTES = 6
SAME_DAY_SHARE = {"none": 0.30, "10_percent_off": 0.48, "free_shipping": 0.38}
SAME_DAY_MEDIAN_MINUTES = 45
LATER_MEDIAN_DAYS = 14
LATER_SPREAD = 1.5

# First-order value in the shop's currency: right-skewed, with a median around
# 60, a little higher where baskets are bigger and shipping is dearer.
VALUE_MEDIAN_BY_COUNTRY = {
    "United States": 64,
    "United Kingdom": 56,
    "Germany": 59,
    "France": 55,
    "Canada": 61,
    "Australia": 68,
    "Netherlands": 57,
    "Spain": 47,
}
VALUE_SPREAD = 0.55
# A percentage voucher lowers the amount paid; free shipping over a threshold
# nudges people to add one more item.
VALUE_FACTOR_BY_OFFER = {"none": 1.0, "10_percent_off": 0.9, "free_shipping": 1.08}
MIN_ORDER_VALUE = 4.99


def pick(rng, labels, weights, n):
    """Draw n labels; weights has one entry per label, or one row per draw."""
    weights = np.broadcast_to(np.asarray(weights, dtype=float), (n, len(labels)))
    cumulative = weights.cumsum(axis=1)
    cumulative /= cumulative[:, -1:]
    chosen = (rng.random(n)[:, None] >= cumulative).sum(axis=1)
    return np.asarray(labels, dtype=object)[chosen]


def pick_from(rng, options, n):
    """Draw n labels from a {label: weight} dictionary."""
    return pick(rng, list(options), list(options.values()), n)


def yes_no(rng, chance_of_yes):
    """Draw 'yes' or 'no' per row with the given chance of 'yes'."""
    chance_of_yes = np.asarray(chance_of_yes, dtype=float)
    return np.where(rng.random(chance_of_yes.shape) < chance_of_yes, "yes", "no")


def black_friday_weekends(years):
    """Black Friday (day after the fourth Thursday of November) to Cyber Monday."""
    days = []
    for year in years:
        november = pd.date_range(f"{year}-11-01", f"{year}-11-30")
        fourth_thursday = november[november.day_of_week == 3][3]
        days += list(pd.date_range(fourth_thursday + pd.Timedelta(days=1), periods=4))
    return pd.DatetimeIndex(days)


def daily_signup_weights(days):
    """Relative sign-up volume of each day: growth times weekly and yearly rhythm."""
    years_elapsed = (days - days[0]).days.to_numpy() / 365.25
    weights = np.exp(YEARLY_GROWTH * years_elapsed)
    weights *= np.take(WEEKDAY_FACTOR, days.day_of_week)
    weights *= np.take(MONTH_FACTOR, days.month - 1)
    weights[days.isin(black_friday_weekends(days.year.unique()))] *= BLACK_FRIDAY_FACTOR
    return weights / weights.sum()


def draw_registration_seconds(rng, days, weights, n):
    """Registration moments, in seconds since 1970, for n users on the given days."""
    per_day = rng.multinomial(n, weights)
    day_starts = (days - EPOCH).total_seconds().to_numpy().astype(np.int64)
    hours = pick(rng, range(24), HOUR_WEIGHTS, n)
    within_hour = rng.integers(0, 3600, n)
    return np.repeat(day_starts, per_day) + hours.astype(np.int64) * 3600 + within_hour


def draw_regular_profiles(rng, registered):
    """Sign-up path, device and marketing answers of everyday sign-ups."""
    n = len(registered)
    share_of_period = (registered - registered.min()) / np.ptp(registered)
    source_weights = np.tile(list(SOURCE_WEIGHTS.values()), (n, 1)).astype(float)
    for app in APP_SOURCES:
        column = list(SOURCE_WEIGHTS).index(app)
        source_weights[:, column] *= 1 + (APP_SHARE_GROWTH - 1) * share_of_period
    source = pick(rng, list(SOURCE_WEIGHTS), source_weights, n)
    referral = pick_from(rng, REFERRAL_WEIGHTS, n)

    opt_in = np.full(n, MARKETING_OPT_IN)
    opt_in[referral == "newsletter"] = MARKETING_OPT_IN_NEWSLETTER
    opt_in[source == "checkout"] = MARKETING_OPT_IN_CHECKOUT
    return pd.DataFrame(
        {
            "registration_source": source,
            "email_verified": yes_no(rng, pd.Series(source).map(VERIFIED_BY_SOURCE)),
            "device_type": pick(rng, DEVICES, [DEVICE_BY_SOURCE[s] for s in source], n),
            "referral_source": referral,
            "country": pick_from(rng, COUNTRY_WEIGHTS, n),
            "accepts_marketing": yes_no(rng, opt_in),
            "signup_offer": pick_from(rng, OFFER_WEIGHTS, n),
            "from_campaign": False,
        }
    )


def draw_campaign_profiles(rng, n):
    """Sign-up path, device and marketing answers of the giveaway entrants."""
    source = pick_from(rng, CAMPAIGN_SOURCE_WEIGHTS, n)
    # Social logins still arrive confirmed by the provider.
    verified = np.where(
        source == "social_login", VERIFIED_BY_SOURCE["social_login"], CAMPAIGN_VERIFIED
    )
    devices = pick(rng, DEVICES, CAMPAIGN_DEVICE_WEIGHTS, n)
    devices[np.isin(source, APP_SOURCES) & (devices == "desktop")] = "mobile"
    return pd.DataFrame(
        {
            "registration_source": source,
            "email_verified": yes_no(rng, verified),
            "device_type": devices,
            "referral_source": pick_from(rng, CAMPAIGN_REFERRAL_WEIGHTS, n),
            "country": pick_from(rng, CAMPAIGN_COUNTRY_WEIGHTS, n),
            "accepts_marketing": yes_no(rng, np.full(n, CAMPAIGN_OPT_IN)),
            "signup_offer": pick_from(rng, CAMPAIGN_OFFER_WEIGHTS, n),
            "from_campaign": True,
        }
    )


def ascii_lower(name):
    """A name as lower-case ASCII, fit for the left side of an e-mail address."""
    return (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    )


def draw_names_and_emails(rng, countries):
    """A first name that fits the country and a unique made-up e-mail address."""
    n = len(countries)
    names = np.empty(n, dtype=object)
    for language, pool in NAMES_BY_LANGUAGE.items():
        speaks = countries.map(LANGUAGE_BY_COUNTRY).to_numpy() == language
        names[speaks] = rng.choice(pool, speaks.sum())

    # A distinct number per user keeps every address unique whatever its style.
    numbers = rng.choice(np.arange(100_000, 1_000_000), n, replace=False)
    domains = pick_from(rng, EMAIL_DOMAINS, n)
    styles = rng.integers(0, 3, n)
    plain = pd.Series(names).map(ascii_lower).to_numpy(dtype=object)
    number = numbers.astype(str).astype(object)
    local_parts = np.select(
        [styles == 0, styles == 1],
        [plain + number, plain + "." + number],
        default="user" + number,
    )
    emails = local_parts + "@" + domains
    return names, emails


def chance_of_ordering(users):
    """Each user's chance of ever placing a first order."""
    log_odds = (
        INTERCEPT
        + users["registration_source"].map(SOURCE_EFFECT)
        + users["email_verified"].map(VERIFIED_EFFECT)
        + users["device_type"].map(DEVICE_EFFECT)
        + users["referral_source"].map(REFERRAL_EFFECT)
        + users["signup_offer"].map(OFFER_EFFECT)
        + users["accepts_marketing"].map(MARKETING_EFFECT)
        + users["country"].map(COUNTRY_EFFECT)
        + np.where(users["from_campaign"], CAMPAIGN_EFFECT, 0.0)
    )
    return 1 / (1 + np.exp(-log_odds.to_numpy(dtype=float)))


def draw_seconds_to_first_order(rng, users):
    """Wait from registration to first order, in whole seconds (at least one)."""
    n = len(users)
    at_checkout = rng.exponential(CHECKOUT_MEAN_MINUTES * 60, n)
    same_day = np.minimum(
        rng.lognormal(np.log(SAME_DAY_MEDIAN_MINUTES * 60), 1.0, n), 20 * 3600
    )
    later = np.maximum(
        rng.lognormal(np.log(LATER_MEDIAN_DAYS * 86_400), LATER_SPREAD, n), 86_400
    )
    comes_back_same_day = rng.random(n) < users["signup_offer"].map(SAME_DAY_SHARE)

    wait = np.where(comes_back_same_day, same_day, later)
    wait = np.where(users["registration_source"] == "checkout", at_checkout, wait)
    return np.ceil(wait).astype(np.int64) + 1


def draw_first_order_values(rng, users):
    """Amount of the first order, rounded to cents."""
    median = users["country"].map(VALUE_MEDIAN_BY_COUNTRY) * users["signup_offer"].map(
        VALUE_FACTOR_BY_OFFER
    )
    values = rng.lognormal(np.log(median.to_numpy(dtype=float)), VALUE_SPREAD)
    return np.maximum(values, MIN_ORDER_VALUE).round(2)


def build_users(rng):
    """All users, sorted by registration, with the first order where one is known."""
    days = pd.date_range(FIRST_DAY, LAST_DAY)
    regular_at = draw_registration_seconds(
        rng, days, daily_signup_weights(days), N_REGULAR
    )
    campaign_days = pd.date_range(CAMPAIGN_FIRST_DAY, CAMPAIGN_LAST_DAY)
    campaign_at = draw_registration_seconds(
        rng, campaign_days, daily_signup_weights(campaign_days), N_CAMPAIGN
    )
    users = pd.concat(
        [
            draw_regular_profiles(rng, regular_at),
            draw_campaign_profiles(rng, N_CAMPAIGN),
        ],
        ignore_index=True,
    )
    users.insert(0, "registered", np.concatenate([regular_at, campaign_at]))

    # Draw every random column for every user, then keep what applies, so each
    # column's draws never depend on the outcome of another.
    orders = rng.random(len(users)) < chance_of_ordering(users)
    ordered_at = users["registered"] + draw_seconds_to_first_order(rng, users)
    values = draw_first_order_values(rng, users)
    observed_until = int((OBSERVED_UNTIL - EPOCH).total_seconds())
    known = orders & (ordered_at <= observed_until)
    users["first_order"] = ordered_at.where(known)
    users["first_order_value"] = np.where(known, values, np.nan)

    users = users.sort_values("registered", kind="stable", ignore_index=True)
    users["first_name"], users["email"] = draw_names_and_emails(rng, users["country"])
    users["customer_id"] = [f"C{i:06d}" for i in range(1, len(users) + 1)]
    return users


def as_timestamp_text(seconds):
    """Seconds since 1970 as 'YYYY-MM-DD HH:MM:SS' text, empty where missing."""
    moments = pd.to_datetime(seconds, unit="s")
    return moments.dt.strftime(TIMESTAMP_FORMAT).fillna("")


def to_export(users):
    """The columns of the CSV, all as text, in their published order."""
    values = users["first_order_value"]
    return users.assign(
        registered_at=as_timestamp_text(users["registered"]),
        first_order_at=as_timestamp_text(users["first_order"]),
        first_order_value=values.map("{:.2f}".format).where(values.notna(), ""),
    )[COLUMNS]


def check(users):
    """Stop before writing if the sample breaks a promise made in its README."""
    ordered = users.dropna(subset="first_order")
    problems = {
        "customer_id is not unique": not users["customer_id"].is_unique,
        "email is not unique": not users["email"].is_unique,
        "a first order precedes its registration": (
            ordered["first_order"] < ordered["registered"]
        ).any(),
        "a first order falls after the export": (
            ordered["first_order"] > (OBSERVED_UNTIL - EPOCH).total_seconds()
        ).any(),
        "the last registration is not on the last day": (
            pd.to_datetime(users["registered"].max(), unit="s").normalize() != LAST_DAY
        ),
    }
    broken = [problem for problem, found in problems.items() if found]
    if broken:
        raise SystemExit("sample not written: " + "; ".join(broken))


# --- Marketing touches ---------------------------------------------------------

# Messages sent to people who had not ordered yet: name, channel, promotion code
# (empty for none), day sent, who can get it, share of them sent, and how strongly
# the message goes with a first order soon after (the share of people who would
# have ordered within two weeks anyway that the message is drawn to reach).
CAMPAIGNS = [
    ("summer_sale", "email", "SUMMER15", "2026-07-06", "marketing", 0.25, 0.9),
    ("app_nudge", "in-app", "", "2026-07-20", "app", 0.4, 0.6),
    ("back_to_school", "sms", "FREESHIP", "2026-08-24", "everyone", 0.2, 0.3),
    ("autumn_reminder", "email", "", "2026-09-14", "marketing", 0.3, 0.5),
    ("october_offer", "sms", "OCT10", "2026-10-12", "everyone", 0.2, 0.7),
    ("black_friday", "email", "BF25", "2026-11-27", "marketing", 0.4, 0.8),
]
TOUCH_COLUMNS = ["customer_id", "sent_at", "channel", "campaign", "offer_code"]
ASSOCIATION_DAYS = 14


def build_touches(rng, users):
    """One row per message sent, to users registered and not yet customers."""
    rows = []
    for name, channel, offer, day, audience, share, pull in CAMPAIGNS:
        sent_day = int((pd.Timestamp(day) - EPOCH).total_seconds())
        waiting = (users["registered"] < sent_day) & ~(users["first_order"] < sent_day)
        if audience == "marketing":
            waiting &= users["accepts_marketing"] == "yes"
        elif audience == "app":
            waiting &= users["registration_source"].isin(["ios_app", "android_app"])
        soon = users["first_order"] < sent_day + ASSOCIATION_DAYS * 86_400
        chosen = rng.random(len(users)) < share
        pulled = rng.random(len(users)) < pull
        # Everyone drawn, then a lean towards people about to order anyway:
        # the association the page shows, with no cause in it.
        picked = waiting & (chosen | (soon & pulled))
        seconds = sent_day + rng.integers(8 * 3600, 20 * 3600, len(users))
        sent = pd.DataFrame(
            {
                "customer_id": users["customer_id"],
                "sent": seconds,
                "channel": channel,
                "campaign": name,
                "offer_code": offer,
            }
        )[picked.to_numpy()]
        # A message never arrives after the order it is meant to bring.
        ordered = users.loc[picked, "first_order"].to_numpy()
        sent = sent[~(ordered <= sent["sent"].to_numpy())]
        rows.append(sent)
    touches = pd.concat(rows, ignore_index=True).sort_values(
        ["sent", "customer_id"], kind="stable", ignore_index=True
    )
    touches["sent_at"] = as_timestamp_text(touches["sent"])
    return touches[TOUCH_COLUMNS]


def main():
    users = build_users(np.random.default_rng(SEED))
    check(users)
    to_export(users).to_csv(OUTPUT, index=False, encoding="utf-8", lineterminator="\n")
    print(f"wrote {len(users):,} users to {OUTPUT}")
    touches = build_touches(np.random.default_rng(TOUCHES_SEED), users)
    touches.to_csv(TOUCHES_OUTPUT, index=False, encoding="utf-8", lineterminator="\n")
    print(f"wrote {len(touches):,} touches to {TOUCHES_OUTPUT}")


if __name__ == "__main__":
    main()
