"""URL patterns of the directory (see urls.py)."""

urlpatterns: list = []
