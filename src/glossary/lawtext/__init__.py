"""Law texts: read a file (.md, .txt, .docx) and parse it into articles, 款 and 项."""

from glossary.lawtext.parse import parse_law
from glossary.lawtext.read import read_law_file

__all__ = ["parse_law", "read_law_file"]
