"""The web server behind ``glossary serve``: textual-serve's Server, adapted.

Loaded only by that command (aiohttp and textual-serve are not needed elsewhere). The
changes to textual-serve's own behaviour:
- it listens on a socket already bound by ``glossary.cli.serve.bind`` (so a port in use is one
  clear message before anything starts);
- the page's links (scripts, the websocket) use the address the browser used, not the one
  the server listens on: a tablet that opened http://192.168.1.5:8000 must not be sent to
  0.0.0.0;
- it prints nothing of its own (the command already said who can reach it);
- Ctrl+C closes the open tabs at once and waits for their app processes to end (textual-serve
  does not wait for them, and closing the event loop under a live process prints a traceback).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
from typing import Any

from aiohttp import WSCloseCode, web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("glossary.serve")

TITLE = "Glossary 白汉法律词汇"
SHUTDOWN_SECONDS = 3.0  # how long open tabs get to close when the server stops
APP_EXIT_SECONDS = 3.0  # how long a tab's app process gets to quit before it is killed


class TabService(AppService):
    """One browser tab's app process; stopping it waits until the process has ended."""

    async def stop(self) -> None:
        await super().stop()
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), APP_EXIT_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()


class GlossaryServer(Server):
    """textual-serve's server for the glossary app (see the module docstring)."""

    async def handle_index(self, request: web.Request) -> Any:
        # The page is built from self.public_url; textual-serve's handler reads it without
        # awaiting anything in between, so setting it here serves this request's address.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def on_startup(self, app: web.Application) -> None:
        """Nothing to print: ``glossary serve`` has said where it listens."""
        self.tabs: set[web.WebSocketResponse] = set()

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every open tab now, so that each handler stops its app process."""
        for websocket in list(self.tabs):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, with a TabService and the tab recorded while open."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)

        async def close() -> None:  # the app has quit: end this tab's session
            await websocket.close()

        service = TabService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.tabs.add(websocket)
        try:
            await websocket.prepare(request)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure is logged; the server goes on
            log.exception(error)
        finally:
            self.tabs.discard(websocket)
            await service.stop()
        return websocket


def serve_app(command: str, sock: socket.socket) -> None:
    """Serve the app (one ``command`` process per browser tab) on this socket until Ctrl+C
    or SIGTERM."""
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    host, port = sock.getsockname()[:2]
    server = GlossaryServer(command, host=host, port=port, title=TITLE)
    loop = asyncio.new_event_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, _request_exit)
    web.run_app(
        server._make_app(),
        sock=sock,
        handle_signals=False,
        loop=loop,
        print=None,
        access_log=None,
        shutdown_timeout=SHUTDOWN_SECONDS,
    )


def _request_exit() -> None:
    raise GracefulExit()
