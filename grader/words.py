"""Reading answers given in words: a choice, and a truth value.

Students name a choice by its key, its label, a synonym the bank lists, its
number ("set 1", "1st"), or a sentence that contains one of those ("I think
only the first set"). A negation ("not the second set", "everything except
the first", "No, ...") is read as such: a negated choice names no choice,
and a truth value can be negated ("not true").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from grader.normalize import strip_delimiters

TRUE_WORDS = {"true", "yes", "correct", "right", "vrai", "yep", "yeah"}
FALSE_WORDS = {"false", "no", "incorrect", "wrong", "faux", "nope"}
STATED_TRUE, STATED_FALSE = {"true", "yes"}, {"false", "no"}  # inside a sentence ("it is true")
LETTER_ANSWERS = {"t": True, "y": True, "f": False, "n": False}  # only as the whole answer
NEGATIONS = {"not", "no", "except", "but", "neither", "nor", "none", "never", "without", "cannot", "nothing", "non",
             "excluding"}
FILLER = {"the", "a", "an", "only", "just", "set", "sets", "one", "ones", "option", "choice", "answer", "is", "are",
          "it", "its", "s", "of", "i", "think", "say", "would", "d", "my", "that", "this", "them", "they", "and",
          "both", "which", "so", "vectors", "vector", "independent", "linearly", "estimator", "point", "critical",
          "there", "be", "will", "we", "have", "has", "in", "to", "for", "as", "because", "since", "here"}
PLACES = ("first", "second", "third", "fourth", "fifth")
ORDINALS = {"first": ("1", "1st", "one"), "second": ("2", "2nd", "two"), "third": ("3", "3rd", "three"),
            "fourth": ("4", "4th", "four"), "fifth": ("5", "5th", "five")}


def words(text: str, commands: bool = True) -> list[str]:
    """Lower-case words of `text`: math delimiters and `\\text{...}` dropped,
    LaTeX commands kept as words (`\\hat\\theta` -> hat theta) or, without
    `commands`, dropped; punctuation is a space."""
    text = re.sub(r"\\(?:text\w*|mathrm|mbox|operatorname)\s*\{([^{}]*)\}", r" \1 ", strip_delimiters(text))
    if not commands:
        text = re.sub(r"\\[A-Za-z]+", " ", text)
    text = re.sub(r"n['’]t\b", " not", text.replace("$", " ").replace("\\", " ").lower())  # isn't -> is not
    return re.findall(r"[a-z]+|\d+", text)


@dataclass(frozen=True)
class ChoiceReading:
    key: str | None  # the choice named, or None
    negated: bool = False  # a choice was named, but negated ("not the first")


def read_choice(text: str, choices: Mapping[str, str], synonyms: Mapping[str, Sequence[str]] | None = None
                ) -> ChoiceReading:
    """The choice `text` names; the most specific phrase wins ("first and third"
    over "first"), and a negation before it ("not the first", "all but the
    first") makes it a negated choice."""
    said = words(text)
    if not said:
        return ChoiceReading(None)
    phrases = _phrases(choices, synonyms or {})
    content = [w for w in said if w not in FILLER]
    numbers = [(key, [ordinal]) for key in choices for ordinal in ORDINALS.get(key, ())]
    positional = _positions(choices, letters_only=bool(numbers))
    bare = [w for w in said if w not in ("option", "choice", "answer", "the", "is")]
    for key, phrase in phrases + numbers + positional:  # one of the phrases, a choice's number or its place
        if said == phrase or bare == phrase or (content and content == [w for w in phrase if w not in FILLER]):
            return ChoiceReading(key)
    phrases += [(key, phrase) for key, phrase in positional if phrase[0] in PLACES]
    best: tuple[int, str, list[str]] | None = None
    ambiguous = False
    digits = sorted(w for w in said if w.isdigit())
    for key, phrase in phrases:  # a sentence naming one
        needed = [w for w in phrase if w not in FILLER] or phrase
        if all(w.isdigit() for w in needed) and sorted(needed) != digits:
            continue  # "set 1" inside a matrix of ones names nothing
        if needed and _contains(said, needed):
            if best is None or len(needed) > best[0]:
                best, ambiguous = (len(needed), key, needed), False
            elif len(needed) == best[0] and key != best[1]:
                ambiguous = True
    if best is None or ambiguous:
        return ChoiceReading(None, negated=any(w in NEGATIONS for w in said))
    before = said[:said.index(best[2][0])]  # "not the first set"; a reason after it ("... never larger") is no negation
    return ChoiceReading(best[1], negated=any(w in NEGATIONS for w in before))


def _phrases(choices: Mapping[str, str], synonyms: Mapping[str, Sequence[str]]) -> list[tuple[str, list[str]]]:
    phrases = []
    for key, label in choices.items():
        for text in (key.replace("_", " "), label, *synonyms.get(key, ())):
            phrases.append((key, words(text)))
    return [(key, phrase) for key, phrase in phrases if phrase]


def _positions(choices: Mapping[str, str], letters_only: bool) -> list[tuple[str, list[str]]]:
    """"the first one", "option (b)", "2": a choice named by its place in the
    list. Where the keys are themselves first, second, ... (the sets of 17.1.4),
    a number names the key, so only letters name places."""
    places = []
    for index, key in enumerate(list(choices)[:len(PLACES)]):
        names = [] if letters_only else [PLACES[index], *ORDINALS[PLACES[index]]]
        places += [(key, [name]) for name in names + ["abcde"[index]]]
    return places


def _contains(said: list[str], needed: list[str]) -> bool:
    """Every needed word occurs in `said`, in order, as many times as needed."""
    position = 0
    for word in needed:
        try:
            position = said.index(word, position) + 1
        except ValueError:
            return False
    return True


def read_truth(text: str) -> bool | None:
    """True or False from "yes", "True.", "No, they are not inverses", "not
    true", "it is false"; None when the answer says neither. Inside a sentence
    only true/false/yes/no count ("the right answer is no" is no)."""
    said = words(text, commands=False)
    if len(said) == 1 and said[0] in LETTER_ANSWERS:
        return LETTER_ANSWERS[said[0]]
    if not said:
        return None
    first = _truth_word(said[0])
    if first is not None:  # "Yes, because ..." / "No - they are not inverses"
        return first
    values = [(index, word in STATED_TRUE) for index, word in enumerate(said) if word in STATED_TRUE | STATED_FALSE]
    if not values or len({value for _, value in values}) != 1 or len(said) > 16:
        return None
    index, value = values[0]
    negated = any(word in NEGATIONS for word in said[max(0, index - 2):index])  # "is not true", not "aren't ..., so false"
    return not value if negated else value


def _truth_word(word: str) -> bool | None:
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None
