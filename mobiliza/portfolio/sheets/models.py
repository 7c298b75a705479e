"""sheets of the portfolio (see ../models.py)."""

__all__: list[str] = []
