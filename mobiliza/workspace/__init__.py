"""Daily work across the capabilities: each role's home page, the global search and
the glossary of the strategy's terms. It reads every app and no app reads it."""
