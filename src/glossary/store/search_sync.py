"""Kept for the importers that still call it; ``write_transaction`` refreshes the index."""

from glossary.store.search_index import refresh as refresh_search_index

__all__ = ["refresh_search_index"]
