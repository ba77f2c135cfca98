"""Faults during a load: SIGKILL at any moment, a full disk, and broken input files."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from bench.synthetic import write_ogp_export
from kg.pipeline import load_into_store, source_named
from kg.problems import LoadError
from kg.store import VERSION_GRAPH, OxigraphStore
from tests.reliability.conftest import VENV_BIN, all_quads, build_small, environment, examples, figure

SOURCE = "ogp-mexico-commitments"


LOAD_TIMES = ("<http://www.w3.org/ns/prov#startedAtTime>", "<http://www.w3.org/ns/prov#endedAtTime>")


def data_quads(store_path: Path) -> set[str]:
    """All quads but what differs between two runs of the same load: the version stamp and load times.

    Blank-node labels are normalised too (a load record's checksum node is one).
    """
    return {re.sub(r"_:[0-9a-f]+", "_:b", quad) for quad in all_quads(store_path)
            if f"<{VERSION_GRAPH}>" not in quad and not any(p in quad for p in LOAD_TIMES)}


def aga_kg(*arguments: str, settings, preexec_fn=None, **popen) -> subprocess.Popen:
    return subprocess.Popen([str(VENV_BIN / "aga-kg"), *arguments], env=environment(settings),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=preexec_fn, **popen)


class KillScene:
    """A finished store, a different file to load into it, and the state an unbroken load leads to."""

    def __init__(self, directory: Path):
        self.settings = build_small(directory)
        self.pristine = Path(os.path.realpath(self.settings.store_path))
        self.new_file = write_ogp_export(directory / "synthetic-export.csv", 120)
        self.before = data_quads(self.pristine)
        reference = directory / "reference"
        shutil.copytree(self.pristine, reference)
        started = time.monotonic()
        load = aga_kg("--store", str(reference), "load", SOURCE, "--file", str(self.new_file), settings=self.settings)
        assert load.wait(timeout=120) == 0, load.stderr.read()
        self.duration = time.monotonic() - started
        self.after = data_quads(reference)
        assert self.after != self.before
        self.outcomes: dict[str, int] = {}


@pytest.fixture(scope="module")
def kill_scene(tmp_path_factory):
    scene = KillScene(tmp_path_factory.mktemp("kill"))
    yield scene
    figure(f"SIGKILL during `aga-kg load`: {sum(scene.outcomes.values())} kills over a {scene.duration:.1f} s load; "
           f"store state afterwards: {dict(sorted(scene.outcomes.items()))}, a mix 0 times; "
           f"{len(scene.before)} and {len(scene.after)} quads compared")


@settings(max_examples=examples(4, 40), deadline=None)
@given(moment=st.floats(min_value=0.0, max_value=1.1))
def test_a_loader_killed_at_any_moment_leaves_a_store_that_opens_and_equals_before_or_after(kill_scene, moment):
    trial = Path(tempfile.mkdtemp(dir=kill_scene.pristine.parent.parent))
    store_path = trial / "store"
    shutil.copytree(kill_scene.pristine, store_path)
    load = aga_kg("--store", str(store_path), "load", SOURCE, "--file", str(kill_scene.new_file),
                  settings=kill_scene.settings)
    time.sleep(moment * kill_scene.duration)
    load.send_signal(signal.SIGKILL)
    load.communicate()
    OxigraphStore.open(store_path).close()  # the next writer's open: recovers, or fails here
    state = data_quads(store_path)
    assert state in (kill_scene.before, kill_scene.after), "a killed load left a mix of two states"
    killed = load.returncode == -signal.SIGKILL  # else it had finished before the signal came
    outcome = ("before" if state == kill_scene.before else "after") + (" (killed)" if killed else " (had finished)")
    kill_scene.outcomes[outcome] = kill_scene.outcomes.get(outcome, 0) + 1
    shutil.rmtree(trial)


@contextmanager
def small_filesystem(directory: Path, size: str = "4m"):
    """A tmpfs of `size` mounted at `directory` (CI runs as root); yields how the disk is filled."""
    directory.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(directory)], check=True,
                   capture_output=True)
    try:
        yield directory
    finally:
        subprocess.run(["umount", "-l", str(directory)], check=False)


def fill(directory: Path, leave: int) -> Path:
    """Fill the filesystem, then give back `leave` bytes."""
    filler = directory / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(descriptor, b"\0" * 65536)
    except OSError:
        pass
    try:
        while True:
            os.write(descriptor, b"\0" * 512)
    except OSError:
        pass
    os.ftruncate(descriptor, max(0, os.fstat(descriptor).st_size - leave))
    os.close(descriptor)
    return filler


@pytest.mark.parametrize("free_bytes", [0, 64_000, 256_000])
def test_a_full_disk_during_a_load_fails_clearly_and_loses_nothing(tmp_path, free_bytes):
    new_file = write_ogp_export(tmp_path / "synthetic-export.csv", 400)
    with small_filesystem(tmp_path / "disk") as disk:
        settings = build_small(disk)
        before = data_quads(settings.store_path)
        filler = fill(disk, leave=free_bytes)
        load = aga_kg("load", SOURCE, "--file", str(new_file), settings=settings)
        _, errors = load.communicate(timeout=120)
        filler.unlink()
        assert load.returncode == 3, errors
        assert "No space left on device" in errors and "the store is as it was" in errors
        assert "Traceback" not in errors
        assert data_quads(settings.store_path) == before
    figure(f"full disk ({free_bytes} bytes free) during `aga-kg load`: exit 3, {len(before)} quads unchanged")


def test_a_full_disk_during_a_build_keeps_the_served_store_and_leaves_no_half_build(tmp_path):
    with small_filesystem(tmp_path / "disk") as disk:
        settings = build_small(disk)
        served = os.path.realpath(settings.store_path)
        builds = sorted(os.listdir(disk / "builds"))
        filler = fill(disk, leave=0)
        build = aga_kg("build", settings=settings)
        _, errors = build.communicate(timeout=120)
        filler.unlink()
        assert build.returncode == 3 and "No space left on device" in errors and "Traceback" not in errors
        assert os.path.realpath(settings.store_path) == served
        assert sorted(os.listdir(disk / "builds")) == builds
        OxigraphStore.open(settings.store_path, read_only=True).close()


def load_problem(settings, file: Path) -> str:
    """The error a strict load of `file` gives; the store must be unchanged by it."""
    before = data_quads(settings.store_path)
    store = OxigraphStore.open(settings.store_path)
    try:
        with pytest.raises(LoadError) as rejected:
            load_into_store(store, settings, source_named(settings, SOURCE), file, strict=True, force=True)
    finally:
        store.close()
    assert data_quads(settings.store_path) == before
    return str(rejected.value)


def test_a_truncated_file_is_rejected_naming_the_cut_row(own_small_store, tmp_path):
    text = (own_small_store.data_dir / "ogp-mexico" / "commitments.csv").read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(text[: int(len(text) * 0.6)])
    message = load_problem(own_small_store, cut)
    assert "cut.csv, row" in message and "[rule: row-shape]" in message and "cut short" in message


def test_a_file_that_is_not_utf8_is_rejected_saying_so(own_small_store, tmp_path):
    text = (own_small_store.data_dir / "ogp-mexico" / "commitments.csv").read_text(encoding="utf-8")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(text.encode("latin-1", errors="replace"))
    message = load_problem(own_small_store, latin)
    assert "latin1.csv, file: not UTF-8 text" in message and "[rule: utf-8]" in message


def test_an_oversized_file_is_rejected_before_it_is_read(own_small_store, tmp_path):
    big = tmp_path / "big.csv"
    shutil.copy(own_small_store.data_dir / "ogp-mexico" / "commitments.csv", big)
    settings = own_small_store.with_overrides(max_source_bytes=1_000)
    message = load_problem(settings, big)
    assert "big.csv, file: the file has" in message and "more than the 1000" in message
    assert "[rule: file-size]" in message


def test_a_cell_beyond_the_csv_field_limit_is_rejected_as_unreadable_csv(own_small_store, tmp_path):
    huge = tmp_path / "huge-cell.csv"
    header = "Commitment Unique Identifier,Country/Locality,Action Plan Number,Commitment Title"
    huge.write_text(f'{header}\nMX0001,Mexico,1,"{"x" * 200_000}"\n', encoding="utf-8")
    message = load_problem(own_small_store, huge)
    assert "huge-cell.csv, file: not" in message and "field larger than field limit" in message
    assert "[rule: csv" in message


def test_a_binary_file_is_rejected_naming_the_file(own_small_store, tmp_path):
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"Commitment Unique Identifier,Country/Locality\nMX\x00\x01,\x00\n")
    assert "binary.csv, header: missing column(s)" in load_problem(own_small_store, binary)
