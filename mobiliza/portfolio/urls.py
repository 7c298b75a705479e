"""The portfolio's pages, under one "portfolio" namespace (the parts' URLs included)."""

app_name = "portfolio"

urlpatterns: list = []
