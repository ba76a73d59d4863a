"""Word-level diff of two texts: operations, moved paragraphs and word counts.

The engine is pure: text in, plain data out. It is the only module that imports
diff_match_patch. The strategy, for speed at any size and exactness always:

1. align the lines (paragraphs) of both texts with patience diff, which anchors on lines that
   occur once in each text and so stays near-linear when many paragraphs changed;
2. pair each deleted paragraph with the most similar inserted one elsewhere: such a pair is a
   move, reported with the word diff inside it;
3. diff the rest of every differing region word by word with diff-match-patch (each distinct
   token mapped to one character, the library's line/word mode, with no time limit so that
   the result is exact), followed by its semantic clean-up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Literal, NamedTuple

from diff_match_patch import diff_match_patch
from patiencediff import PatienceSequenceMatcher

from textdiff.normalize import normalize_whitespace
from textdiff.tokenize import count_words, tokenize

Kind = Literal["equal", "delete", "insert"]
EQUAL: Kind = "equal"
DELETE: Kind = "delete"
INSERT: Kind = "insert"

DEFAULT_MOVE_THRESHOLD = 0.6
# A line needs this many words to be considered as a moved paragraph; shorter ones
# (a lone date, "Advertisement") pair up by chance far too often.
MIN_MOVE_WORDS = 4
# Paragraphs of one differing region this alike are diffed against each other.
PAIR_THRESHOLD = 0.3
# A differing region shorter than this (old and new together) is word-diffed whole.
WHOLE_REGION_CHARS = 20_000
# Above this many line pairs in one region, the region is diffed as one text.
MAX_REGION_PAIRS = 10_000
# Above this many candidate pairs, only identical paragraphs are paired as moves, so that
# a rewrite of a whole long text stays fast.
MAX_SIMILARITY_PAIRS = 200_000

# Words for paragraph similarity only: the standard library's \w is fast, and splitting a
# word at a combining mark splits it the same way on both sides.
_SIMILARITY_WORD = re.compile(r"\w+")

# How far back from an edit to look for a token boundary before tokenizing everything.
_BOUNDARY_SEARCH = 2_000

_DMP_DELETE, _DMP_EQUAL, _DMP_INSERT = -1, 0, 1
_KIND_OF_DMP: dict[int, Kind] = {_DMP_DELETE: DELETE, _DMP_EQUAL: EQUAL, _DMP_INSERT: INSERT}


class Op(NamedTuple):
    """One operation: ``text`` is kept (equal), removed (delete) or added (insert)."""

    op: Kind
    text: str


class Move(NamedTuple):
    """A paragraph that moved: the delete and insert ops that are one paragraph."""

    delete: int
    insert: int
    old_paragraph: int
    new_paragraph: int
    similarity: float
    ops: tuple[Op, ...]


class Stats(NamedTuple):
    """Word counts of a diff; a word is any token that is not white space."""

    words_added: int
    words_removed: int
    words_unchanged: int
    paragraphs_changed: int
    paragraphs_moved: int


class Diff:
    """The difference between two texts as ops in order, with the moves among them."""

    __slots__ = ("__dict__", "moves", "ops")

    def __init__(self, ops: tuple[Op, ...], moves: tuple[Move, ...] = ()) -> None:
        self.ops = ops
        self.moves = moves

    def __repr__(self) -> str:
        return f"Diff(ops={self.ops!r}, moves={self.moves!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Diff) and (self.ops, self.moves) == (other.ops, other.moves)

    __hash__ = None  # type: ignore[assignment]

    @property
    def old(self) -> str:
        """The old text, rebuilt from the equal and delete ops."""
        return "".join(op.text for op in self.ops if op.op != INSERT)

    @property
    def new(self) -> str:
        """The new text, rebuilt from the equal and insert ops."""
        return "".join(op.text for op in self.ops if op.op != DELETE)

    @property
    def changed(self) -> bool:
        """Tell whether the two texts differ at all."""
        return any(op.op != EQUAL for op in self.ops)

    @cached_property
    def stats(self) -> Stats:
        """Count added, removed and unchanged words, and changed paragraphs."""
        # Counting unchanged words tokenizes the whole text, so it is done only on demand.
        from textdiff.paragraphs import split_rows

        moved = {index for move in self.moves for index in (move.delete, move.insert)}
        plain_ops = [op for index, op in enumerate(self.ops) if index not in moved]
        inner_ops = [op for move in self.moves for op in move.ops]
        counts = Counter[Kind]()
        for op in (*plain_ops, *inner_ops):
            counts[op.op] += count_words(op.text)
        rows = split_rows(self)
        return Stats(
            words_added=counts[INSERT],
            words_removed=counts[DELETE],
            words_unchanged=counts[EQUAL],
            paragraphs_changed=sum(
                1 for row in rows if row.changed and not row.blank and row.move is None
            ),
            paragraphs_moved=len(self.moves),
        )


def diff_texts(
    old: str,
    new: str,
    *,
    exact: bool = False,
    move_threshold: float = DEFAULT_MOVE_THRESHOLD,
) -> Diff:
    """Diff two texts word by word; white space is normalised first unless ``exact``."""
    if not exact:
        old, new = normalize_whitespace(old), normalize_whitespace(new)
    if old == new:
        return Diff(ops=(Op(EQUAL, old),) if old else ())
    old_lines, new_lines = split_lines(old), split_lines(new)
    regions = PatienceSequenceMatcher(None, old_lines, new_lines).get_opcodes()
    pairs = _find_moves(regions, old_lines, new_lines, move_threshold)
    return _assemble(regions, old_lines, new_lines, pairs)


def diff_words(old: str, new: str) -> list[Op]:
    """Diff two short texts word by word with no paragraph alignment and no moves."""
    if not old:
        return [Op(INSERT, new)] if new else []
    if not new:
        return [Op(DELETE, old)]
    table: list[str] = [""]
    index: dict[str, int] = {}

    def encode(tokens: Iterable[str]) -> str:
        chars = []
        for token in tokens:
            code = index.get(token)
            if code is None:
                code = index[token] = len(table)
                table.append(token)
            chars.append(chr(code))
        return "".join(chars)

    # Tokenize only what lies between the common head and tail: a one-word edit in a long
    # paragraph then costs a few tokens, not the whole paragraph.
    dmp = diff_match_patch()
    head = _common_head(old, new, dmp.diff_commonPrefix(old, new))
    tail = _common_tail(old[head:], new[head:], dmp.diff_commonSuffix(old[head:], new[head:]))
    old_middle, new_middle = old[head : len(old) - tail], new[head : len(new) - tail]
    old_chars, new_chars = encode(tokenize(old_middle)), encode(tokenize(new_middle))
    # The default 1 s limit turns a long diff into "delete all, insert all": never allow it.
    dmp.Diff_Timeout = 0
    diffs = _anchored_diff(dmp, old_chars, new_chars)
    dmp.diff_cleanupSemantic(diffs)
    ops = [Op(EQUAL, old[:head])] if head else []
    ops.extend(
        Op(_KIND_OF_DMP[kind], "".join(table[ord(char)] for char in chars))
        for kind, chars in diffs
        if chars
    )
    if tail:
        ops.append(Op(EQUAL, old[len(old) - tail :]))
    return _merge_equal(ops)


def _anchored_diff(dmp: diff_match_patch, old: str, new: str) -> list[tuple[int, str]]:
    """Diff two token strings: patience anchors on unique tokens, Myers between them.

    diff-match-patch's Myers diff, in pure Python, slows with length times edits; anchoring
    on tokens that occur once on each side first leaves it only short gaps to fill.
    """
    diffs: list[tuple[int, str]] = []
    for tag, i1, i2, j1, j2 in PatienceSequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal":
            diffs.append((_DMP_EQUAL, old[i1:i2]))
        elif tag == "delete":
            diffs.append((_DMP_DELETE, old[i1:i2]))
        elif tag == "insert":
            diffs.append((_DMP_INSERT, new[j1:j2]))
        else:
            diffs.extend(dmp.diff_main(old[i1:i2], new[j1:j2], False))
    dmp.diff_cleanupMerge(diffs)
    return diffs


def _common_head(old: str, new: str, size: int) -> int:
    """Cut the common start of two texts (``size`` characters) back to a token boundary."""
    if size == len(old) == len(new):
        return size
    # A blank followed by a non-blank is a token boundary whatever surrounds it. Text with no
    # blanks near the edit (Chinese, say) is simply tokenized whole.
    for cut in range(size - 1, max(0, size - _BOUNDARY_SEARCH), -1):
        if old[cut - 1].isspace() and not old[cut].isspace():
            return cut
    return 0


def _common_tail(old: str, new: str, size: int) -> int:
    """Cut the common end of two texts (``size`` characters) back to a token boundary."""
    size = min(size, len(old) - 1, len(new) - 1)
    for cut in range(size, max(0, size - _BOUNDARY_SEARCH), -1):
        start_old, start_new = len(old) - cut, len(new) - cut
        if (
            start_old > 0
            and start_new > 0
            and old[start_old - 1].isspace()
            and new[start_new - 1].isspace()
            and not old[start_old].isspace()
        ):
            return cut
    return 0


def _merge_equal(ops: list[Op]) -> list[Op]:
    merged: list[Op] = []
    for op in ops:
        if merged and merged[-1].op == op.op == EQUAL:
            merged[-1] = Op(EQUAL, merged[-1].text + op.text)
        else:
            merged.append(op)
    return merged


def split_lines(text: str) -> list[str]:
    """Split ``text`` into lines that keep their LF; joining them gives ``text`` back."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


class _Pair(NamedTuple):
    old_line: int
    new_line: int
    similarity: float


def _words(line: str) -> frozenset[str]:
    """The distinct words of a line, for similarity; a cheap approximation of its tokens."""
    return frozenset(_SIMILARITY_WORD.findall(line.casefold()))


def _find_moves(
    regions: Sequence[tuple[str, int, int, int, int]],
    old_lines: Sequence[str],
    new_lines: Sequence[str],
    threshold: float,
) -> list[_Pair]:
    """Pair deleted and inserted paragraphs of different regions that are alike enough."""
    removed: list[tuple[int, int]] = []  # (region, line)
    added: list[tuple[int, int]] = []
    for number, (tag, i1, i2, j1, j2) in enumerate(regions):
        if tag != "equal":
            removed.extend((number, line) for line in range(i1, i2) if old_lines[line].strip())
            added.extend((number, line) for line in range(j1, j2) if new_lines[line].strip())
    if not removed or not added:
        return []
    old_words = {line: _words(old_lines[line]) for _, line in removed}
    new_words = {line: _words(new_lines[line]) for _, line in added}
    removed = [(r, line) for r, line in removed if len(old_words[line]) >= MIN_MOVE_WORDS]
    added = [(r, line) for r, line in added if len(new_words[line]) >= MIN_MOVE_WORDS]

    candidates: list[tuple[float, int, int, int, int]] = []
    if len(removed) * len(added) <= MAX_SIMILARITY_PAIRS:
        for old_region, old_line in removed:
            old_set = old_words[old_line]
            old_size = len(old_set)
            for new_region, new_line in added:
                new_set = new_words[new_line]
                new_size = len(new_set)
                # Dice similarity can reach at most this, so skip pairs of unlike lengths.
                if 2 * min(old_size, new_size) < threshold * (old_size + new_size):
                    continue
                similarity = 2 * len(old_set & new_set) / (old_size + new_size)
                if similarity >= threshold:
                    candidates.append((similarity, old_region, old_line, new_region, new_line))
    else:
        by_text: dict[str, list[tuple[int, int]]] = {}
        for new_region, new_line in added:
            by_text.setdefault(new_lines[new_line].strip(), []).append((new_region, new_line))
        for old_region, old_line in removed:
            for new_region, new_line in by_text.get(old_lines[old_line].strip(), []):
                candidates.append((1.0, old_region, old_line, new_region, new_line))

    # Best pairs first; a pair inside one region is an edit in place, which consumes both
    # lines without being a move (a paragraph edited where it stands must not pair with a
    # look-alike elsewhere).
    candidates.sort(key=lambda c: (-c[0], c[2], c[4]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for similarity, old_region, old_line, new_region, new_line in candidates:
        if old_line in used_old or new_line in used_new:
            continue
        used_old.add(old_line)
        used_new.add(new_line)
        if old_region != new_region:
            pairs.append(_Pair(old_line, new_line, similarity))
    return pairs


# A piece of the diff while it is assembled: kind, text, and the move it belongs to.
_Piece = tuple[Kind, str, int | None]


def _assemble(
    regions: Sequence[tuple[str, int, int, int, int]],
    old_lines: Sequence[str],
    new_lines: Sequence[str],
    pairs: Sequence[_Pair],
) -> Diff:
    """Turn aligned regions and move pairs into ops; moved paragraphs stay whole ops."""
    move_of_old = {pair.old_line: number for number, pair in enumerate(pairs)}
    move_of_new = {pair.new_line: number for number, pair in enumerate(pairs)}
    pieces: list[_Piece] = []
    for tag, i1, i2, j1, j2 in regions:
        if tag == "equal":
            pieces.append((EQUAL, "".join(old_lines[i1:i2]), None))
            continue
        old_rest, old_cuts = _take_moved(old_lines, i1, i2, move_of_old, DELETE)
        new_rest, new_cuts = _take_moved(new_lines, j1, j2, move_of_new, INSERT)
        word_pieces: list[_Piece] = [
            (op.op, op.text, None)
            for old_chunk, new_chunk in _pair_paragraphs(old_rest, new_rest)
            for op in diff_words("".join(old_chunk), "".join(new_chunk))
        ]
        pieces.extend(_weave(word_pieces, old_cuts, new_cuts))

    ops: list[Op] = []
    op_of_move: dict[tuple[int, Kind], int] = {}
    for kind, text, move in _merge(pieces):
        if move is not None:
            op_of_move[move, kind] = len(ops)
        ops.append(Op(kind, text))

    old_numbers = _paragraph_numbers(old_lines)
    new_numbers = _paragraph_numbers(new_lines)
    moves = tuple(
        sorted(
            (
                Move(
                    delete=op_of_move[number, DELETE],
                    insert=op_of_move[number, INSERT],
                    old_paragraph=old_numbers[pair.old_line],
                    new_paragraph=new_numbers[pair.new_line],
                    similarity=round(pair.similarity, 3),
                    ops=tuple(diff_words(old_lines[pair.old_line], new_lines[pair.new_line])),
                )
                for number, pair in enumerate(pairs)
            ),
            key=lambda move: move[0],
        )
    )
    return Diff(ops=tuple(ops), moves=moves)


def _take_moved(
    lines: Sequence[str], start: int, stop: int, move_of_line: dict[int, int], kind: Kind
) -> tuple[list[str], list[tuple[int, _Piece]]]:
    """Split a region's lines into the lines that stay and the moved lines with offsets."""
    rest: list[str] = []
    offset = 0
    cuts: list[tuple[int, _Piece]] = []
    for line in range(start, stop):
        move = move_of_line.get(line)
        if move is None:
            rest.append(lines[line])
            offset += len(lines[line])
        else:
            cuts.append((offset, (kind, lines[line], move)))
    return rest, cuts


def _pair_paragraphs(
    old_lines: Sequence[str], new_lines: Sequence[str]
) -> list[tuple[Sequence[str], Sequence[str]]]:
    """Split a differing region into chunks: alike paragraphs in order, and what lies between.

    Diffing each edited paragraph against its own new version, rather than the whole region
    at once, keeps word diffs short in a long region (diff-match-patch's cost grows with
    length times edits). A short region is diffed whole: there the word diff itself sees a
    paragraph split in two or two joined into one as the changed line break it is.
    """
    if len(old_lines) <= 1 or len(new_lines) <= 1:
        return [(old_lines, new_lines)]
    if sum(map(len, old_lines)) + sum(map(len, new_lines)) < WHOLE_REGION_CHARS:
        return [(old_lines, new_lines)]
    if len(old_lines) * len(new_lines) > MAX_REGION_PAIRS:
        return [(old_lines, new_lines)]
    old_words = [_words(line) for line in old_lines]
    new_words = [_words(line) for line in new_lines]
    rows, cols = len(old_lines), len(new_lines)
    # best[i][j]: the largest total similarity of in-order pairs among the first i old and
    # first j new lines (a weighted longest common subsequence).
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            score = max(best[i - 1][j], best[i][j - 1])
            similarity = _similarity(
                old_lines[i - 1], new_lines[j - 1], old_words[i - 1], new_words[j - 1]
            )
            if similarity >= PAIR_THRESHOLD:
                score = max(score, best[i - 1][j - 1] + similarity)
            best[i][j] = score
    pairs: list[tuple[int, int]] = []
    i, j = rows, cols
    while i and j:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    pairs.reverse()
    chunks: list[tuple[Sequence[str], Sequence[str]]] = []
    old_at = new_at = 0
    for old_line, new_line in pairs:
        if old_line > old_at or new_line > new_at:
            chunks.append((old_lines[old_at:old_line], new_lines[new_at:new_line]))
        chunks.append((old_lines[old_line : old_line + 1], new_lines[new_line : new_line + 1]))
        old_at, new_at = old_line + 1, new_line + 1
    if old_at < rows or new_at < cols:
        chunks.append((old_lines[old_at:], new_lines[new_at:]))
    return chunks


def _similarity(old: str, new: str, old_words: frozenset[str], new_words: frozenset[str]) -> float:
    """Dice similarity of two lines' words; identical lines (blank ones too) score 1."""
    if old == new:
        return 1.0
    if not old_words or not new_words:
        return 0.0
    return 2 * len(old_words & new_words) / (len(old_words) + len(new_words))


def _weave(
    pieces: Sequence[_Piece],
    old_cuts: Sequence[tuple[int, _Piece]],
    new_cuts: Sequence[tuple[int, _Piece]],
) -> list[_Piece]:
    """Insert moved lines into word-diff pieces at their old and new offsets."""
    woven: list[_Piece] = []
    old_pos = new_pos = 0
    old_next = new_next = 0

    def emit_due() -> None:
        nonlocal old_next, new_next
        while old_next < len(old_cuts) and old_cuts[old_next][0] == old_pos:
            woven.append(old_cuts[old_next][1])
            old_next += 1
        while new_next < len(new_cuts) and new_cuts[new_next][0] == new_pos:
            woven.append(new_cuts[new_next][1])
            new_next += 1

    queue = list(reversed(pieces))
    while queue:
        emit_due()
        kind, text, move = queue.pop()
        limit = len(text)
        if kind != INSERT and old_next < len(old_cuts):
            limit = min(limit, old_cuts[old_next][0] - old_pos)
        if kind != DELETE and new_next < len(new_cuts):
            limit = min(limit, new_cuts[new_next][0] - new_pos)
        if limit < len(text):
            queue.append((kind, text[limit:], move))
            text = text[:limit]
        woven.append((kind, text, move))
        if kind != INSERT:
            old_pos += len(text)
        if kind != DELETE:
            new_pos += len(text)
    emit_due()
    woven.extend(cut for _, cut in old_cuts[old_next:])
    woven.extend(cut for _, cut in new_cuts[new_next:])
    return woven


def _merge(pieces: Iterable[_Piece]) -> list[_Piece]:
    """Join neighbouring pieces of one kind; in a run of edits, deletions come first."""
    merged: list[_Piece] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush_edits() -> None:
        if deleted:
            merged.append((DELETE, "".join(deleted), None))
        if inserted:
            merged.append((INSERT, "".join(inserted), None))
        deleted.clear()
        inserted.clear()

    for kind, text, move in pieces:
        if not text:
            continue
        if move is not None:
            flush_edits()
            merged.append((kind, text, move))
        elif kind == DELETE:
            deleted.append(text)
        elif kind == INSERT:
            inserted.append(text)
        else:
            flush_edits()
            if merged and merged[-1][0] == EQUAL:
                merged[-1] = (EQUAL, merged[-1][1] + text, None)
            else:
                merged.append((EQUAL, text, None))
    flush_edits()
    return merged


def _paragraph_numbers(lines: Sequence[str]) -> list[int]:
    """Number every line by the paragraph it is in, counting non-blank lines from 1."""
    numbers = []
    count = 0
    for line in lines:
        if line.strip():
            count += 1
        numbers.append(max(count, 1))
    return numbers
