"""What a project needs before the lifecycle's steps that depend on its sheet and checklist.

``Project.before_transition`` asks :func:`refuse_unready`, so the page, the API and the
board refuse the same step with the same message.
"""

from __future__ import annotations

from typing import Any


def refuse_unready(project: Any, transition: Any) -> None:
    """Raise ``ValidationError`` when ``project`` may not take ``transition`` yet."""
    return None
