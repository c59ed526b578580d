"""The app's long-lived objects kept out of the cycle collector's way.

Each full collection of Python's cycle collector walks every object alive. Once the app has
loaded what it keeps for its whole run (Textual and its screens, the search engine, numpy and
scipy for the aligner: about 75 000 objects), a full collection took 10–60 ms, and it comes
when enough new objects have piled up — on a key press now and then: that was most of the
typing p95 (``python -m bench.app_keystroke``). What is loaded by then lives as long as the
app, so it is frozen (``gc.freeze``: left out of every later collection); what is made
afterwards — the results of each key — is collected as before. The app lets it go again when
it stops, so a process that runs it more than once (the tests) does not keep its objects.
"""

from __future__ import annotations

import gc


def freeze_loaded() -> int:
    """Leave every object alive now out of later collections; how many they are."""
    gc.freeze()
    return gc.get_freeze_count()


def release_loaded() -> None:
    """Let the collector see them again (the app has stopped)."""
    gc.unfreeze()
