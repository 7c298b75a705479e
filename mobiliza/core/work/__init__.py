"""My work: tasks with an owner, a due date and a reminder; the "my tasks" page at
/<lang>/tasks/ (namespace "tasks"). See ``models``, ``services`` and ``selectors``."""
