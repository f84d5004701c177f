"""Import CLAIR's listing ("Japanese local governments looking for sister city relationships overseas") into the
knowledge base: parse the English page and, when given, the Japanese one (kibou-j), pair their towns, resolve the
wishes, derive ids and readings, write the town files, archive the towns that left, and report the difference.

``python -m bot import-listing EN_PAGE [JA_PAGE] [--knowledge DIR] [--dry-run]`` (``bot.listing.importer``).
"""
