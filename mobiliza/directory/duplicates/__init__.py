"""Likely duplicate partners: finding them (``finding``), merging two (``merging``), and
their pages, mounted in the directory's URLs (namespace "directory")."""
