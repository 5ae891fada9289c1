"""The reviewed data files: taxonomy coverage and unambiguous synonyms."""
from __future__ import annotations

from collections import Counter

from extract.targets.lexicon import load_lexicon

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


def test_every_unit_form_maps_to_one_unit():
    forms = Counter(f.lower() for forms in load_lexicon().units.values() for f in forms)
    assert [f for f, c in forms.items() if c > 1] == []
