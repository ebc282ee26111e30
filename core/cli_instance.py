"""The instance's commands: `exitfi init`, `serve` and `keygen`."""

from __future__ import annotations

import base64
import secrets
import socket
from pathlib import Path

import click
from werkzeug.serving import WSGIRequestHandler

from core.config import init_instance, instance_dir
from core.errors import StartupError


@click.command()
@click.option("--demo", is_flag=True, help="Add demo users and cases for every city.")
@click.pass_obj
def init(obj, demo):
    """Create the instance folder, keys and tables (and demo data if asked)."""
    folder = obj.folder or instance_dir()
    if init_instance(Path(folder), echo=lambda m: click.echo(m, err=True)):
        click.echo(f"created {folder}/exitfi.toml")
    from core.cli_db import upgrade_schema
    upgrade_schema(folder, click.echo)
    inst = obj.instance
    click.echo(f"store ready: {inst.store.datastore.engine.url.render_as_string(hide_password=True)}")
    if demo:
        from core.demo import load_demo
        load_demo(inst, echo=click.echo)


@click.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@click.pass_obj
def serve(obj, host, port):
    """Serve the web app (the development server; production runs gunicorn on core.web:create_app())."""
    from core import follower
    from core.web import create_app
    _refuse_busy_port(host, port)
    app = create_app({"EXITFI_INSTANCE": obj.instance})
    if follower.followers(obj.instance.store):
        # One process serves here, so it keeps the followers too; gunicorn leaves them to `exitfi projections follow`.
        follower.start_thread(obj.instance.store, failed=lambda line: click.echo(line, err=True))
    click.echo(f"serving on http://{host}:{port}/")
    app.run(host=host, port=port, threaded=True, use_reloader=False, request_handler=_PathOnlyRequestHandler)


class _PathOnlyRequestHandler(WSGIRequestHandler):
    """The development server's request log, each line without its query string: a filter or a reason may be
    personal data, and a log line must not hold it."""

    def log_request(self, code="-", size="-") -> None:
        full = self.path
        self.path = full.split("?", 1)[0]
        try:
            super().log_request(code, size)
        finally:
            self.path = full


def _refuse_busy_port(host: str, port: int) -> None:
    """Say in one line how to choose another port, instead of the server's own traceback-like report."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise StartupError(f"cannot listen on {host}:{port} ({e.strerror}); choose another port: "
                               f"'make run PORT={port + 1}' or 'exitfi serve --port {port + 1}'") from None


@click.command()
def keygen():
    """Print a new random key (base64) for EXITFI_MASTER_KEY, EXITFI_SEAL_KEY or EXITFI_SECRET_KEY."""
    click.echo(base64.b64encode(secrets.token_bytes(32)).decode())


commands = (init, serve, keygen)
