"""English as the coalition writes it: the same day-first dates as its Spanish (the
coalition's documents are bilingual, and "03/12/2026" must mean one day in both).

``DATE_FORMAT`` ("3 December 2026") in prose and on detail pages, ``SHORT_DATE_FORMAT``
("03/12/2026") in tables; date inputs keep ISO. Numbers as Django's ``en``:
``1,849,089.25``. The keys not set here are Django's own for ``en``.
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
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
