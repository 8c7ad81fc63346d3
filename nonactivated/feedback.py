"""What people who never bought wrote, in a free-text column: the words and short
phrases they use most, and a few answers to read, with contact details hidden.

DuckDB gathers the distinct answers and how many people wrote each; splitting
them into words happens here, because no portable SQL splits text into words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pandas as pd

from nonactivated import texts
from nonactivated.dataset import Dataset
from nonactivated.metrics import _cached
from nonactivated.queries import Filters, end_of_day

# Starts only where a run of address characters starts and never gives back
# what the first run took, so a long answer costs time in step with its length
# (see metrics.EMAIL_IN_TEXT).
EMAIL = re.compile(
    r"(?<![^\s@<>()\[\]])[^\s@<>()\[\]]++@[^\s@<>()\[\]]+\.[^\s@<>()\[\]]+"
)
# A run of at least seven digits with the usual separators: phone numbers in any
# country's way of writing them, and long enough to spare prices and years.
PHONE = re.compile(r"\+?\d(?:[\s().\-/]*\d){6,}")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\"\n\r/]+")
EXAMPLE_CHARS = 240
# An answer is read up to this many characters, and a run of letters longer than
# a word ever is (German compounds included) is not counted as one: a pasted
# document or a cell of filler would otherwise hold the server for every session,
# once per term its examples are looked up for.
ANSWER_CHARS = 2_000
LONGEST_WORD = 40

# Words that carry no reason on their own, in the languages of most shops here.
_STOP_WORDS_TEXT = """
    a about above after again against all also am an and any are aren't as at be
    because been before being below between both but by can can't cannot could
    couldn't did didn't do does doesn't doing don't down during each even ever
    few for from further get got had hadn't has hasn't have haven't having he her
    here hers herself him himself his how i i'd i'll i'm i've if in into is isn't
    it it's its itself just let's like me more most much my myself no nor not now
    of off on once one only or other ought our ours ourselves out over own really
    same shan't she should shouldn't so some still such than that that's the
    their theirs them themselves then there there's these they they're this those
    through to too under until up us very was wasn't we we're were weren't what
    when where which while who whom why will with won't would wouldn't yet you
    you're your yours yourself yourselves im dont didnt cant wont doesnt isnt ive
    thing things yes ok okay maybe want wanted would've go going gone see etc
    der die das und ist nicht ich ein eine zu mit auf für es den dem le la les et
    de des un une pas je est que en el los las y es por para con lo del al
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def hide_contacts(text: str, mask: str = "") -> str:
    """The text with e-mail addresses and phone numbers replaced by ``mask``."""
    return PHONE.sub(mask, EMAIL.sub(mask, text))


def words_of(text: str) -> list[str]:
    """The words of an answer, lower case, contact details and stop words left out;
    None marks where a stop word stood, so phrases never jump over one."""
    words: list[str | None] = []
    cleaned = hide_contacts(text[:ANSWER_CHARS], " ").lower().replace("’", "'")
    # A phrase stays inside one clause: punctuation ends it.
    for clause in CLAUSE_BREAK.split(cleaned):
        found = WORD.findall(clause)
        words += [
            w if w not in STOP_WORDS and 1 < len(w) <= LONGEST_WORD else None
            for w in found
        ]
        words.append(None)
    return words


def top_terms(answers: pd.DataFrame, most: int = 20) -> pd.DataFrame:
    """The words and two-word phrases most people used, each person once per term.

    ``answers`` columns: feedback, people (how many wrote that answer).
    Returns columns: term, kind ('word' or 'phrase'), people; phrases only when
    two or more people used them. Ties are broken alphabetically.
    """
    word_people: Counter[str] = Counter()
    phrase_people: Counter[str] = Counter()
    for text, people in zip(answers["feedback"], answers["people"], strict=True):
        words = words_of(str(text))
        for word in {w for w in words if w}:
            word_people[word] += int(people)
        phrases = {
            f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a and b
        }
        for phrase in phrases:
            phrase_people[phrase] += int(people)
    rows = [(w, "word", n) for w, n in word_people.items()]
    rows += [(p, "phrase", n) for p, n in phrase_people.items() if n >= 2]
    frame = pd.DataFrame(rows, columns=["term", "kind", "people"])
    frame = frame.sort_values(["people", "term"], ascending=[False, True])
    return frame.head(most).reset_index(drop=True)


def examples(answers: pd.DataFrame, term: str, most: int = 3) -> list[str]:
    """Up to ``most`` answers that use ``term``, most common first, contact details
    hidden and long answers cut."""
    found = []
    for text in answers["feedback"]:
        words = words_of(str(text))
        pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a and b}
        if term in words or term in pairs:
            # Cut before hiding contacts, with room for an address cut in two.
            shown = str(text)[: 2 * EXAMPLE_CHARS]
            shown = hide_contacts(shown, texts.CONTACT_HIDDEN).strip()
            if len(shown) > EXAMPLE_CHARS:
                shown = shown[: EXAMPLE_CHARS - 1].rstrip() + "…"
            found.append(shown)
        if len(found) >= most:
            break
    return found


def answers(dataset: Dataset, filters: Filters, as_of: dt.date) -> pd.DataFrame:
    """Columns: feedback, people; the answers of people who had not bought."""
    params = {"as_of_end": end_of_day(as_of)}
    return _cached(dataset, "feedback_answers", params, filters)


def terms(
    dataset: Dataset, filters: Filters, as_of: dt.date, most: int = 20
) -> pd.DataFrame:
    """``top_terms`` of the view's answers, kept with the dataset's other results:
    splitting many answers into words takes a moment, once is enough."""
    key = (dataset.version, "feedback_terms", as_of, most, filters)
    if key not in dataset.results:
        dataset.results[key] = top_terms(answers(dataset, filters, as_of), most)
    return dataset.results[key]
