"""Article 6.2 accounting: vocabularies, authorizations, corresponding adjustments and the AEF as values."""
