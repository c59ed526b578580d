"""Imports and exports: from files on disk into the store and back."""
