"""The served store is a link to one finished directory under `builds/`; moving it is the only write readers see.

Readers open finished directories only (pyoxigraph: reading while another
process writes is undefined behaviour), so every change, a whole build or one
update, is written into a new directory and then the link is switched
atomically: a reader sees the old store or the new one, never a mix. Writers
take one exclusive lock so that two changes never start from the same store
and lose one another.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class StoreBusy(OSError):
    """Another write held the store's lock for longer than a writer waits."""


def builds_dir(link: Path) -> Path:
    return link.parent / "builds"


def new_build_dir(link: Path) -> Path:
    """A fresh, not yet existing directory under builds/, named by the UTC time (sortable)."""
    return fresh_path(builds_dir(link))


def fresh_path(directory: Path) -> Path:
    """<directory>/<UTC timestamp>, with a .1, .2... suffix when one of the same second exists."""
    target = directory / time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    suffix = 0
    while target.exists():
        suffix += 1
        target = target.with_name(target.name.split(".")[0] + f".{suffix}")
    return target


def made_order(name: str) -> tuple[str, int]:
    """Sorts names made by fresh_path in the order they were made: "T120000.10" comes after "T120000.9"."""
    stamp, _, suffix = name.partition(".")
    return stamp, int(suffix) if suffix.isdigit() else 0


def switch_link(link: Path, target: Path) -> None:
    if link.exists() and not link.is_symlink():
        raise RuntimeError(f"{link} is a directory, not a link made by `aga-kg build`; move it away first")
    link.parent.mkdir(parents=True, exist_ok=True)
    temporary = link.with_name(link.name + ".switching")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(os.path.relpath(target, link.parent), temporary)
    os.replace(temporary, link)  # atomic: readers see the old store or the new one


def prune_builds(link: Path, keep: int, current: Path) -> None:
    """Removes all but the `keep` newest builds beside the current one (readers may still be on those)."""
    builds = builds_dir(link)
    finished = sorted((p for p in builds.iterdir() if p.is_dir() and p != current),
                      key=lambda p: made_order(p.name), reverse=True)
    for old in finished[keep:]:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def write_lock(link: Path, timeout: float) -> Iterator[None]:
    """Holds the exclusive lock beside the link (`<link>.lock`), waiting at most `timeout` seconds for it."""
    link.parent.mkdir(parents=True, exist_ok=True)
    with open(link.with_name(link.name + ".lock"), "a") as handle:
        until = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= until:
                    raise StoreBusy(f"another write to {link} has held the lock for over {timeout:g} s") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
