"""A cell of any length is shown and searched in time in step with its length:
the server answers every session from one process, so one slow cell would stall
them all."""

import random
import re

from nonactivated import dataset, feedback, metrics, texts

# The plain forms of the two address patterns: right, but they try every start
# inside a run of letters, which costs the square of a long cell's length.
PLAIN_EMAIL_IN_TEXT = re.compile(r"[^@\s]+@[^@\s]+")
PLAIN_FEEDBACK_EMAIL = re.compile(r"[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[^\s@<>()\[\]]+")


def random_texts(count: int, seed: int) -> list[str]:
    chance = random.Random(seed)
    letters = "ab1@.  -<()[]\n"
    return [
        "".join(chance.choice(letters) for _ in range(chance.randint(0, 24)))
        for _ in range(count)
    ]


def test_the_preview_hides_the_same_addresses_as_the_plain_pattern():
    for text in random_texts(5_000, seed=1):
        assert metrics.EMAIL_IN_TEXT.sub("#", text) == PLAIN_EMAIL_IN_TEXT.sub(
            "#", text
        ), text


def test_answers_hide_the_same_addresses_as_the_plain_pattern():
    for text in random_texts(5_000, seed=2):
        assert feedback.EMAIL.sub("#", text) == PLAIN_FEEDBACK_EMAIL.sub("#", text), (
            text
        )


def test_an_address_at_the_end_of_a_very_long_answer_is_hidden():
    answer = "x" * 300_000 + " write to ana@example.com"

    shown = feedback.hide_contacts(answer, "#")

    assert shown == "x" * 300_000 + " write to #"


def test_the_preview_cuts_a_very_long_cell_and_shows_empty_cells_as_empty():
    note = "y" * 300_000
    data = (
        "customer_id,registered_at,note,plan\n"
        f"1,2024-01-01,{note},\n"
        "2,2024-01-02,see bo@example.com,Pro\n"
    ).encode()
    current = dataset.load(data, "customers.csv")

    shown = metrics.preview(current)

    assert shown["note"].tolist() == [
        "y" * metrics.PREVIEW_CHARS + "…",
        f"see {texts.HIDDEN}",
    ]
    assert shown["plan"].tolist() == ["", "Pro"]
