"""Which words made the level: :func:`explain` for the exercise page's highlighting.

Each word's weight is measured by leaving it out: how much the odds of the predicted level
fall without it (the log-odds of the level with the word minus without it). So
the weights follow whatever features the level model uses (words, lemmas, the question-word
table, the cue lexicon), not one kind of feature only.
"""
from __future__ import annotations

import re

from ..model import LEVELS

#: A word as typed: letters or digits, with inner apostrophes and hyphens ("collega's", "e-mail").
_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*")


def typed_tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` as typed, with their start and end offsets, in text order."""
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text or "")]


def explain(text: str, lang: str | None = "nl", top: int | None = None) -> list[tuple[str, float]]:
    """The words of ``text`` with how much each pushed the question to its predicted level.

    Returns a ``list`` of ``(token, weight)`` tuples, ``token`` a ``str`` and ``weight`` a
    ``float`` rounded to 3 decimals, **in the order the words occur in** ``text``:

    - ``token`` is the word exactly as typed (case and accents kept, surrounding punctuation
      left off; inner apostrophes and hyphens kept: ``"collega's"``, ``"e-mail"``); the same
      word typed twice appears twice. Joining the tokens in order finds each one in ``text``
      after the previous one, so a highlighter can locate them by scanning left to right.
    - ``weight`` > 0: the word pulls towards the predicted level (``analyse(text, lang).level``),
      < 0: it pulls away from it; about 0: it does not matter. It is the drop in the level's
      log-odds, ``ln(p / (1 - p))``, when the word is left out, so ``0.7`` means the odds of
      the level are about twice as high with the word as without it.

    With ``top``, only the ``top`` tokens with the largest *positive* weights are kept (still in
    text order); ``top=3`` gives at most three words to highlight. An empty list when ``text``
    is not analysed as a question (``analyse(text, lang).problem`` is set), or when it has no
    level. ``lang`` as for :func:`~intervisie_widgets.questions.analyse` (``None``: detect).

    >>> explain("Wat vind je belangrijk?", "nl", top=1)   # doctest: +SKIP
    [('belangrijk', 2.3)]
    """
    import numpy as np

    from .analysis import analyse, level_input, level_log_probabilities

    analysis = analyse(text, lang)
    if analysis.problem is not None or analysis.level is None:
        return []
    tokens = typed_tokens(text)
    variants = [text] + [text[:start] + " " + text[end:] for _, start, end in tokens]
    logp = level_log_probabilities([level_input(v, analysis.lang) for v in variants])
    k = LEVELS.index(analysis.level)
    others = np.delete(logp, k, axis=1)
    m = others.max(1, keepdims=True)
    log_odds = logp[:, k] - (m[:, 0] + np.log(np.exp(others - m).sum(1)))
    weights = [round(float(log_odds[0] - log_odds[i + 1]), 3) for i in range(len(tokens))]
    out = [(tok, w) for (tok, _, _), w in zip(tokens, weights)]
    if top is None:
        return out
    keep = sorted((i for i, (_, w) in enumerate(out) if w > 0), key=lambda i: -out[i][1])[:max(top, 0)]
    return [out[i] for i in sorted(keep)]
