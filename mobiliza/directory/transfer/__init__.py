"""Partners in and out of spreadsheets: the import and export (``services``) and their
pages, mounted in the directory's URLs (namespace "directory")."""
