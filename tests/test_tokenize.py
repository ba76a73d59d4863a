"""Tokenizer: lossless on any text, Unicode-aware words, one token per CJK/Thai character."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import load_json, revision_history
from textdiff.tokenize import count_words, needs_full_rules, tokenize, tokenize_full


@given(st.text())
def test_tokens_join_back_to_any_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1))
def test_no_token_is_empty(text: str) -> None:
    assert all(tokenize(text))


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Kiev's high-level talks", ["Kiev's", " ", "high-level", " ", "talks"]),
        ("Kiev’s", ["Kiev’s"]),
        ("killing at least 15,000.", ["killing", " ", "at", " ", "least", " ", "15,000", "."]),
        ("3.5 million", ["3.5", " ", "million"]),
        ("on 2024-05-28, at 10:30", ["on", " ", "2024-05-28", ",", " ", "at", " ", "10:30"]),
        ("the U.S. said", ["the", " ", "U", ".", "S", ".", " ", "said"]),
        ("end.Next", ["end", ".", "Next"]),
        ("(1946-1954)", ["(", "1946-1954", ")"]),
        ('"quote"—dash', ['"', "quote", '"', "—", "dash"]),
        ("a  b\tc", ["a", "  ", "b", "\t", "c"]),
        ("a\n\nb\r\nc", ["a", "\n", "\n", "b", "\r\n", "c"]),
        ("她有很多桌子。", ["她", "有", "很", "多", "桌", "子", "。"]),
        ("test測試", ["test", "測", "試"]),
        ("ひらがなカタカナ", ["ひ", "ら", "が", "な", "カ", "タ", "カ", "ナ"]),
        ("snake_case x", ["snake_case", " ", "x"]),
        ("👨\u200d👩\u200d👧 ok", ["👨\u200d👩\u200d👧", " ", "ok"]),
        ("e\u0301té", ["e\u0301té"]),
    ],
)
def test_table(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_devanagari_words_keep_their_vowel_signs_and_viramas() -> None:
    # कहानी = क ह ा न ी: the vowel signs are combining marks, which \w alone would split off.
    assert tokenize("एक कहानी सुनो") == ["एक", " ", "कहानी", " ", "सुनो"]
    assert tokenize("प्रश्न") == ["प्रश्न"]


def test_no_token_of_real_hindi_text_starts_with_a_mark_inside_a_word() -> None:
    import unicodedata

    for text in revision_history("wikipedia-revisions-hi", "page-6967")[::10]:
        tokens = tokenize(text)
        for before, token in itertools.pairwise(tokens):
            if unicodedata.category(token[0]).startswith("M"):
                # A mark may only start a token after white space or punctuation, where
                # it has no letter to belong to.
                assert unicodedata.category(before[-1])[0] not in "LN", (before, token)


def test_thai_is_one_token_per_character_with_its_marks() -> None:
    vector = next(
        v for v in load_json("unicode-edge-cases/vectors.json") if v["id"] == "wikidiff2-thai1"
    )
    tokens = tokenize(vector["old"])
    assert "".join(tokens) == vector["old"]
    # จิ้ = จ + ◌ิ + ◌้: the base character carries both marks.
    assert "จิ้" in tokens
    assert all(len(t) == 1 or not t[1:].isalpha() for t in tokens)


def jsdiff_tokenize_vectors() -> list[dict[str, object]]:
    return load_json("jsdiff-word/tokenize_vectors.json")  # type: ignore[no-any-return]


@pytest.mark.parametrize("vector", jsdiff_tokenize_vectors(), ids=lambda v: v["test"][:50])
def test_jsdiff_tokenize_vectors_agree_on_words(vector: dict[str, object]) -> None:
    """jsdiff glues white space to its tokens; compared without it, the words agree.

    Where we differ on purpose: jsdiff splits ``animá-los`` and ``2012-13`` at the hyphen, we
    keep a hyphenated word (and a range of numbers) one token; a soft hyphen (U+00AD) is a
    format character, which we keep inside ``daugh­ter`` rather than split on it.
    """
    text = str(vector["input"])
    expected = [t.strip() for t in vector["expected_tokens"] if t.strip()]  # type: ignore[attr-defined]
    ours = [t for t in tokenize(text) if not t.isspace()]
    joined = {"animá-los": ["animá", "-", "los"], "2012-13": ["2012", "-", "13"]}
    ours = [piece for t in ours for piece in joined.get(t, [t])]
    assert ours == expected or _soft_hyphen_only_difference(ours, expected)


def _soft_hyphen_only_difference(ours: list[str], expected: list[str]) -> bool:
    return "".join(ours) == "".join(expected) and any("\u00ad" in t for t in ours)


def test_count_words_counts_words_and_punctuation_not_spaces() -> None:
    assert count_words("Hello,  world!\n") == 4
    assert count_words("") == 0


# Characters of the fast path: ASCII, Latin letters with accents (precomposed), curly quotes,
# dashes, currency, fractions, non-breaking and thin spaces, Greek and Cyrillic.
fast_alphabet = st.characters(
    categories=[
        "Lu",
        "Ll",
        "Lt",
        "Nd",
        "Nl",
        "No",
        "Zs",
        "Pd",
        "Ps",
        "Pe",
        "Pi",
        "Pf",
        "Po",
        "Sm",
        "Sc",
        "Cc",
        "Zl",
        "Zp",
    ],
)


@given(st.text(alphabet=fast_alphabet))
def test_the_fast_path_splits_exactly_as_the_full_unicode_rules(text: str) -> None:
    if not needs_full_rules(text):
        assert tokenize(text) == tokenize_full(text)


@given(st.text())
def test_any_text_splits_as_the_full_rules(text: str) -> None:
    assert tokenize(text) == tokenize_full(text)


@pytest.mark.parametrize(
    "text",
    [
        "कहानी",
        "她有",
        "👨\u200d👩\u200d👧",
        "daugh\u00adter",
        "e\u0301",
        "🇺🇸",
        "👍🏽",
        "ｶﾞ",
        "a\x1cb",
        "snake‿case",
    ],
)
def test_characters_that_need_the_full_rules_take_them(text: str) -> None:
    assert needs_full_rules(text)
    assert not needs_full_rules("Kiev’s “high-level” talks — £15,000 ×2 é\u00a0Ωμέγα")
