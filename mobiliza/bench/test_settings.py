"""Test settings with the bench app installed, until ``config/settings/base.py`` lists it."""

from config.settings.test import *  # noqa: F401,F403
from config.settings.test import INSTALLED_APPS

if "mobiliza.bench" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "mobiliza.bench"]
