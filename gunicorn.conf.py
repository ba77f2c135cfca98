"""gunicorn settings for `make run`; every value comes from kg/config.py (AGA_* in the environment).

Sync workers: one request at a time per process, so a query that hogs a core
delays only its own worker, a worker killed mid-request loses only that request
(the master starts another), and the store a request started with is the one it
ends with. Workers are separate processes, each with its own read-only store.
"""
from kg.config import Settings

# Imported here, in the master, so the rate-limit counters are shared by every forked worker.
import server.security  # noqa: F401

_settings = Settings.from_env()

wsgi_app = "server.wsgi:app"
bind = f"{_settings.host}:{_settings.port}"
workers = _settings.workers
worker_class = "sync"
timeout = _settings.worker_timeout
graceful_timeout = _settings.graceful_timeout
# Recycle a worker now and then, so no slow leak can grow for ever.
max_requests = 20_000
max_requests_jitter = 2_000
# gunicorn refuses request lines above 8190 bytes whatever is asked; the app answers 414 below that.
limit_request_line = min(_settings.max_url_bytes + 200, 8190)
limit_request_fields = 50
limit_request_field_size = 8190
errorlog = "-"
loglevel = "info"
# The control socket would live in one fixed place under $HOME: several servers (tests, CI) would clash.
control_socket_disable = True
