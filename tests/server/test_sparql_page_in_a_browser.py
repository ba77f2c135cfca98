"""The query page works in a real (headless) browser that can reach nothing but this service."""
from __future__ import annotations

import re
import shutil
import subprocess

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def render(url: str) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is missing: `make setup` installs it"
    done = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--virtual-time-budget=10000", "--dump-dom", url],
        capture_output=True, text=True, timeout=60)
    return done.stdout


def test_yasgui_renders_its_editor_prefilled_with_the_graphs_prefixes(live_server):
    dom = render(live_server + "/sparql")
    assert 'class="yasr' in dom, "YASGUI did not render its results area"
    # Highlighted by the editor, so the script ran: the prefix is a token in a CodeMirror line.
    assert '<span class="cm-string-2">aga:</span>' in dom, "the editor is not prefilled with the graph's prefixes"


def test_a_named_query_opens_in_the_editor_from_its_link(live_server):
    queries_page = render(live_server + "/queries")
    assert 'href="/sparql#example=commitments-per-plan"' in queries_page
    dom = render(live_server + "/sparql#example=commitments-per-plan")
    # In an editor line, tokenised by CodeMirror (the page's configuration holds every query as JSON too).
    assert re.search(r'<span class="cm-[\w-]+">\?statedCount</span>', dom), "the named query is not in the editor"
