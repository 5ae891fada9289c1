"""The reviewed data files: taxonomy coverage and unambiguous synonyms."""
from __future__ import annotations

from collections import Counter

import pytest

from extract.data_files import load_yaml
from extract.segment.tables import Cell
from extract.targets import clauses, headers
from extract.targets.comparator import cell_comparator
from extract.targets.lexicon import load_lexicon, load_number_words, load_words
from extract.targets.quantities import find_quantities, parse_number_words
from extract.targets.tables import goal_table
from extract.text import time

# The taxonomy codes of ../shared/DESIGN.md "Indicator taxonomy (first version)".
DESIGN_CODES = """grdp grdp_per_capita production_value industrial_production_index export_turnover import_turnover
retail_sales social_investment budget_revenue budget_expenditure investment_projects registered_capital
new_enterprises cpi labour_productivity manufacturing_share digital_economy_share tourism_arrivals tourism_revenue
poverty_rate new_jobs trained_labour_rate agricultural_labour_share urban_unemployment_rate
health_insurance_coverage social_insurance_coverage doctors_per_10k hospital_beds_per_10k
communes_health_standard_rate population_growth_rate child_malnutrition_rate schools_national_standard
cultural_villages_rate cultural_families_rate urbanisation_rate ntm_communes rural_clean_water_rate
urban_clean_water_rate forest_cover_rate solid_waste_treatment_rate industrial_zone_wastewater_rate""".split()


def test_taxonomy_covers_every_design_code():
    assert set(DESIGN_CODES) <= set(load_lexicon().indicators)


def test_every_name_maps_to_exactly_one_code():
    names = Counter()
    for ind in load_lexicon().indicators.values():
        for name in set(ind.names) | {n for names in ind.parts.values() for n in names}:
            names[name.lower()] += 1
    assert [n for n, c in names.items() if c > 1] == []


def test_indicator_types_and_breakdowns_are_known():
    lex = load_lexicon()
    for ind in lex.indicators.values():
        assert ind.type in {"amount", "rate", "count", "index"}
        assert ind.measure in {None, "level", "growth", "change", "share"}
        assert not set(ind.parts) & set(ind.qualifiers), ind.code


def test_every_national_counterpart_is_a_code_of_the_same_type():
    lex = load_lexicon()
    for regional, national in load_yaml("indicators.yaml")["national_counterparts"].items():
        assert lex.indicators[regional].type == lex.indicators[national].type, regional
        assert lex.indicators[regional].per == lex.indicators[national].per, regional


@pytest.mark.parametrize("noun", load_yaml("units.yaml")["not_figures"])
def test_every_apparatus_noun_makes_a_count_no_figure(noun):
    assert find_quantities(f"Toàn tỉnh có 15 nghìn {noun} tham gia.") == []
    assert [q.value for q in find_quantities(f"Có 95% {noun} tham gia.")] == [95]  # a percent of them is a rate


@pytest.mark.parametrize("name, noun", [(name, noun) for spec in load_yaml("indicators.yaml")["indicators"].values()
                                        for noun in spec.get("counts") or () for name in spec["names"]])
def test_every_name_of_an_indicator_that_counts_the_apparatus_keeps_its_count(name, noun):
    assert [q.value for q in find_quantities(f"Năm 2025, {name} 1.500 {noun}.")] == [1500]


def test_every_unit_form_maps_to_one_unit():
    forms = Counter(f.lower() for forms in load_lexicon().units.values() for f in forms)
    assert [f for f, c in forms.items() if c > 1] == []


# --- words in data: every entry of the word lists is read, and a word added to a list is picked up

HEADER_WORDS = [(key, word) for key, words in load_yaml("table_headers.yaml").items() for word in words]
TIME_WORDS = load_yaml("time_words.yaml")
CLAUSE_WORDS = load_yaml("clauses.yaml")
CUES = load_yaml("cues.yaml")


@pytest.mark.parametrize("key,word", HEADER_WORDS, ids=[f"{k}:{w}" for k, w in HEADER_WORDS])
def test_every_table_header_word_is_read(key, word):
    pattern = getattr(headers.header_patterns(), key)
    assert pattern.search(f"{word.upper()} (năm 2024)")
    assert pattern.search(f"{word}")


def goal_grid(indicator_header: str) -> list[Cell]:
    """A two-column goal table: indicator names | "Kế hoạch năm 2024"."""
    texts = [[indicator_header, "Kế hoạch năm 2024"], ["Thu ngân sách nhà nước", "19.000"]]
    return [Cell(row, col, col, 0, 0, text, None) for row, line in enumerate(texts) for col, text in enumerate(line)]


def test_a_header_word_added_in_data_is_picked_up(monkeypatch):
    assert goal_table(goal_grid("Tiêu chí"), None) is None
    data = {k: list(v) for k, v in load_words("table_headers.yaml").items()}
    data["indicator"].append("tiêu chí")
    monkeypatch.setattr(headers, "load_words", lambda name: data)
    headers.header_patterns.cache_clear()
    try:
        table = goal_table(goal_grid("Tiêu chí"), None)
        assert table is not None and table.indicator_col == 0
        assert table.value_cols[1].kind == "target" and table.value_cols[1].year == 2024
    finally:
        headers.header_patterns.cache_clear()


@pytest.mark.parametrize("word", TIME_WORDS["period_openers"])
def test_every_period_opener_names_a_period(word):
    m = time.PERIOD_IN_CLAUSE.search(f"tăng {word} 2021 - 2025 đạt 7%")
    assert m and (m["a"], m["b"]) == ("2021", "2025")


@pytest.mark.parametrize("word", TIME_WORDS["base_markers"])
def test_every_base_marker_makes_a_base_year(word):
    assert not time.YEAR_IN_CLAUSE.search(f"tăng 6% {word} năm 2023")
    assert time.YEAR_IN_CLAUSE.search("tăng 6% trong năm 2023")


@pytest.mark.parametrize("word", TIME_WORDS["sentence_openers"])
def test_every_sentence_opener_scopes_its_sentence(word):
    m = time.SENTENCE_YEAR.match(f"{word} năm 2025, tỷ lệ hộ nghèo dưới 2%")
    assert m and m["y"] == "2025"


@pytest.mark.parametrize("word", TIME_WORDS["plan_words"])
def test_every_plan_word_names_a_plan_year(word):
    m = time.PLAN_YEAR.search(f"Nghị quyết về {word} phát triển kinh tế - xã hội năm 2024")
    assert m and m["y"] == "2024"


def test_a_time_word_added_in_data_is_picked_up():
    words = time.load_time_words()
    assert not time.PERIOD_IN_CLAUSE.search("thời gian 2021 - 2025")
    words["period_openers"].append("thời gian")
    assert time.build_patterns(words)["PERIOD_IN_CLAUSE"].search("tăng thời gian 2021 - 2025")


@pytest.mark.parametrize("word", CLAUSE_WORDS["direction_barriers"])
def test_every_direction_barrier_is_read(word):
    assert clauses.clause_patterns().direction_barrier.search(f"thu hút thêm 69 dự án {word} tổng vốn")


@pytest.mark.parametrize("word", CLAUSE_WORDS["post_modifier_stops"])
def test_every_post_modifier_stop_ends_the_post_modifier(word):
    assert clauses.clause_patterns().post_stop.search(f"69 dự án {word} tổng vốn").start() == len("69 dự án")


def test_a_clause_word_added_in_data_is_picked_up(monkeypatch):
    data = {k: list(v) for k, v in load_words("clauses.yaml").items()}
    data["direction_barriers"].append("kèm theo")
    monkeypatch.setattr(clauses, "load_words", lambda name: data)
    clauses.clause_patterns.cache_clear()
    try:
        assert clauses.clause_patterns().direction_barrier.search("thêm 69 dự án kèm theo tổng vốn")
    finally:
        clauses.clause_patterns.cache_clear()


COMPARATOR_WORDS = [(code, w) for code, words in CUES["comparators"].items() for w in words]


@pytest.mark.parametrize("code,word", COMPARATOR_WORDS, ids=[w for _, w in COMPARATOR_WORDS])
def test_every_comparator_word_is_read_in_prose_and_tables(code, word):
    (q,) = find_quantities(f"tỷ lệ che phủ rừng {word} 45%")
    assert q.comparator == code
    assert cell_comparator(word) == code


@pytest.mark.parametrize("code,sign", [(c, s) for c, signs in CUES["comparator_signs"].items() for s in signs])
def test_every_comparator_sign_is_read_in_tables(code, sign):
    assert cell_comparator(sign) == code


@pytest.mark.parametrize("word,digit", sorted(load_number_words().digits.items()))
def test_every_digit_word_is_read(word, digit):
    assert parse_number_words(f"{word} triệu") == (digit, 1e6)
