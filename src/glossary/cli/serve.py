"""``glossary serve``: the app in a web browser, for the tablets and phones in the room.

textual-serve runs one app process per browser tab; each is opened read-only on the same
database file. The server binds to this machine only (127.0.0.1) unless ``--host`` says
otherwise, and says plainly who can reach it: there is no password.
"""

from __future__ import annotations

import errno
import ipaddress
import shlex
import socket
import sys
from contextlib import suppress
from pathlib import Path

import click

from glossary.cli.base import cli, db_options, open_for_reading
from glossary.errors import GlossaryError

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8000
NETWORK_HOST = "0.0.0.0"  # every address of this machine: what the README tells a room to use


@cli.command()
@db_options
@click.option(
    "--host",
    default=LOOPBACK,
    show_default=True,
    help=f"Address to listen on; {NETWORK_HOST} lets other machines on the network in.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on.",
)
def serve(host: str, port: int) -> None:
    """Serve the app to web browsers (tablets, phones), read-only, until Ctrl+C."""
    db_path = Path(click.get_current_context().obj["db_path"]).resolve()
    open_for_reading().close()  # a missing or old file is told now, not in every tab
    sock = bind(host, port)
    for line in reach_notice(host, port, lan_addresses()):
        click.echo(line)
    from glossary.cli.browser import serve_app  # aiohttp and textual-serve load only here

    serve_app(app_command(db_path), sock)


def app_command(db_path: Path) -> str:
    """The shell command textual-serve runs for each browser tab: this Python, this
    database, read-only. Quoted, so that any path (spaces, quotes, long names) works; ``exec``
    so that the process textual-serve starts (and stops) is the app itself, not a shell."""
    return "exec " + shlex.join(
        [sys.executable, "-m", "glossary", "--db", str(db_path), "--read-only"]
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or one clear error (port in use, unknown host)."""
    try:
        family, _, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise GlossaryError(
            f"cannot serve on host {host!r}: {exc.strerror}",
            fix=f"give an address of this machine, e.g. --host {LOOPBACK} or --host {NETWORK_HOST}",
        ) from None
    try:
        return socket.create_server(address, family=family)
    except OSError as exc:
        raise bind_error(exc, host, port) from None


def bind_error(exc: OSError, host: str, port: int) -> GlossaryError:
    """What a failed bind means for the person starting the server."""
    where = f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return GlossaryError(
            f"port {port} is already in use",
            where=where,
            fix=f"stop the program using it, or choose another port, e.g. --port {port + 1}",
        )
    if exc.errno == errno.EACCES:
        return GlossaryError(
            f"not allowed to listen on port {port}",
            where=where,
            fix="choose a port above 1023, e.g. --port 8000",
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return GlossaryError(
            f"{host} is not an address of this machine",
            where=where,
            fix=f"use --host {LOOPBACK} (this machine) or --host {NETWORK_HOST} (the network)",
        )
    return GlossaryError(f"cannot listen: {exc.strerror or exc}", where=where)


def is_loopback(host: str) -> bool:
    """True when only this machine can connect: every address the host names is loopback."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return False
    addresses = {str(info[4][0]) for info in infos}
    return bool(addresses) and all(_ip(a).is_loopback for a in addresses)


def is_every_address(host: str) -> bool:
    """0.0.0.0 or :: — the server listens on all of this machine's addresses."""
    try:
        return _ip(host).is_unspecified
    except ValueError:
        return False


def reach_notice(host: str, port: int, lan: list[str]) -> list[str]:
    """What the server says on start: who can open it, and the URL(s) to open."""
    if is_loopback(host):
        return [
            f"Serving the glossary read-only at {url(host, port)}",
            "Only this machine can open it. To let tablets and phones on the room's network "
            f"in, start it with --host {NETWORK_HOST}.",
            "Press Ctrl+C to stop.",
        ]
    urls = [url(a, port) for a in lan] if is_every_address(host) else [url(host, port)]
    lines = [
        "The glossary is reachable from other machines on the network, with no password: "
        "anyone on the network can read it (read-only; nothing can be changed through it).",
    ]
    if urls:
        lines.append("Open on a tablet or phone on the same network:")
        lines.extend(f"  {u}" for u in urls)
    else:
        lines.append(f"Open http://<this machine's address>:{port} on a tablet or phone.")
    lines.append("Press Ctrl+C to stop.")
    return lines


def url(host: str, port: int) -> str:
    try:
        bracketed = f"[{host}]" if _ip(host).version == 6 else host
    except ValueError:
        bracketed = host
    return f"http://{bracketed}:{port}"


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other machines can use (best effort, no extra
    dependency): the address of the default route, then those the host name resolves to."""
    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe, suppress(OSError):
        probe.connect(("192.0.2.1", 9))  # UDP: no packet is sent, only a route is chosen
        found.append(probe.getsockname()[0])
    with suppress(OSError):
        found.extend(socket.gethostbyname_ex(socket.gethostname())[2])
    usable = [a for a in found if not (_ip(a).is_loopback or _ip(a).is_unspecified)]
    return list(dict.fromkeys(usable))


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
