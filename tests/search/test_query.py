from search.query import MAX_TERMS, Term, parse


def words(query):
    return [
        [(term.text, term.is_phrase, term.is_excluded) for term in group] for group in query.groups
    ]


def test_plain_words_must_all_appear():
    assert words(parse("gene therapy")) == [[("gene", False, False), ("therapy", False, False)]]


def test_quotes_make_a_phrase_and_a_minus_excludes():
    assert words(parse('"gene therapy" -cancer -"side effects"')) == [
        [
            ("gene therapy", True, False),
            ("cancer", False, True),
            ("side effects", True, True),
        ]
    ]


def test_or_separates_alternatives_and_is_ignored_at_either_end():
    assert words(parse("or fatigue OR tiredness or")) == [
        [("fatigue", False, False)],
        [("tiredness", False, False)],
    ]


def test_an_unbalanced_quote_runs_to_the_end():
    assert words(parse('"gene therapy')) == [[("gene therapy", True, False)]]


def test_operators_and_punctuation_are_only_separators():
    assert not parse('&|!:*()<> "" - -- or').has_words
    assert words(parse("fatigue&|!:*()<>")) == [[("fatigue", False, False)]]


def test_a_search_of_exclusions_only_has_no_words_to_look_for():
    assert not parse('-fatigue -"brain fog"').has_words


def test_non_latin_scripts_are_words():
    assert parse("усталость 疲労 التعب").wanted_terms() == [
        Term(("усталость",)),
        Term(("疲労",)),
        Term(("التعب",)),
    ]


def test_the_number_of_terms_is_bounded():
    assert len(parse(" ".join(f"w{i}" for i in range(100))).wanted_terms()) == MAX_TERMS


def test_the_highlight_pattern_prefers_the_longest_match_and_ignores_exclusions():
    pattern = parse('the therapy "gene   therapy" -cancer').highlight_pattern()
    assert pattern.findall("Gene therapy and THE therapy, no cancer") == [
        "Gene therapy",
        "THE",
        "therapy",
    ]
