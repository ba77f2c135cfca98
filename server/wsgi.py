"""The production entry point: `gunicorn -c gunicorn.conf.py` serves `server.wsgi:app`.

Each worker opens the store read-only and follows the store link
(server/store_follower.py): `aga-kg build`, `aga-kg load` and every write make a
finished store beside the served one and switch the link atomically.
"""
from __future__ import annotations

from kg.config import Settings
from server.store_follower import production_app

app = production_app(Settings.from_env())
# Start this worker's query processes at boot rather than on the first query.
app.extensions["kg_query_runner"].start()
