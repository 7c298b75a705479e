"""Spanish as the member states write it (Latin-American Spanish): a decimal point and
comma groups (``1,849,089.25``), dates day first.

One date style per context: ``DATE_FORMAT`` ("3 de diciembre de 2026") in prose and on
detail pages, ``SHORT_DATE_FORMAT`` ("03/12/2026") in tables. Date inputs keep ISO (the
browser's ``type=date``). The keys not set here are Django's own for ``es``.
"""

DATE_FORMAT = r"j \d\e F \d\e Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = r"j \d\e F"
YEAR_MONTH_FORMAT = r"F \d\e Y"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# What a date field reads: ISO first (what ``type=date`` posts), then day first; never
# month first, which would read 03/12/2026 as the 12th of March.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
