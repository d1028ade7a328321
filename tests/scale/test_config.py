"""deploy/: the files agree with each other, expose nothing extra and hold no secret.

Docker and Helm do not run on this machine, so these checks read the files: only nginx
publishes a port, the action servers share no network with nginx, every variable is
documented, the two nginx configurations proxy the same way (and nginx accepts them), and
Rasa reads deploy/endpoints.scale.yml into the intended stores.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
README = (DEPLOY / "README.md").read_text()
COMPOSE_TEXT = (DEPLOY / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
TEMPLATE = ROOT / "scripts" / "scale" / "nginx.conf.template"


def _proxy_block(text: str) -> list:
    block = text.split("# BEGIN proxy settings", 1)[1].split("# END proxy settings", 1)[0]
    return [line.strip() for line in block.splitlines()[1:] if line.strip()]


def test_both_nginx_configs_proxy_the_same_way():
    deploy = _proxy_block((DEPLOY / "nginx.conf").read_text())
    local = _proxy_block(TEMPLATE.read_text())
    assert deploy == local
    assert "proxy_next_upstream error timeout;" in deploy
    assert not any("non_idempotent" in line for line in deploy if not line.startswith("#"))


@pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
                    reason="nginx not installed")
@pytest.mark.parametrize("source", ["deploy", "template"])
def test_nginx_accepts_the_configs(tmp_path, source):
    if source == "deploy":
        text = (DEPLOY / "nginx.conf").read_text().replace("rasa:5005", "127.0.0.1:5005")
        text = text.replace("/tmp/nginx.pid", str(tmp_path / "nginx.pid"))
    else:
        text = (TEMPLATE.read_text().replace("@WORKDIR@", str(tmp_path))
                .replace("@LISTEN@", "127.0.0.1:5999")
                .replace("@UPSTREAM_SERVERS@", "server 127.0.0.1:5998;"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_only_nginx_publishes_a_port_and_actions_stay_internal():
    services = COMPOSE["services"]
    published = [name for name, s in services.items() if s.get("ports")]
    assert published == ["nginx"]
    internal = {name for name, n in COMPOSE["networks"].items() if (n or {}).get("internal")}
    assert not set(services["nginx"]["networks"]) & set(services["action-server"]["networks"])
    assert set(services["action-server"]["networks"]) <= internal
    for name in ("rasa", "postgres", "redis", "migrate"):
        assert set(services[name]["networks"]) <= internal, name


def test_secrets_only_from_the_environment():
    for text in (COMPOSE_TEXT, (DEPLOY / "helm" / "values.yaml").read_text(),
                 (DEPLOY / "endpoints.scale.yml").read_text()):
        for line in text.splitlines():
            if line.lstrip().startswith("#"):
                continue  # usage comments show how to generate one
            key = re.match(r"\s*([A-Za-z_]*(?:PASSWORD|password))\s*:\s*(.*)$", line)
            if key and key.group(2):
                assert "${" in key.group(2), line
            for secret in re.findall(r"://[^:/@\s]+:([^@\s]+)@", line):
                assert secret.startswith(("${", "$(")), line
    assert "${POSTGRES_PASSWORD:?" in COMPOSE_TEXT and "${REDIS_PASSWORD:?" in COMPOSE_TEXT


def test_every_variable_is_documented():
    compose_vars = set(re.findall(r"\$\{([A-Z_]+)[:}]", COMPOSE_TEXT))
    endpoint_vars = set(re.findall(r"\$\{([A-Z_]+)\}", (DEPLOY / "endpoints.scale.yml").read_text()))
    helm_env = set(re.findall(r"- name: ([A-Z_]+)", (DEPLOY / "helm" / "values.yaml").read_text()))
    missing = sorted(v for v in compose_vars | endpoint_vars | helm_env if f"`{v}`" not in README
                     and not re.search(rf"`[^`]*\b{v}\b[^`]*`", README))
    assert not missing, f"not in deploy/README.md: {missing}"


def test_endpoints_take_every_value_from_the_environment(monkeypatch):
    env = {"ACTION_SERVER_URL": "http://a:5055/webhook", "DB_HOST": "db", "DB_PORT": "5432",
           "DB_USER": "u", "DB_PASSWORD": "p", "DB_DATABASE": "rasa", "REDIS_HOST": "r",
           "REDIS_PORT": "6379", "REDIS_PASSWORD": "q", "REDIS_DB": "1"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    from rasa.core.utils import AvailableEndpoints
    endpoints = AvailableEndpoints.read_endpoints(str(DEPLOY / "endpoints.scale.yml"))
    assert endpoints.tracker_store.type == "scaling.tracker_store.ResilientSQLTrackerStore"
    assert endpoints.tracker_store.url == "db" and endpoints.tracker_store.kwargs["password"] == "p"
    assert endpoints.lock_store.type == "redis" and endpoints.lock_store.kwargs["db"] == "1"
    assert endpoints.action.url == "http://a:5055/webhook"
    text = (DEPLOY / "endpoints.scale.yml").read_text()
    values = [line.split(":", 1)[1].strip() for line in text.splitlines()
              if re.match(r"\s+(url|port|username|password|db):", line)]
    assert values and all(v.startswith("${") for v in values), values


def test_scaled_credentials_use_the_idempotent_rest_channel():
    credentials = yaml.safe_load((DEPLOY / "credentials.scale.yml").read_text())
    assert list(credentials) == ["scaling.rest.IdempotentRestInput"]
    from scaling.rest import IdempotentRestInput
    assert IdempotentRestInput.name() == "rest"  # same URL as before: /webhooks/rest/webhook


def test_helm_values_shape():
    values = yaml.safe_load((DEPLOY / "helm" / "values.yaml").read_text())
    actions = values["rasa-action-server"]
    assert actions["install"] and actions["service"]["type"] == "ClusterIP"
    assert not actions["ingress"]["enabled"]
    assert values["networkPolicy"]["enabled"] is True
    assert values["applicationSettings"]["enableAPI"] is False
    store = values["applicationSettings"]["endpoints"]["trackerStore"]
    assert store["type"] == "scaling.tracker_store.ResilientSQLTrackerStore"
    assert list(values["applicationSettings"]["credentials"]["additionalChannelCredentials"]) == [
        "scaling.rest.IdempotentRestInput"]
