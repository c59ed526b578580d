"""Which article of one revision became which article of the next: the concordance, computed.

Pure functions over ``(key, text)`` lists (articles, or paragraphs): no store in sight.

1. **Normalise**: :func:`glossary.han.text.han_key` (NFKC, no whitespace), and punctuation
   dropped, so that a ``，`` turned ``；`` or a re-wrapped line is no difference.
2. **Score**: Dice over the *sets* of character bigrams, all pairs at once as one sparse
   product (bigram-incidence matrices built once). Dice beats an edit ratio here: a clause
   moved inside an article keeps its bigrams.
3. **In order**: a monotone alignment (weighted LCS, a row-vectorised dynamic programme)
   maximises the summed Dice of pairs scoring at least :data:`IN_ORDER` and within
   :data:`NEAR_BEST` of both articles' best partner (so that a moved article is not stolen by
   a look-alike that happens to stand in order: 婚姻法 第四十三条/第四十四条); most articles of a
   revision follow their predecessors, and order disambiguates near-duplicates (the many
   "人民法院应当…" articles).
4. **Moved**: what is left on both sides goes to a global assignment
   (``scipy.optimize.linear_sum_assignment``, the Hungarian method); a pair is kept when it
   scores at least :data:`MOVED` — higher than in order, since no neighbour vouches for it.
5. **Split and merged**: an article left without a partner whose bigrams are at least
   :data:`CONTAINED` contained in an article matched next to it (containment: the share of the
   smaller text's bigrams found in the other) is a piece of a split (old → two consecutive new
   ones) or of a merge (two consecutive old ones → one new one), provided the piece adds
   something: the pair covers the bigger text better than its partner alone did (by
   :data:`GAIN`), or at least :data:`PIECE_GAIN` of the piece's own bigrams cover what the
   partner did not (a short article merged into a long one: 人民调解法 第四条 "不收取任何费用"
   into 第三条 adds little to the long text, but is itself mostly new to it).

Thresholds, measured (tests/test_align.py, bench/align.py; README "Aligning revisions"):
:data:`IN_ORDER` = 0.35 and :data:`MOVED` = 0.5. Unrelated articles of the same law score up
to about 0.3 (the second-best candidates in the shipped concordances); a lightly edited
article scores above 0.8. With these values, 200 generated cases (windows of 80 articles of
four corpus laws, each renumbered and given 1–10 insertions, deletions, moves, splits, merges
and edits: 12 627 gold links) are aligned with precision 0.9992 and recall 0.9991
(test_accuracy_over_many_generated_cases; 0.9990 / 0.9990 before :data:`PIECE_GAIN`). What
is still missed is mostly a split whose two pieces were later parted by an inserted article.
:data:`CONTAINED` = 0.7 is the issue's "about 70 %"; a fragment of a split is usually fully
contained (≈ 1.0), and an unrelated article of the same law is rarely above 0.5.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from glossary.han.text import han_key

if TYPE_CHECKING:  # numpy and scipy are imported when an alignment runs: the app's first
    import numpy as np  # screen and the command line's reads do not wait for them (~1 s)
    from scipy import sparse

IN_ORDER = 0.35  # least Dice for a pair found in order
MOVED = 0.5  # least Dice for a pair found by the global assignment
CONTAINED = 0.7  # least containment of a split or merged piece in its partner
NEAR_BEST = 0.15  # an in-order pair must score within this of both articles' best partner
GAIN = 0.1  # how much better the pair must cover the bigger text than the partner alone
PIECE_GAIN = 0.3  # … or how much of the piece's own bigrams cover what the partner did not

RELATIONS = ("identical", "modified", "renumbered", "split", "merged", "added", "deleted")
HIGH = 0.8  # a pair scoring this much is a light edit (confidence "high"); from MOVED: "medium"


def load_numerics() -> None:
    """Import numpy and scipy now (what :func:`align` needs), e.g. in a background thread
    before the first alignment is asked for."""
    import numpy  # noqa: F401
    from scipy import sparse  # noqa: F401
    from scipy.optimize import linear_sum_assignment  # noqa: F401


def confidence(score: float) -> str:
    """The concordance table's confidence of a computed pair: high (≥ :data:`HIGH`, a light
    edit), medium (≥ :data:`MOVED`), low (a pair kept only because order vouches for it)."""
    if score >= HIGH:
        return "high"
    return "medium" if score >= MOVED else "low"


Texts = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Row:
    """One line of the concordance: machine-computed, never verified."""

    from_articles: tuple[str, ...]
    to_articles: tuple[str, ...]
    relation: str
    score: float
    machine: bool = field(default=True)

    def as_json(self) -> dict[str, object]:
        return {
            "from": list(self.from_articles),
            "to": list(self.to_articles),
            "relation": self.relation,
            "score": round(self.score, 3),
            "machine_computed": self.machine,
        }


_PUNCT = re.compile(r"[\W_]")


def normalise(text: str) -> str:
    """The text as compared: :func:`han_key`, then no punctuation or symbols at all."""
    key = han_key(text)
    return "".join(ch for ch in _PUNCT.sub("", key) if unicodedata.category(ch)[0] not in "PS")


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


class Scores:
    """Dice and containment of every old×new pair, computed once as dense matrices."""

    def __init__(self, old: Sequence[str], new: Sequence[str]) -> None:
        import numpy as np
        from scipy import sparse

        old_sets = [_bigrams(t) for t in old]
        new_sets = [_bigrams(t) for t in new]
        vocab: dict[str, int] = {}
        a = _incidence(old_sets, vocab)
        b = _incidence(new_sets, vocab)
        width = len(vocab)
        a = sparse.csr_matrix((a.data, a.indices, a.indptr), shape=(len(old), width))
        b = sparse.csr_matrix((b.data, b.indices, b.indptr), shape=(len(new), width))
        self.old_sizes = np.array([len(s) for s in old_sets], dtype=float)
        self.new_sizes = np.array([len(s) for s in new_sets], dtype=float)
        self.common = np.asarray((a @ b.T).todense(), dtype=float)
        total = self.old_sizes[:, None] + self.new_sizes[None, :]
        self.dice = np.divide(
            2 * self.common, total, out=np.zeros_like(self.common), where=total > 0
        )
        self._old, self._new = old, new
        self._counts: dict[tuple[bool, int], Counter[str]] = {}

    def _counted(self, new: bool, k: int) -> Counter[str]:
        """Article ``k``'s bigrams with their counts (a phrase said twice covers twice)."""
        if (new, k) not in self._counts:
            text = (self._new if new else self._old)[k]
            grams = Counter(text[n : n + 2] for n in range(len(text) - 1))
            self._counts[new, k] = grams or Counter([text] if text else [])
        return self._counts[new, k]

    def old_in_new(self, i: int, js: Sequence[int]) -> float:
        """Share of old article ``i``'s bigrams found in the new articles ``js`` together."""
        whole = sum((self._counted(True, j) for j in js), Counter())
        return _share(self._counted(False, i), whole)

    def new_in_old(self, j: int, is_: Sequence[int]) -> float:
        whole = sum((self._counted(False, i) for i in is_), Counter())
        return _share(self._counted(True, j), whole)

    def new_brings(self, j: int, i: int, beside: int) -> float:
        """Share of new ``j``'s bigrams that cover old ``i`` where new ``beside`` does not."""
        uncovered = self._counted(False, i) - self._counted(True, beside)
        return _share(self._counted(True, j), uncovered)

    def old_brings(self, i: int, j: int, beside: int) -> float:
        """Share of old ``i``'s bigrams that cover new ``j`` where old ``beside`` does not."""
        uncovered = self._counted(True, j) - self._counted(False, beside)
        return _share(self._counted(False, i), uncovered)

    def contained(self, i: int, j: int) -> float:
        """Containment: the share of the smaller text's bigrams found in the other."""
        smaller = min(self.old_sizes[i], self.new_sizes[j])
        return float(self.common[i, j] / smaller) if smaller else 0.0


def _share(part: Counter[str], whole: Counter[str]) -> float:
    """Share of ``part``'s bigrams, counted, that ``whole`` has as many times."""
    total = part.total()
    return (part & whole).total() / total if total else 0.0


def _incidence(sets: list[set[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    import numpy as np
    from scipy import sparse

    indptr = [0]
    indices: list[int] = []
    for s in sets:
        indices.extend(vocab.setdefault(g, len(vocab)) for g in s)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr))


def in_order(dice: np.ndarray, threshold: float = IN_ORDER) -> list[tuple[int, int]]:
    """The monotone pairs maximising the summed Dice of pairs at or above ``threshold``.

    ``dp[i, j] = max(dp[i-1, j], dp[i, j-1], dp[i-1, j-1] + s[i, j])``: the first and third
    terms come from the row before, and the second is a running maximum along the row, so each
    row is three numpy operations."""
    import numpy as np

    n, m = dice.shape
    if not n or not m:
        return []
    best = np.maximum(dice.max(axis=1)[:, None], dice.max(axis=0)[None, :]) - NEAR_BEST
    gain = np.where((dice >= threshold) & (dice >= best), dice, -np.inf)
    dp = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        candidate = np.maximum(dp[i - 1, 1:], dp[i - 1, :-1] + gain[i - 1])
        dp[i, 1:] = np.maximum.accumulate(candidate)
    return _trace(dp, gain)


def _trace(dp: np.ndarray, gain: np.ndarray) -> list[tuple[int, int]]:
    pairs = []
    i, j = dp.shape[0] - 1, dp.shape[1] - 1
    while i > 0 and j > 0:
        if dp[i, j] == dp[i - 1, j]:
            i -= 1
        elif dp[i, j] == dp[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def moved(
    dice: np.ndarray, old_left: list[int], new_left: list[int], threshold: float = MOVED
) -> list[tuple[int, int]]:
    """The best one-to-one assignment among the articles not paired in order."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not old_left or not new_left:
        return []
    sub = dice[np.ix_(old_left, new_left)]
    rows, cols = linear_sum_assignment(sub, maximize=True)
    return [
        (old_left[r], new_left[c])
        for r, c in zip(rows, cols, strict=True)
        if sub[r, c] >= threshold
    ]


def align(old: Texts, new: Texts) -> list[Row]:
    """The concordance of two revisions' articles (``(key, text)`` each, in order)."""
    if not old or not new:  # nothing to pair: all deleted, or all added
        return [Row((k,), (), "deleted", 0.0) for k, _ in old] + [
            Row((), (k,), "added", 0.0) for k, _ in new
        ]
    old_norm = [normalise(t) for _, t in old]
    new_norm = [normalise(t) for _, t in new]
    scores = Scores(old_norm, new_norm)
    groups = _Groups(in_order(scores.dice))
    groups.widen(scores, len(old), len(new))  # pieces first: the assignment would take them
    old_left = [i for i in range(len(old)) if i not in groups.old]
    new_left = [j for j in range(len(new)) if j not in groups.new]
    for i, j in moved(scores.dice, old_left, new_left):
        groups.add(i, j)
    groups.widen(scores, len(old), len(new))  # pieces of moved articles
    return _rows(old, new, old_norm, new_norm, scores, groups.all())


Group = tuple[tuple[int, ...], tuple[int, ...]]


class _Groups:
    """Pairs, widened into splits and merges; each article in one group at most."""

    def __init__(self, pairs: list[tuple[int, int]]) -> None:
        self.groups: dict[int, Group] = {}
        self.old: dict[int, int] = {}  # old article → its group
        self.new: dict[int, int] = {}
        for i, j in pairs:
            self.add(i, j)

    def add(self, i: int, j: int) -> None:
        key = max(self.groups, default=-1) + 1
        self.old[i] = self.new[j] = key
        self.groups[key] = ((i,), (j,))

    def all(self) -> list[Group]:
        return sorted(self.groups.values(), key=lambda g: (g[1][0], g[0][0]))

    def widen(self, scores: Scores, n: int, m: int) -> None:
        """Each partnerless article that is a piece of a neighbour's pair joins it."""
        for j in range(m):
            self._try_split(scores, j)
        for i in range(n):
            self._try_merge(scores, i)

    def _plain(self, k: int | None) -> Group | None:
        """Group ``k`` if it is still one-to-one."""
        if k is None:
            return None
        group = self.groups[k]
        return group if len(group[0]) == len(group[1]) == 1 else None

    def _try_split(self, scores: Scores, j: int) -> None:
        own = self.new.get(j)
        mine = self._plain(own)
        if own is not None and mine is None:
            return
        best = None
        for neighbour in (j - 1, j + 1):
            group = self._plain(self.new.get(neighbour))
            if group is None or scores.contained(i := group[0][0], j) < CONTAINED:
                continue
            if mine is not None and scores.dice[i, j] <= scores.dice[mine[0][0], j]:
                continue
            together = tuple(sorted((j, neighbour)))
            gain = scores.old_in_new(i, together) - scores.old_in_new(i, (neighbour,))
            enough = gain >= GAIN or scores.new_brings(j, i, neighbour) >= PIECE_GAIN
            if enough and (best is None or gain > best[0]):
                best = (gain, i, together)
        if best is not None:
            _, i, together = best
            if mine is not None and own is not None:
                del self.groups[own], self.old[mine[0][0]]
            self.groups[self.old[i]] = ((i,), together)
            self.new[j] = self.old[i]

    def _try_merge(self, scores: Scores, i: int) -> None:
        own = self.old.get(i)
        mine = self._plain(own)
        if own is not None and mine is None:
            return
        best = None
        for neighbour in (i - 1, i + 1):
            group = self._plain(self.old.get(neighbour))
            if group is None or scores.contained(i, j := group[1][0]) < CONTAINED:
                continue
            if mine is not None and scores.dice[i, j] <= scores.dice[i, mine[1][0]]:
                continue
            together = tuple(sorted((i, neighbour)))
            gain = scores.new_in_old(j, together) - scores.new_in_old(j, (neighbour,))
            enough = gain >= GAIN or scores.old_brings(i, j, neighbour) >= PIECE_GAIN
            if enough and (best is None or gain > best[0]):
                best = (gain, j, together)
        if best is not None:
            _, j, together = best
            if mine is not None and own is not None:
                del self.groups[own], self.new[mine[1][0]]
            self.groups[self.new[j]] = (together, (j,))
            self.old[i] = self.new[j]


def _rows(
    old: Texts,
    new: Texts,
    old_norm: list[str],
    new_norm: list[str],
    scores: Scores,
    groups: list[Group],
) -> list[Row]:
    rows = [_row(old, new, old_norm, new_norm, scores, g) for g in groups]
    seen_old = {i for g in groups for i in g[0]}
    seen_new = {j for g in groups for j in g[1]}
    rows += [Row((k,), (), "deleted", 0.0) for i, (k, _) in enumerate(old) if i not in seen_old]
    rows += [Row((), (k,), "added", 0.0) for j, (k, _) in enumerate(new) if j not in seen_new]
    return rows


def _row(
    old: Texts,
    new: Texts,
    old_norm: list[str],
    new_norm: list[str],
    scores: Scores,
    group: Group,
) -> Row:
    olds, news = group
    from_keys = tuple(old[i][0] for i in olds)
    to_keys = tuple(new[j][0] for j in news)
    if len(news) > 1 or len(olds) > 1:
        left = "".join(old_norm[i] for i in olds)
        right = "".join(new_norm[j] for j in news)
        return Row(from_keys, to_keys, "split" if len(news) > 1 else "merged", dice(left, right))
    i, j = olds[0], news[0]
    if old_norm[i] != new_norm[j]:
        relation = "modified"
    else:
        relation = "identical" if from_keys == to_keys else "renumbered"
    return Row(from_keys, to_keys, relation, float(scores.dice[i, j]))


def dice(a: str, b: str) -> float:
    """Dice over the bigram sets of two normalised texts."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 1.0
