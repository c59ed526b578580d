"""Law texts: read a file (.md, .txt, .docx) and parse it into articles, 款 and 项.

Import the submodules (``glossary.lawtext.parse``, ``.read``, ``.refs``…) directly: this
package imports nothing, so reading an article reference does not compile the parser.
"""
