"""The canonical users table: one row per person, every other row accounted for."""

from nonactivated import dataset, metrics, texts
from nonactivated.queries import Filters


def test_a_person_listed_twice_counts_once_with_the_purchase_of_either_copy():
    data = (
        b"email,registered_at,first_order_at,first_order_value\n"
        b"a@example.com,2024-01-02,,\n"
        b"A@EXAMPLE.COM ,2024-01-01,2024-01-05,10\n"
        b"b@example.com,2024-01-03,,\n"
    )
    ds = dataset.load(data, "customers.csv")
    rows = ds.con.execute(
        "select email, registered_at::date::varchar, activated_ever, first_order_value"
        " from users order by row_number"
    ).fetchall()
    # The earliest sign-up counts, and the second copy's order makes a customer.
    assert rows == [
        ("a@example.com", "2024-01-01", True, 10.0),
        ("b@example.com", "2024-01-03", False, None),
    ]
    assert ds.model.set_aside_counts == {texts.SET_ASIDE_DUPLICATE: 1}
    figures = metrics.headline(ds, Filters(), ds.model.last_date)
    assert (figures.all_users, figures.non_activated_users) == (2, 1)


def test_a_registration_date_in_the_future_is_set_aside_and_moves_no_default():
    data = (
        b"email,registered_at,first_order_at\n"
        b"a@example.com,2024-01-02,\n"
        b"b@example.com,2099-01-01,\n"
    )
    ds = dataset.load(data, "customers.csv")
    assert ds.model.rows_used == 1
    assert ds.model.set_aside_counts == {texts.SET_ASIDE_FUTURE_REGISTRATION: 1}
    assert ds.model.last_date.isoformat() == "2024-01-02"
