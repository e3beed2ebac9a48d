"""State of the question exercises (traitlets, no widgets): four exercises and the score per round.

*Sorteren* (assign ten questions a level), *Advies of vraag?* (spot advice in disguise, then
rewrite one as an open question), *Hoger in de piramide* (write a question above a given low
one) and *Vrije oefening* (any question, instant feedback). Questions come from the whole
question bank (train and dev) through a seeded :class:`random.Random`; no question appears
twice in a round. Nothing about the learner is stored: scores live in this object only, and
:meth:`ExercisesState.results_csv` exists for a download the learner asks for.
"""
from __future__ import annotations

import csv
import io
import random
from typing import Callable

from traitlets import Any, Enum, HasTraits, Int, Tuple, Unicode, observe

from .. import catalog
from ..catalog import question_bank
from ..engines.exercises import Attempt, Mistake, RoundScore, Score, check_leervraag, check_question
from ..model import DEFAULT_LANG, LANGUAGES, LEVELS, Question

__all__ = ["EXERCISES", "ExercisesState", "LeervraagState", "Attempt", "Mistake", "RoundScore", "Score",
           "check_question"]

EXERCISES = ("sort", "advice", "higher", "free", "leervraag")
SCORED = ("sort", "advice", "higher")
SORT_SIZE = 10
ADVICE_EACH = 4  # advice questions and real questions per round of *Advies of vraag?*
LOW_LEVELS = ("omgeving", "gedrag")


class LeervraagState(HasTraits):
    """The leervraag check of one text box (exercises page, session runner); nothing is stored."""

    lang = Enum(LANGUAGES, default_value=DEFAULT_LANG, help="language the leervraag is checked in")
    text = Unicode(help="the leervraag last checked")
    result = Any(None, allow_none=True, help="LeervraagCheck of the last check; None before one, or if it failed")
    checks = Int(0, help="how many checks were made (views observe it: every check re-renders)")

    @property
    def failed(self) -> bool:
        """The engine failed on the last check."""
        return self.checks > 0 and self.result is None

    def check(self, text: str):
        """Check ``text`` as a leervraag; never raises."""
        result = check_leervraag(text, self.lang)
        with self.hold_trait_notifications():
            self.text = "" if text is None else str(text)
            self.result = result
            self.checks += 1
        return result


def _good(q: Question) -> bool:
    return q.open and not (q.advice or q.leading or q.stacked or q.why)


class ExercisesState(HasTraits):
    """Rounds of the four exercises; views observe the traits and call the actions."""

    lang = Enum(LANGUAGES, default_value=DEFAULT_LANG, help="language questions are drawn and checked in")
    rounds = Tuple(help="RoundScore of every scored round this session, in order")
    sort_items = Tuple(help="the questions of the current Sorteren round")
    sort_answers = Tuple(help="the level given to each question, '' while open")
    sort_result = Any(None, allow_none=True, help="Score once the round is checked")
    sort_message = Unicode(help="text key of a message about the round (e.g. not all sorted)")
    advice_items = Tuple(help="the questions of the current Advies of vraag? round")
    advice_answers = Tuple(help="per question: 'advice', 'question' or '' while open")
    advice_result = Any(None, allow_none=True, help="Score of the marks once checked")
    advice_message = Unicode(help="text key of a message about the marks")
    advice_rewrite = Any(None, allow_none=True, help="Attempt: the rewritten advice question")
    higher_start = Any(None, allow_none=True, help="the low-level Question to climb from")
    higher_attempt = Any(None, allow_none=True, help="Attempt: the learner's higher question")
    free_attempt = Any(None, allow_none=True, help="Attempt: the last question checked freely")
    sort_focus = Unicode(help="the level last chosen in Sorteren (drawn on the pyramid)")

    def __init__(self, lang: str = DEFAULT_LANG, seed: int | None = None, bank: tuple[Question, ...] | None = None):
        self.rng = random.Random(seed)
        self._bank = bank if bank is not None else question_bank.question_bank()
        self._round_no = {e: 0 for e in SCORED}
        super().__init__(lang=lang)
        self.new_sort()
        self.new_advice()
        self.new_higher()

    # ------------------------------------------------------------------ drawing
    def pool(self, keep: Callable[[Question], bool]) -> list[Question]:
        """Bank questions in the current language that ``keep`` accepts (train and dev)."""
        return [q for q in self._bank if q.lang == self.lang and keep(q)]

    def _draw(self, keep: Callable[[Question], bool], n: int, exclude=()) -> list[Question]:
        candidates = [q for q in self.pool(keep) if q not in exclude]
        return self.rng.sample(candidates, min(n, len(candidates)))

    # ------------------------------------------------------------------ Sorteren
    def new_sort(self) -> None:
        """Ten good questions, at least one per level where the bank allows, shuffled."""
        chosen: list[Question] = []
        for level in LEVELS:
            chosen += self._draw(lambda q, lv=level: _good(q) and q.level == lv, 1, chosen)
        chosen += self._draw(_good, SORT_SIZE - len(chosen), chosen)
        self.rng.shuffle(chosen)
        self._round_no["sort"] += 1
        with self.hold_trait_notifications():
            self.sort_items = tuple(chosen)
            self.sort_answers = ("",) * len(chosen)
            self.sort_result = None
            self.sort_message = ""
            self.sort_focus = ""

    def assign(self, index: int, level: str) -> None:
        """Give question ``index`` a level (``""`` clears it); ignored once the round is checked."""
        level = level if level in LEVELS else ""
        if self._answer("sort", index, level) and level:
            self.sort_focus = level

    def check_sort(self) -> Score | None:
        """Score the round once every question has a level; otherwise set ``sort_message``."""
        return self._check("sort", lambda q, a: q.level == a)

    # ------------------------------------------------------------------ shared by Sorteren and Advies of vraag?
    def _answer(self, exercise: str, index: int, value: str) -> bool:
        """Store one answer of a list exercise; False (ignored) once checked or for a bad index."""
        if getattr(self, f"{exercise}_result") is not None or not 0 <= index < len(getattr(self, f"{exercise}_items")):
            return False
        answers = list(getattr(self, f"{exercise}_answers"))
        answers[index] = value
        with self.hold_trait_notifications():
            setattr(self, f"{exercise}_answers", tuple(answers))
            setattr(self, f"{exercise}_message", "")
        return True

    def _check(self, exercise: str, right: Callable[[Question, str], bool]) -> Score | None:
        """Score a list exercise once every question is answered; else set ``<exercise>_message``."""
        result = getattr(self, f"{exercise}_result")
        if result is not None:
            return result
        items, answers = getattr(self, f"{exercise}_items"), getattr(self, f"{exercise}_answers")
        if "" in answers:
            setattr(self, f"{exercise}_message", f"{exercise}_incomplete")
            return None
        mistakes = tuple(Mistake(q, a) for q, a in zip(items, answers) if not right(q, a))
        setattr(self, f"{exercise}_result", Score(len(items) - len(mistakes), len(items), mistakes))
        self._record_checked(exercise)
        return getattr(self, f"{exercise}_result")

    def _record_checked(self, exercise: str) -> None:
        """Record a checked list round; Advies of vraag? has one more point for a good rewrite."""
        r = getattr(self, f"{exercise}_result")
        extra = (int(self._rewrite_point), 1) if exercise == "advice" else (0, 0)
        self._record(exercise, r.score + extra[0], r.total + extra[1])

    # ------------------------------------------------------------------ Advies of vraag?
    def new_advice(self) -> None:
        """Four advice questions in disguise and four real ones (two of them closed), shuffled.

        Real closed questions are in the mix so that "closed" is not a give-away for advice.
        """
        items = self._draw(lambda q: q.advice, ADVICE_EACH)
        items += self._draw(lambda q: not (q.open or q.advice or q.leading), ADVICE_EACH // 2, items)
        items += self._draw(_good, 2 * ADVICE_EACH - len(items), items)
        self.rng.shuffle(items)
        self._round_no["advice"] += 1
        self._rewrite_point = False
        with self.hold_trait_notifications():
            self.advice_items = tuple(items)
            self.advice_answers = ("",) * len(items)
            self.advice_result = None
            self.advice_message = ""
            self.advice_rewrite = None

    @property
    def advice_target(self) -> Question | None:
        """The advice question to rewrite: the first one of the round."""
        return next((q for q in self.advice_items if q.advice), None)

    def mark(self, index: int, kind: str) -> None:
        """Mark question ``index`` as ``advice`` or ``question``; ignored once checked."""
        self._answer("advice", index, kind if kind in ("advice", "question") else "")

    def check_advice(self) -> Score | None:
        """Score the marks once all are given (the rewrite adds one point to the round's maximum)."""
        return self._check("advice", lambda q, a: q.advice == (a == "advice"))

    def rewrite_advice(self, text: str) -> Attempt:
        """Check a rewrite of :attr:`advice_target`: it should be an open question, not advice."""
        attempt = check_question(text, self.lang)
        # Once rewritten well, a later weaker try does not take the point away.
        self._rewrite_point = self._rewrite_point or attempt.good_open_question
        self.advice_rewrite = attempt
        if self.advice_result is not None:
            self._record_checked("advice")
        return attempt

    # ------------------------------------------------------------------ Hoger in de piramide
    def new_higher(self) -> None:
        """A good open question on omgeving or gedrag to climb from."""
        drawn = self._draw(lambda q: _good(q) and q.level in LOW_LEVELS, 1, [self.higher_start])
        self._round_no["higher"] += 1
        self._higher_point = False
        with self.hold_trait_notifications():
            self.higher_start = drawn[0] if drawn else None
            self.higher_attempt = None

    def is_higher(self, attempt: Attempt | None) -> bool:
        """The attempt is a question (not advice) on a level above the starting question."""
        if attempt is None or not attempt.usable or attempt.analysis.advice or self.higher_start is None:
            return False
        return LEVELS.index(attempt.level) > LEVELS.index(self.higher_start.level)

    def try_higher(self, text: str) -> Attempt:
        """Analyse the learner's higher question; one point per round once it climbs."""
        attempt = check_question(text, self.lang)
        self._higher_point = self._higher_point or self.is_higher(attempt)
        self.higher_attempt = attempt
        self._record("higher", int(self._higher_point), 1)
        return attempt

    # ------------------------------------------------------------------ Vrije oefening
    def check_free(self, text: str) -> Attempt:
        """Instant feedback on any question."""
        self.free_attempt = check_question(text, self.lang)
        return self.free_attempt

    # ------------------------------------------------------------------ focus, scores, language
    def focus(self, exercise: str) -> tuple[str | None, str | None]:
        """(level to highlight, level to mark) on the pyramid for ``exercise``."""
        if exercise == "sort":
            return self.sort_focus or None, None
        attempt = {"advice": self.advice_rewrite, "higher": self.higher_attempt, "free": self.free_attempt}.get(exercise)
        start = self.higher_start.level if exercise == "higher" and self.higher_start else None
        return (attempt.level if attempt else None), start

    def _record(self, exercise: str, score: int, total: int) -> None:
        entry = RoundScore(exercise, self._round_no[exercise], score, total)
        rounds = list(self.rounds)
        for i, r in enumerate(rounds):
            if (r.exercise, r.number) == (exercise, entry.number):
                rounds[i] = entry
                break
        else:
            rounds.append(entry)
        self.rounds = tuple(rounds)

    def results_csv(self, lang: str) -> str:
        """The learner's scores this session as CSV (for a download they ask for)."""
        from ..render.pyramid import exercise_name

        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([catalog.text(f"exercises.csv_{c}", lang) for c in ("round", "exercise", "score", "total")])
        for i, r in enumerate(self.rounds, start=1):
            writer.writerow([i, exercise_name(r.exercise, lang), r.score, r.total])
        return out.getvalue()

    @observe("lang")
    def _lang_changed(self, change) -> None:
        # A round nobody has touched yet is drawn again in the new language; work in progress stays.
        if not self.sort_items:  # still in __init__: nothing drawn yet
            return
        if not any(self.sort_answers) and self.sort_result is None:
            self._round_no["sort"] -= 1
            self.new_sort()
        if not any(self.advice_answers) and self.advice_rewrite is None:
            self._round_no["advice"] -= 1
            self.new_advice()
        if self.higher_attempt is None:
            self._round_no["higher"] -= 1
            self.new_higher()
