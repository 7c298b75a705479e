"""The spreadsheet import every app uses: safe reading, column mapping, preview, writing.

An app registers an :class:`~mobiliza.core.imports.registry.Importer` (its fields, their
labels and synonyms, its key, how a row is checked and written); the wizard in
:mod:`mobiliza.core.imports.views` walks the user through upload, columns, preview and
confirmation for any of them. See docs/imports.md.
"""
