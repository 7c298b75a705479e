"""Settings for a developer's machine and the demo: `make run`."""

from config.env import env_bool

from .base import *  # noqa: F401,F403
from .base import DATA_DIR

DEBUG = env_bool("DEBUG", True)
MOBILIZA_ALLOW_DEMO_DATA = True
DATA_DIR.mkdir(parents=True, exist_ok=True)
