"""Targets: SegmentedDocument -> Target rows (every numeric target and reported result).

Where each rule lives: clauses.py (sentence, clause and window bounds; the list of the stage's
rules), indicator.py (indicator, breakdown, parent and total), direction.py (direction verbs),
comparator.py (comparator words and signs), measure.py (share, growth, change or level),
timeframe.py (kind, year and period, the plan-year fallback), tables.py (goal-table rows),
quantities.py (the number grammar), spans.py and nlp.py (the spaCy tagging), lexicon.py and
labels.py (the data files and the typed span labels), extract.py (the orchestration).
"""
from .extract import extract

__all__ = ["extract"]
