"""Sister City Bot: a bilingual (English/Japanese) assistant for CLAIR's sister-city programme (see docs/architecture.md)."""
