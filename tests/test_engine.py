"""Engine: exact at any size, readable phrase edits, moves, white space, real vectors."""

from __future__ import annotations

import itertools
import json

import pytest
from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED_ARTICLE, load_json, revision_history
from textdiff.engine import DELETE, EQUAL, INSERT, Diff, Op, diff_texts, diff_words
from textdiff.normalize import normalize_whitespace
from textdiff.tokenize import tokenize

# Text made of words, punctuation, spaces and line breaks, so that diffs have structure.
words = st.sampled_from(
    [
        "the",
        "The",
        "war",
        "15,000",
        "Kiev's",
        "said",
        "Tuesday",
        "Wednesday",
        "मुख्य",
        "桌子",
        "NATO",
        "a",
        "U.S.",
        ",",
        ".",
        "“",
        "—",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\u00a0",
        "\r\n",
    ]
)
texts = st.lists(words, max_size=60).map("".join)


def serialize(ops: list[Op] | tuple[Op, ...]) -> str:
    """Compact form as jsdiff's tests use: ``New <del>Value</del><ins>Other</ins>``."""
    tags = {EQUAL: "{}", DELETE: "<del>{}</del>", INSERT: "<ins>{}</ins>"}
    return "".join(tags[op.op].format(op.text) for op in ops)


def boundaries(tokens: list[str]) -> set[int]:
    positions, offset = {0}, 0
    for token in tokens:
        offset += len(token)
        positions.add(offset)
    return positions


@given(texts, texts)
@settings(max_examples=300)
def test_exact_ops_rebuild_both_sides(old: str, new: str) -> None:
    result = diff_texts(old, new, exact=True)
    assert result.old == old
    assert result.new == new
    assert result.changed == (old != new)


@given(texts, texts)
@settings(max_examples=300)
def test_default_ops_rebuild_both_normalised_sides(old: str, new: str) -> None:
    result = diff_texts(old, new)
    assert result.old == normalize_whitespace(old)
    assert result.new == normalize_whitespace(new)


@given(st.text())
def test_diff_of_a_text_with_itself_is_all_equal(text: str) -> None:
    assert all(op.op == EQUAL for op in diff_texts(text, text, exact=True).ops)
    assert not diff_texts(text, text).changed


@given(st.text())
def test_arbitrary_unicode_rebuilds(text: str) -> None:
    other = text[::-1]
    result = diff_texts(text, other, exact=True)
    assert (result.old, result.new) == (text, other)


@given(texts, texts)
@settings(max_examples=300)
def test_ops_never_split_a_word_token(old: str, new: str) -> None:
    result = diff_texts(old, new, exact=True)
    old_cuts, new_cuts = boundaries(tokenize(old)), boundaries(tokenize(new))
    old_pos = new_pos = 0
    for op in result.ops:
        assert old_pos in old_cuts and new_pos in new_cuts
        if op.op != INSERT:
            old_pos += len(op.text)
        if op.op != DELETE:
            new_pos += len(op.text)
    for move in result.moves:
        assert result.ops[move.delete].op == DELETE
        assert result.ops[move.insert].op == INSERT


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("The cat sat.", "The dog sat.", "The <del>cat</del><ins>dog</ins> sat."),
        (
            "killing at least 15,000 people",
            "killing at least 14,000 people",
            "killing at least <del>15,000</del><ins>14,000</ins> people",
        ),
        (
            "He said a big red car hit it.",
            "He said one small blue van hit it.",
            "He said <del>a big red car</del><ins>one small blue van</ins> hit it.",
        ),
        ("Kiev's mayor", "Kyiv's mayor", "<del>Kiev's</del><ins>Kyiv's</ins> mayor"),
        ("It rained.", "It rained heavily.", "It rained<ins> heavily</ins>."),
        (
            "她有很多桌子。",
            "梅有很多儿子。",
            "<del>她</del><ins>梅</ins>有很多<del>桌</del><ins>儿</ins>子。",
        ),
        ("a, b", "a; b", "a<del>,</del><ins>;</ins> b"),
    ],
)
def test_word_diff_table(old: str, new: str, expected: str) -> None:
    assert serialize(diff_words(old, new)) == expected


def test_a_moved_paragraph_and_a_changed_word_are_one_move_and_one_change() -> None:
    first = "The council met in the old town hall to discuss the budget."
    second = "The vote on the new bridge is planned for Tuesday, officials said."
    third = "Residents had asked for the bridge for more than ten years."
    old = f"{first}\n\n{second}\n\n{third}\n"
    new = f"{third}\n\n{first}\n\n{second.replace('Tuesday', 'Wednesday')}\n"

    result = diff_texts(old, new)

    assert (result.old, result.new) == (old, new)
    assert len(result.moves) == 1
    move = result.moves[0]
    assert result.ops[move.delete] == Op(DELETE, third + "\n")
    assert result.ops[move.insert] == Op(INSERT, third + "\n")
    assert (move.old_paragraph, move.new_paragraph) == (3, 1)
    word_edits = [
        op
        for i, op in enumerate(result.ops)
        if op.op != EQUAL and i not in (move.delete, move.insert) and not op.text.isspace()
    ]
    assert word_edits == [Op(DELETE, "Tuesday"), Op(INSERT, "Wednesday")]
    stats = result.stats
    assert (stats.words_added, stats.words_removed) == (1, 1)
    assert (stats.paragraphs_changed, stats.paragraphs_moved) == (1, 1)


def test_a_moved_paragraph_keeps_its_inner_word_diff() -> None:
    paragraphs = [
        f"Paragraph number {n} tells its own part of the story in words." for n in range(1, 6)
    ]
    moved = "The minister said 40 people died in the attack on the market."
    old = "\n\n".join([moved, *paragraphs]) + "\n"
    new = "\n\n".join([*paragraphs, moved.replace("40", "52")]) + "\n"

    result = diff_texts(old, new)

    assert len(result.moves) == 1
    assert serialize(result.moves[0].ops).startswith("The minister said <del>40</del><ins>52</ins>")
    assert result.stats.words_added == 1


def test_a_paragraph_edited_in_place_is_not_a_move() -> None:
    old = "Alpha beta gamma delta epsilon.\n\nOne two three four five six.\n"
    new = "Alpha beta gamma delta zeta.\n\nOne two three four five seven.\n"
    result = diff_texts(old, new)
    assert result.moves == ()
    assert result.stats.paragraphs_changed == 2


def test_unlike_paragraphs_are_not_paired_as_a_move() -> None:
    old = "Keep this line.\n\nThe first story is about trains and stations.\n"
    new = "A wholly different paragraph about the weather today.\n\nKeep this line.\n"
    assert diff_texts(old, new).moves == ()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a  b\n", "a b\n"),
        ("a b\r\nc\r\n", "a b\nc\n"),
        ("a b   \nc\n", "a b\nc"),
        ("a\u00a0b\n", "a b\n"),
        ("a\tb\n\n\n\nc\n", "a b\n\nc\n"),
        ("e\u0301\n", "é\n"),
    ],
)
def test_white_space_only_differences_are_not_changes_by_default(old: str, new: str) -> None:
    assert not diff_texts(old, new).changed
    assert diff_texts(old, new, exact=True).changed


def test_punctuation_changes_are_always_changes() -> None:
    assert diff_texts("Yes, he said.", "Yes he said.").changed
    assert diff_texts("“quoted”", '"quoted"').changed


def test_a_100k_word_pair_is_exact_not_delete_all_insert_all() -> None:
    # diff-match-patch's default 1 s timeout gives up on this and replaces everything.
    paragraphs = [f"Paragraph {n} says word{n} and more{n * 7} here." for n in range(10_000)]
    old = "\n\n".join(paragraphs) + "\n"
    changed = list(paragraphs)
    for n in range(0, 10_000, 97):
        changed[n] = changed[n].replace("says", "claims")
    new = "\n\n".join(changed) + "\n"
    result = diff_texts(old, new)
    assert (result.old, result.new) == (old, new)
    assert result.stats.words_added == result.stats.words_removed == len(range(0, 10_000, 97))


def test_one_long_line_is_still_exact() -> None:
    old = " ".join(f"w{n}" for n in range(20_000))
    new = old.replace("w500 ", "x500 ").replace("w19999", "end")
    ops = diff_words(old, new)
    assert serialize(ops).count("<del>") == 2


def test_empty_inputs() -> None:
    assert diff_texts("", "").ops == ()
    assert diff_texts("", "new text\n").ops == (Op(INSERT, "new text\n"),)
    assert diff_texts("old text\n", "").ops == (Op(DELETE, "old text\n"),)


@pytest.mark.parametrize(
    ("corpus", "page"),
    [
        ("wikipedia-revisions-en", "page-12"),
        ("wikipedia-revisions-en", "page-10"),
        ("wikipedia-revisions-hi", "page-6967"),
        ("wikipedia-revisions-hi", "page-1"),
    ],
)
def test_wikipedia_histories_rebuild_both_sides_version_after_version(
    corpus: str, page: str
) -> None:
    history = revision_history(corpus, page)
    for before, after in itertools.pairwise(history):
        result = diff_texts(before, after, exact=True)
        assert (result.old, result.new) == (before, after)
        assert result.changed == (before != after)
        normalised = diff_texts(before, after)
        assert normalised.new == normalize_whitespace(after)
        for move in normalised.moves:
            moved = Diff(ops=move.ops)
            assert moved.old == normalised.ops[move.delete].text
            assert moved.new == normalised.ops[move.insert].text


def test_seed_article_word_counts() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    edited = text.replace("at least 15,000", "at least 14,000")
    stats = diff_texts(text, edited).stats
    assert (stats.words_added, stats.words_removed, stats.paragraphs_changed) == (1, 1, 1)


# --- the vectors of the libraries and peers we build on --------------------------------------

DMP_METHODS_WE_RELY_ON = {
    "diff_main",
    "diff_cleanupSemantic",
    "diff_cleanupSemanticLossless",
    "diff_cleanupMerge",
    "diff_commonOverlap",
}


def dmp_vectors() -> list[dict[str, object]]:
    return [
        v
        for v in load_json("diff-match-patch-py3/vectors.json")
        if v["method"] in DMP_METHODS_WE_RELY_ON
    ]


@pytest.mark.parametrize("vector", dmp_vectors(), ids=lambda v: f"{v['method']}")
def test_diff_match_patch_behaves_as_its_own_tests_say(vector: dict) -> None:  # type: ignore[type-arg]
    dmp = diff_match_patch()
    for name, value in vector["settings"].items():
        setattr(dmp, name, value)
    args = json.loads(json.dumps(vector["args"]))
    args = [
        [tuple(d) for d in a] if isinstance(a, list) and a and isinstance(a[0], list) else a
        for a in args
    ]
    result = getattr(dmp, vector["method"])(*args)
    if vector.get("in_place"):
        result = args[0]
    if isinstance(result, list):
        result = [list(d) for d in result]
    assert result == vector["expected"]


JSDIFF_DIFFERENCES = {
    # We have no case-insensitive mode: a changed capital is a real edit in an article.
    "should respect options.ignoreCase": "no ignoreCase",
    "case insensitivity": "no ignoreCase",
    # The semantic clean-up merges a short run of kept punctuation or words between edits into
    # one phrase replacement; jsdiff keeps every small equality.
    "should treat punctuation characters as tokens": "semantic clean-up",
    "supports tokenizing with an Intl.Segmenter": "per-character CJK, ':' splits a word",
    # A combining mark that follows white space belongs to the next word for us.
    "diacritics": "orphan combining marks",
}


def jsdiff_vectors() -> list[dict[str, object]]:
    return load_json("jsdiff-word/word_diff_vectors.json")  # type: ignore[no-any-return]


def words_of(changes: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Project changes onto their non-space tokens, merging runs of one kind."""
    projected: list[tuple[str, list[str]]] = []
    for kind, text in changes:
        tokens = [t for t in tokenize(text) if not t.isspace()]
        if not tokens:
            continue
        if projected and projected[-1][0] == kind:
            projected[-1][1].extend(tokens)
        else:
            projected.append((kind, tokens))
    return projected


@pytest.mark.parametrize("vector", jsdiff_vectors(), ids=lambda v: str(v["test"])[-60:])
def test_jsdiff_word_vectors(vector: dict) -> None:  # type: ignore[type-arg]
    """jsdiff attaches white space to tokens differently; the words changed must agree."""
    reason = next((why for key, why in JSDIFF_DIFFERENCES.items() if key in vector["test"]), None)
    if reason is not None:
        pytest.skip(f"differs on purpose: {reason}")
    kinds = {EQUAL: "=", DELETE: "-", INSERT: "+"}
    ours = [(kinds[op.op], op.text) for op in diff_texts(vector["old"], vector["new"]).ops]
    assert words_of(ours) == words_of([tuple(c) for c in vector["expected_changes"]])


def unicode_word_vectors() -> list[dict[str, str]]:
    return [v for v in load_json("unicode-edge-cases/vectors.json") if "old" in v and "new" in v]


@pytest.mark.parametrize("vector", unicode_word_vectors(), ids=lambda v: v["id"])
def test_unicode_edge_cases_rebuild_and_stay_whole(vector: dict[str, str]) -> None:
    result = diff_texts(vector["old"], vector["new"], exact=True)
    assert (result.old, result.new) == (vector["old"], vector["new"])
    assert result.changed


def test_thai_change_is_the_changed_characters_only() -> None:
    vector = next(v for v in unicode_word_vectors() if v["id"] == "wikidiff2-thai1")
    # wikidiff2 with a dictionary marks the word สุนัข→แมว; per character we mark the same span.
    assert serialize(diff_words(vector["old"], vector["new"])) == (
        "สุนัขจิ้งจอกกระโดดข้าม<del>สุนัข</del><ins>แมว</ins>"
    )


def test_two_paragraphs_joined_into_one_are_a_changed_line_break() -> None:
    old = (
        "The regions did not recognise it. In April 2014, in\n\nthe Donbass mining region, "
        "the republics were declared.\n\nNext paragraph stays as it was.\n"
    )
    new = (
        "The regions did not recognise it. In April 2014, in the Donbass mining region, "
        "the republics were declared.\n\nNext paragraph stays as it was.\n"
    )
    result = diff_texts(old, new)
    edits = [op for op in result.ops if op.op != EQUAL]
    assert edits == [Op(DELETE, "\n\n"), Op(INSERT, " ")]
    assert (result.stats.words_added, result.stats.words_removed) == (0, 0)
