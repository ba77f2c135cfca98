"""Builds and writes are directories named by the time they were made; pruning keeps the newest."""
from __future__ import annotations

from kg.store_link import builds_dir, fresh_path, prune_builds


def test_pruning_keeps_the_newest_builds_even_past_ten_in_one_second(tmp_path):
    link = tmp_path / "store"
    made = []
    for _ in range(12):  # all within the same second or two: suffixes .1 ... .11
        directory = fresh_path(builds_dir(link))
        directory.mkdir(parents=True)
        made.append(directory)
    current = made[-1]
    prune_builds(link, keep=2, current=current)
    assert sorted(p.name for p in builds_dir(link).iterdir()) == sorted(p.name for p in made[-3:])
