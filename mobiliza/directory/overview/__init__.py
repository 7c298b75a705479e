"""Overviews of the directory: potential donors, the mapping of strategic partners and the
funding calls closing soon, mounted in the directory's URLs (namespace "directory")."""
