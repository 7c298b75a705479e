"""The exchange-rate table: its writes, CSV import and followers (``services``), and its
pages at /<lang>/exchange-rates/ (namespace "rates")."""
