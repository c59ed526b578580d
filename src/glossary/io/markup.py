"""Reading the XML files CAT tools write (XLIFF, TMX) safely, and telling which is which.

Parsed with lxml without entity expansion, DTD loading, network or huge trees; a file that
declares entities (the "billion laughs" and external-entity attacks need them) is refused
before anything of it is used. Every problem is one GlossaryError: what, where, what to do.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from glossary.errors import GlossaryError, location

#: Suffixes read as XML, and the kind each means.
SUFFIXES = {".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx", ".lift": "lift"}
#: Root element (without namespace) → kind, for a file whose suffix does not say.
ROOTS = {"xliff": "xliff", "tmx": "tmx", "lift": "lift"}


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def sniff(path: Path) -> str | None:
    """``xliff``, ``tmx`` or ``lift`` by the suffix, or by the root element of a ``.xml`` file; else
    None (not one of these)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is not None or path.suffix.lower() != ".xml":
        return kind
    try:
        head = path.read_bytes()[:4096].decode("utf-8", errors="replace")
    except OSError:
        return None
    for root, found in ROOTS.items():
        if f"<{root}" in head or f":{root}" in head:
            return found
    return None


def parse(path: Path, kind: str, fix: str | None = None) -> etree._Element:
    """The root element of the file, which must be ``<kind>``; ``fix`` says how to get a
    good file again (default: export it again from the CAT tool)."""
    fix = fix or f"export the {kind.upper()} again from the CAT tool, or repair the file there"
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        column = exc.position[1] if line and exc.position and exc.position[1] > 0 else None
        raise GlossaryError(
            f"not well-formed XML ({exc.msg})",
            location(path, line, column),
            fix,
        ) from None
    except OSError as exc:
        raise GlossaryError(f"cannot read the file ({exc})", str(path)) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise GlossaryError(
            "the file declares XML entities, which glossary does not read (they can make a "
            "file expand without bound or read other files)",
            str(path),
            fix,
        )
    root = tree.getroot()
    if local_name(root) != kind:
        raise GlossaryError(
            f"this is not a {kind.upper()} file (its root element is <{local_name(root)}>)",
            location(path, root.sourceline),
            fix,
        )
    return root


def text_of(element: etree._Element | None) -> str:
    """The text of an element with any inline markup dropped, whitespace-trimmed."""
    return "" if element is None else "".join(element.itertext()).strip()
