"""Bai–Chinese legal glossary for Dali mediators."""

__version__ = "0.1.0"
