"""The scaled-out topology on one machine, without Docker, for `make scale-test`.

PostgreSQL, Redis and nginx from Debian's packages (installed if missing), two action
servers and two Rasa servers, all on 127.0.0.1, all in one temporary directory under /tmp,
all started as foreground child processes (no daemons) and all stopped by `stop_all()`
(also when this process dies: each child gets SIGKILL through PR_SET_PDEATHSIG).

Ports: nginx 5800, Rasa 5801/5802, action servers 5851/5852, PostgreSQL 5832, Redis 5879.
Passwords are random per run and only ever live in the temporary directory and the
children's environment.
"""
from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from harness.servers import status

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
NGINX_PORT, PG_PORT, REDIS_PORT = 5800, 5832, 5879
RASA_PORTS = (5801, 5802)
ACTION_PORTS = (5851, 5852)
DEBIAN_PACKAGES = {"postgres": "postgresql", "redis-server": "redis-server", "nginx": "nginx-light"}

_libc = ctypes.CDLL("libc.so.6", use_errno=True)
PR_SET_PDEATHSIG = 1


def _child_setup() -> None:
    """Runs in the child between fork and exec (possibly forked from a non-main thread)."""
    # SIGKILL when the thread that started us ends: nothing outlives the test.
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    # A blocked or ignored SIGTERM/SIGINT is inherited through exec; a server that cannot
    # hear SIGTERM would only stop after the SIGKILL timeout. Start every child clean.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
        _libc.signal(signum, 0)  # SIG_DFL (libc call: signal.signal needs the main thread)


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((HOST, port)) == 0


def accept_queues(ports: Sequence[int]) -> Dict[int, int]:
    """Connections waiting to be accepted on our listening sockets (from /proc/net/tcp:
    for a socket in LISTEN state, rx_queue is the length of its accept queue)."""
    wanted = {f"0100007F:{p:04X}": p for p in ports}
    out = {p: 0 for p in ports}
    try:
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[1] in wanted:
                out[wanted[fields[1]]] = int(fields[4].split(":")[1], 16)
    except (OSError, IndexError, ValueError):
        pass
    return out


def postgres_bin() -> Optional[Path]:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                   key=lambda p: [int(x) for x in p.parts[-3].split(".") if x.isdigit()])
    return found[-1].parent if found else None


def ensure_debian_packages() -> None:
    """Install PostgreSQL, Redis and nginx from Debian's packages if one is missing."""
    missing = []
    if postgres_bin() is None:
        missing.append(DEBIAN_PACKAGES["postgres"])
    for binary in ("redis-server", "nginx"):
        if shutil.which(binary) is None and not Path(f"/usr/sbin/{binary}").exists():
            missing.append(DEBIAN_PACKAGES[binary])
    if not missing:
        return
    print(f"installing from Debian's packages: {' '.join(missing)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    # policy-rc.d 101: the packages must not start system-wide services of their own.
    policy = Path("/usr/sbin/policy-rc.d")
    created = not policy.exists()
    if created:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                       check=True, env=env)
    finally:
        if created:
            policy.unlink()


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


@dataclass
class Topology:
    workdir: Path
    model: Path
    replicas: int = 2
    children: Dict[str, Child] = field(default_factory=dict)
    rasa_extra_env: Dict[str, str] = field(default_factory=dict)
    # True: Rasa's own REST channel and SQL tracker store instead of scaling/ (to show
    # what the stock parts do under the same faults; `scale_run.py --stock`).
    stock: bool = False

    def __post_init__(self) -> None:
        self.logs = self.workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.pg_dir = self.workdir / "postgres"
        self.pg_password = secrets.token_urlsafe(24)   # role "rasa"
        self.pg_admin_password = secrets.token_urlsafe(24)  # role "postgres"
        self.redis_password = secrets.token_urlsafe(24)
        self.pg_bin = postgres_bin()

    # ------------------------------------------------------------------ processes

    def _spawn(self, name: str, args: Sequence[str], env: Optional[Dict[str, str]] = None,
               user: Optional[str] = None, cwd: Path = ROOT) -> Child:
        log = self.logs / f"{name}.log"
        handle = open(log, "ab")
        process = subprocess.Popen(list(args), cwd=cwd, env=env or self.base_env(),
                                   stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, preexec_fn=_child_setup,
                                   user=user)
        handle.close()
        child = Child(name, process, log)
        self.children[name] = child
        return child

    def _wait(self, child: Child, ready, what: str, seconds: float = 240) -> None:
        deadline = time.time() + seconds
        while not ready():
            if not child.alive():
                raise RuntimeError(f"{what} exited during start-up:\n{child.tail()}")
            if time.time() > deadline:
                raise RuntimeError(f"{what} did not become ready in {seconds:.0f} s:\n{child.tail()}")
            time.sleep(0.2)

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        child = self.children.pop(name, None)
        if child is None:
            return
        if child.alive():
            try:
                os.killpg(child.pid, sig)
            except ProcessLookupError:
                pass
            try:
                child.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(child.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                child.process.wait(timeout=10)
        # Children of the group (nginx workers, postgres backends) must be gone too.
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def stop_all(self) -> None:
        order = [n for n in self.children if n.startswith("rasa")]
        order += [n for n in self.children if n.startswith("actions")]
        order += [n for n in self.children if n not in order]
        for name in order:
            sig = signal.SIGINT if name == "postgres" else signal.SIGTERM
            self.stop(name, sig)

    # ------------------------------------------------------------------ environment

    def base_env(self) -> Dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DB_", "REDIS_", "DATABASE_URL", "ACTION_SERVER_URL"))}
        env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
                   SQLALCHEMY_SILENCE_UBER_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
        return env

    def rasa_env(self, action_port: int) -> Dict[str, str]:
        env = self.base_env()
        env.update(DB_HOST=HOST, DB_PORT=str(PG_PORT), DB_USER="rasa",
                   DB_PASSWORD=self.pg_password, DB_DATABASE="rasa",
                   REDIS_HOST=HOST, REDIS_PORT=str(REDIS_PORT), REDIS_PASSWORD=self.redis_password,
                   REDIS_DB="1", ACTION_SERVER_URL=f"http://{HOST}:{action_port}/webhook",
                   SANIC_BACKLOG="1024", SANIC_RESPONSE_TIMEOUT="90",
                   SQL_POOL_SIZE="5", SQL_MAX_OVERFLOW="5")
        env.update(self.rasa_extra_env)
        return env

    def case_store_url(self) -> str:
        return f"postgresql://rasa:{self.pg_password}@{HOST}:{PG_PORT}/cases"

    def tracker_url(self) -> str:
        return f"postgresql://rasa:{self.pg_password}@{HOST}:{PG_PORT}/rasa"

    def actions_env(self) -> Dict[str, str]:
        env = self.base_env()
        # SANIC_KEEP_ALIVE_TIMEOUT: a busy Rasa server may connect and only write its
        # request seconds later; Sanic's default (5 s) closes such a connection, the action
        # call fails and Rasa stores the turn without the action's reply (deploy/README.md).
        env.update(DATABASE_URL=self.case_store_url(), CASE_STORE_AUTO_MIGRATE="0",
                   SANIC_HOST=HOST, SANIC_KEEP_ALIVE_TIMEOUT="75")
        return env

    # ------------------------------------------------------------------ PostgreSQL

    def _pg_ready(self) -> bool:
        import psycopg2
        try:
            psycopg2.connect(host=HOST, port=PG_PORT, user="postgres", dbname="postgres",
                             password=self.pg_admin_password, connect_timeout=2).close()
            return True
        except psycopg2.OperationalError:
            return False

    def init_postgres(self) -> None:
        if self.pg_bin is None:
            raise RuntimeError("PostgreSQL is not installed")
        os.chmod(self.workdir, 0o711)  # the postgres user must reach its own directory
        self.pg_dir.mkdir()
        shutil.chown(self.pg_dir, "postgres", "postgres")
        os.chmod(self.pg_dir, 0o700)
        pwfile = self.pg_dir / "pw"
        pwfile.write_text(self.pg_admin_password + "\n")
        shutil.chown(pwfile, "postgres", "postgres")
        os.chmod(pwfile, 0o600)
        subprocess.run([str(self.pg_bin / "initdb"), "-D", str(self.pg_dir / "data"),
                        "-U", "postgres", "--pwfile", str(pwfile), "-A", "scram-sha-256",
                        "-E", "UTF8", "--locale", "C.UTF-8"],
                       check=True, user="postgres", stdout=subprocess.DEVNULL,
                       stderr=subprocess.STDOUT)
        pwfile.unlink()

    def start_postgres(self) -> float:
        """Start (or restart) PostgreSQL in the foreground; returns seconds until ready."""
        start = time.time()
        child = self._spawn("postgres", [
            str(self.pg_bin / "postgres"), "-D", str(self.pg_dir / "data"), "-p", str(PG_PORT),
            "-k", str(self.pg_dir), "-c", f"listen_addresses={HOST}", "-c", "max_connections=200",
            "-c", "fsync=on", "-c", "shared_buffers=128MB"], user="postgres", cwd=self.pg_dir)
        self._wait(child, self._pg_ready, "PostgreSQL", 60)
        return time.time() - start

    def create_databases(self) -> None:
        import psycopg2
        connection = psycopg2.connect(host=HOST, port=PG_PORT, user="postgres", dbname="postgres",
                                      password=self.pg_admin_password)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE ROLE rasa LOGIN PASSWORD %s", (self.pg_password,))
            cursor.execute("CREATE DATABASE rasa OWNER rasa")
            cursor.execute("CREATE DATABASE cases OWNER rasa")
        connection.close()

    def migrate_case_store(self) -> None:
        env = self.actions_env()
        subprocess.run([str(BIN / "alembic"), "upgrade", "head"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    # ------------------------------------------------------------------ Redis

    def _redis_ready(self) -> bool:
        import redis
        try:
            return bool(redis.Redis(host=HOST, port=REDIS_PORT, password=self.redis_password,
                                    socket_timeout=1).ping())
        except redis.exceptions.RedisError:
            return False

    def start_redis(self) -> float:
        conf = self.workdir / "redis.conf"
        if not conf.exists():
            # Locks only: nothing worth persisting, so no RDB snapshots and no AOF.
            conf.write_text(f"bind {HOST}\nport {REDIS_PORT}\nrequirepass {self.redis_password}\n"
                            f"save \"\"\nappendonly no\ndaemonize no\ndir {self.workdir}\n"
                            "protected-mode yes\n")
            os.chmod(conf, 0o600)
        start = time.time()
        child = self._spawn("redis", [shutil.which("redis-server") or "/usr/bin/redis-server",
                                      str(conf)])
        self._wait(child, self._redis_ready, "Redis", 30)
        return time.time() - start

    # ------------------------------------------------------------------ Rasa and actions

    def start_actions(self, index: int) -> Child:
        port = ACTION_PORTS[index]
        return self._spawn(f"actions{index + 1}", [str(BIN / "rasa"), "run", "actions", "--port",
                                                   str(port), "--actions", "actions.actions"],
                           env=self.actions_env())

    def rasa_config(self) -> Sequence[Path]:
        endpoints = ROOT / "deploy/endpoints.scale.yml"
        credentials = ROOT / "deploy/credentials.scale.yml"
        if not self.stock:
            return endpoints, credentials
        stock_endpoints = self.workdir / "endpoints.stock.yml"
        stock_endpoints.write_text(endpoints.read_text().replace(
            "type: scaling.tracker_store.ResilientSQLTrackerStore", "type: SQL"))
        stock_credentials = self.workdir / "credentials.stock.yml"
        stock_credentials.write_text("rest:\n")
        return stock_endpoints, stock_credentials

    def start_rasa(self, index: int) -> Child:
        port = RASA_PORTS[index]
        endpoints, credentials = self.rasa_config()
        return self._spawn(f"rasa{index + 1}", [
            str(BIN / "rasa"), "run", "--model", str(self.model), "--interface", HOST,
            "--port", str(port), "--endpoints", str(endpoints), "--credentials", str(credentials)],
            env=self.rasa_env(ACTION_PORTS[index]))

    def wait_actions(self, index: int) -> None:
        child = self.children[f"actions{index + 1}"]
        self._wait(child, lambda: status(f"http://{HOST}:{ACTION_PORTS[index]}/health") == 200,
                   f"action server {index + 1}")

    def wait_rasa(self, index: int) -> None:
        child = self.children[f"rasa{index + 1}"]
        url = f"http://{HOST}:{RASA_PORTS[index]}/webhooks/rest/"
        self._wait(child, lambda: status(url) == 200, f"Rasa server {index + 1}")

    def start_replicas(self, indices: Sequence[int]) -> float:
        start = time.time()
        for i in indices:
            self.start_actions(i)
        for i in indices:
            self.wait_actions(i)
        for i in indices:
            self.start_rasa(i)
        for i in indices:
            self.wait_rasa(i)
        return time.time() - start

    def kill_rasa(self, index: int) -> None:
        """SIGKILL: no goodbye, no lock released, connections cut mid-request."""
        child = self.children.pop(f"rasa{index + 1}")
        os.killpg(child.pid, signal.SIGKILL)
        child.process.wait(timeout=10)

    def stop_replica(self, index: int) -> None:
        self.stop(f"rasa{index + 1}")
        self.stop(f"actions{index + 1}")

    # ------------------------------------------------------------------ nginx

    def nginx_conf(self, rasa_ports: Sequence[int]) -> str:
        template = (Path(__file__).parent / "nginx.conf.template").read_text()
        upstreams = "\n".join(f"        server {HOST}:{p} max_fails=3 fail_timeout=10s;"
                              for p in rasa_ports)
        return (template.replace("@WORKDIR@", str(self.workdir / "nginx"))
                .replace("@LISTEN@", f"{HOST}:{NGINX_PORT}")
                .replace("@UPSTREAM_SERVERS@", upstreams))

    def start_nginx(self, rasa_ports: Sequence[int] = RASA_PORTS) -> None:
        (self.workdir / "nginx").mkdir(exist_ok=True)
        conf = self.workdir / "nginx" / "nginx.conf"
        conf.write_text(self.nginx_conf(rasa_ports))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(self.workdir / "nginx")],
                       check=True)
        child = self._spawn("nginx", [nginx, "-c", str(conf), "-p", str(self.workdir / "nginx")])
        self._wait(child, lambda: status(f"http://{HOST}:{NGINX_PORT}/webhooks/rest/") == 200,
                   "nginx", 30)

    def restart_nginx(self, rasa_ports: Sequence[int]) -> None:
        self.stop("nginx", signal.SIGQUIT)
        self.start_nginx(rasa_ports)

    # ------------------------------------------------------------------ checks

    def ports_in_use(self) -> List[int]:
        return [p for p in (NGINX_PORT, PG_PORT, REDIS_PORT, *RASA_PORTS, *ACTION_PORTS)
                if port_open(p)]

    def pids(self) -> Dict[str, int]:
        return {name: child.pid for name, child in self.children.items() if child.alive()}
