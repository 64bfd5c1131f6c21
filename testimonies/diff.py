"""A diff of two token lists that costs a bounded amount of work on any input.

difflib.SequenceMatcher is quadratic or worse on crafted text (a story of
20,000 characters took up to a minute), and a story is typed by anyone. Here:

1. the common beginning and end are set aside;
2. tokens found exactly once on each side anchor the two texts (patience
   diff: the longest run of anchors in the same order on both sides), and
   each gap between anchors is diffed the same way;
3. a gap without anchors is compared cell by cell (longest common
   subsequence) when small, and otherwise marked as replaced whole.

Every step is paid from a budget of about WORK_PER_TOKEN steps per token;
once it is spent, what is left is marked as replaced whole. The result is
always a true account of the two texts, only less fine when the budget ran out.
"""

from bisect import bisect_left
from collections import Counter

WORK_PER_TOKEN = 30
# Gaps up to this many cells (tokens before × tokens after) are compared exactly.
SMALL_GAP_CELLS = 2500


def opcodes(before, after):
    """(tag, i1, i2, j1, j2) tuples as difflib's get_opcodes(), tags "equal",
    "delete", "insert" and "replace", in order and merged."""
    budget = _Budget(WORK_PER_TOKEN * (len(before) + len(after)) + SMALL_GAP_CELLS)
    pieces = []
    # A stack of work, last in first out: ranges still to diff, and the
    # anchors between them, pushed in reverse so that they come out in order.
    stack = [("range", 0, len(before), 0, len(after))]
    while stack:
        tag, a_start, a_end, b_start, b_end = stack.pop()
        if tag == "equal":
            pieces.append((tag, a_start, a_end, b_start, b_end))
        else:
            _diff_range(
                before, after, a_start, a_end, b_start, b_end, budget, pieces, stack
            )
    return _merged(pieces)


class _Budget:
    def __init__(self, steps):
        self.steps = steps

    def spend(self, steps):
        """Take `steps` from the budget; False if there were not enough."""
        if steps > self.steps:
            return False
        self.steps -= steps
        return True


def _diff_range(before, after, a_start, a_end, b_start, b_end, budget, pieces, stack):
    # The common beginning and end, which most edits leave long.
    while a_start < a_end and b_start < b_end and before[a_start] == after[b_start]:
        pieces.append(("equal", a_start, a_start + 1, b_start, b_start + 1))
        a_start, b_start = a_start + 1, b_start + 1
    tail = []
    while a_start < a_end and b_start < b_end and before[a_end - 1] == after[b_end - 1]:
        tail.append(("equal", a_end - 1, a_end, b_end - 1, b_end))
        a_end, b_end = a_end - 1, b_end - 1
    # The tail must come after whatever the middle gives: push it first.
    stack.extend(tail)
    if a_start == a_end or b_start == b_end:
        pieces.append(("change", a_start, a_end, b_start, b_end))
        return
    cells = (a_end - a_start) * (b_end - b_start)
    if cells <= SMALL_GAP_CELLS and budget.spend(cells):
        pieces.extend(
            _common_subsequence(before, after, a_start, a_end, b_start, b_end)
        )
        return
    size = (a_end - a_start) + (b_end - b_start)
    if not budget.spend(size * 4):
        pieces.append(("change", a_start, a_end, b_start, b_end))
        return
    anchors = _anchors(before, after, a_start, a_end, b_start, b_end)
    if not anchors:
        pieces.append(("change", a_start, a_end, b_start, b_end))
        return
    work = [("range", a_start, anchors[0][0], b_start, anchors[0][1])]
    for (a_anchor, b_anchor), (a_next, b_next) in zip(
        anchors, anchors[1:] + [(a_end, b_end)], strict=True
    ):
        work.append(("equal", a_anchor, a_anchor + 1, b_anchor, b_anchor + 1))
        work.append(("range", a_anchor + 1, a_next, b_anchor + 1, b_next))
    stack.extend(reversed(work))


def _anchors(before, after, a_start, a_end, b_start, b_end):
    """(i, j) pairs of tokens found once on each side, the longest run of
    them in the same order on both (patience sorting, n log n)."""
    a_counts = Counter(before[a_start:a_end])
    b_counts = Counter(after[b_start:b_end])
    b_position = {
        after[j]: j
        for j in range(b_start, b_end)
        if b_counts[after[j]] == 1 and a_counts[after[j]] == 1
    }
    pairs = [
        (i, b_position[before[i]])
        for i in range(a_start, a_end)
        if before[i] in b_position
    ]
    # Longest increasing subsequence of the j's, with back links.
    pile_tops, pile_top_index, back = [], [], []
    for index, (_i, j) in enumerate(pairs):
        pile = bisect_left(pile_tops, j)
        if pile == len(pile_tops):
            pile_tops.append(j)
            pile_top_index.append(index)
        else:
            pile_tops[pile] = j
            pile_top_index[pile] = index
        back.append(pile_top_index[pile - 1] if pile else None)
    chain = []
    index = pile_top_index[-1] if pile_top_index else None
    while index is not None:
        chain.append(pairs[index])
        index = back[index]
    return chain[::-1]


def _common_subsequence(before, after, a_start, a_end, b_start, b_end):
    """Exact longest common subsequence of a small gap, as pieces."""
    rows, columns = a_end - a_start, b_end - b_start
    # lengths[i][j]: LCS length of before[a_start + i:] and after[b_start + j:]
    lengths = [[0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        token, row, below = before[a_start + i], lengths[i], lengths[i + 1]
        for j in range(columns - 1, -1, -1):
            if token == after[b_start + j]:
                row[j] = below[j + 1] + 1
            else:
                row[j] = max(below[j], row[j + 1])
    pieces, i, j = [], 0, 0
    while i < rows and j < columns:
        if before[a_start + i] == after[b_start + j]:
            pieces.append(
                ("equal", a_start + i, a_start + i + 1, b_start + j, b_start + j + 1)
            )
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            pieces.append(
                ("change", a_start + i, a_start + i + 1, b_start + j, b_start + j)
            )
            i += 1
        else:
            pieces.append(
                ("change", a_start + i, a_start + i, b_start + j, b_start + j + 1)
            )
            j += 1
    pieces.append(("change", a_start + i, a_end, b_start + j, b_end))
    return pieces


def _merged(pieces):
    """Adjacent pieces of the same kind joined; changes named as difflib does."""
    merged = []
    for tag, a_start, a_end, b_start, b_end in pieces:
        if a_start == a_end and b_start == b_end:
            continue
        if merged and merged[-1][0] == tag:
            merged[-1][2], merged[-1][4] = a_end, b_end
        else:
            merged.append([tag, a_start, a_end, b_start, b_end])
    names = {(True, False): "delete", (False, True): "insert", (True, True): "replace"}
    return [
        (
            "equal" if tag == "equal" else names[(a_end > a_start, b_end > b_start)],
            a_start,
            a_end,
            b_start,
            b_end,
        )
        for tag, a_start, a_end, b_start, b_end in merged
    ]
