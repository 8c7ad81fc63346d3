"""A cell of any length is shown and searched in time in step with its length:
the server answers every session from one process, so one slow cell would stall
them all."""

import random
import re

import pandas as pd

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


def test_a_run_of_letters_longer_than_any_word_is_not_counted_as_one():
    answers = pd.DataFrame(
        {
            "feedback": ["x" * 300_000, "late " + "y" * 41, "z" * 40 + " shipping"],
            "people": [1, 1, 1],
        }
    )

    terms = feedback.top_terms(answers)

    assert sorted(terms["term"]) == ["late", "shipping", "z" * 40]


def test_only_the_first_characters_of_an_answer_are_read_and_the_page_says_so():
    late = " " * feedback.ANSWER_CHARS + "price"
    answers = pd.DataFrame({"feedback": ["shipping " + late], "people": [3]})

    terms = feedback.top_terms(answers)

    assert terms["term"].tolist() == ["shipping"]
    assert f"first {feedback.ANSWER_CHARS:,} characters" in texts.FEEDBACK_CAPTION
