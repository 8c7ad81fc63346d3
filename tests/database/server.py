"""A throwaway PostgreSQL server for tests and the benchmark.

Debian's own binaries (``/usr/lib/postgresql/<version>/bin``), a new cluster in a
temporary folder, listening on 127.0.0.1 only, on a free port, with its unix
socket inside that folder. PostgreSQL refuses to run as root, so as root (as in
CI) the cluster belongs to the ``postgres`` user that Debian's package creates.
The server is stopped by its data folder's postmaster PID (``pg_ctl stop``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

ADMIN = "admin"
ADMIN_PASSWORD = "admin-secret-for-tests"


def postgres_bin() -> Path:
    """The newest Debian PostgreSQL's bin folder; setup.sh installs the package."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/postgres"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed: run scripts/setup.sh as root, or "
            "'sudo apt-get install postgresql'."
        )
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    folder: Path
    port: int
    bin: Path
    run_as: str | None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def command(self, *args: str) -> list[str]:
        if self.run_as:
            return ["runuser", "-u", self.run_as, "--", *args]
        return list(args)

    def admin(self, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            dbname=dbname,
            user=ADMIN,
            password=ADMIN_PASSWORD,
            autocommit=True,
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                self.command(str(self.bin / "pg_ctl"), "stop", "-D", str(self.data))
                + ["-m", "fast", "-w"],
                check=False,
                capture_output=True,
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Server:
    """A new cluster, started; the caller stops it with ``Server.stop``."""
    bin_dir = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="nonactivated-pg-"))
    run_as = "postgres" if os.geteuid() == 0 else None
    server = Server(folder, free_port(), bin_dir, run_as)
    password_file = folder / "password"
    password_file.write_text(ADMIN_PASSWORD + "\n")
    if run_as:
        owner = pwd.getpwnam(run_as)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        os.chown(password_file, owner.pw_uid, owner.pw_gid)
    try:
        subprocess.run(
            server.command(
                str(bin_dir / "initdb"),
                "-D",
                str(server.data),
                "-U",
                ADMIN,
                "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256",
                f"--pwfile={password_file}",
                "--encoding=UTF8",
                "--locale=C",
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            server.command(
                str(bin_dir / "pg_ctl"),
                "start",
                "-D",
                str(server.data),
                "-l",
                str(folder / "server.log"),
                "-w",
                "-o",
                f"-c listen_addresses=127.0.0.1 -p {server.port} "
                f"-c unix_socket_directories={folder} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off",
            ),
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as error:
        log = folder / "server.log"
        detail = log.read_text() if log.exists() else ""
        server.stop()
        raise RuntimeError(
            f"PostgreSQL did not start: {error.stderr.decode(errors='replace')}"
            f"\n{detail}"
        ) from error
    return server
