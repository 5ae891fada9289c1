"""Years and periods as resolutions write them: one home for the patterns that say which year or
period a figure, a table column or a plan belongs to."""
from __future__ import annotations

import regex

# A year of this era, with the digits as the group.
BARE_YEAR = regex.compile(r"\b((?:19|20)\d{2})\b")
# Two years joined by a dash: "2021 - 2025".
BARE_PERIOD = regex.compile(r"\b((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})\b")
# The year a plan, a set of tasks or a budget is for, in a title (not the first year of a period:
# "kế hoạch ... 5 năm 2021 - 2025" plans for the period).
PLAN_YEAR = regex.compile(r"(?:mục\s+tiêu|nhiệm\s+vụ|kế\s+hoạch|phương\s+hướng|chỉ\s+tiêu|dự\s+toán)[^;.]*?\bnăm\s+(?P<y>(?:19|20)\d{2})\b(?!\s*-\s*(?:19|20)\d{2})", regex.I)
# "năm 2024" in a clause, not a base of comparison ("so với năm 2023", "từ năm 2020") nor a period's start.
YEAR_IN_CLAUSE = regex.compile(r"(?<!so với\s)(?<!so với cùng kỳ\s)(?<!từ\s)\bnăm\s+(?P<y>(?:19|20)\d{2})\b(?!\s*-\s*\d)", regex.I)
# A period of a clause: "giai đoạn 2021 - 2025", "bình quân 2021-2025", "5 năm 2021 - 2025".
PERIOD_IN_CLAUSE = regex.compile(r"(?:giai đoạn|nhiệm kỳ|thời kỳ|(?:kế hoạch\s+)?5 năm|bình quân)\s+(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})", regex.I)
# A sentence opened by its year: "Đến năm 2025, ...", "- Năm 2024, ...".
SENTENCE_YEAR = regex.compile(r"\s*(?:[-+•]\s*)?(?:(?:Đến|Tới|Trong|Riêng)\s+)?năm\s+(?P<y>(?:19|20)\d{2})\s*,", regex.I)
# A year named in a heading, not a base of comparison.
HEADING_YEAR = regex.compile(r"(?<!so với\s)(?<!so với cùng kỳ\s)(?<!từ\s)\bnăm\s+(?P<y>(?:19|20)\d{2})\b", regex.I)
