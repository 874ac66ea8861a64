"""Splitting the dates of a series: in parallel, one worker process per core, each taking runs of
consecutive dates (its region splits reused where the line did not move), and once for dates whose
control files are the same bytes."""

from __future__ import annotations

import contextlib
import os
from dataclasses import fields, replace
from typing import TYPE_CHECKING

from geo.control import ControlSource
from geo.files import sha256

if TYPE_CHECKING:
    from geo.pipeline import Progress, Result
    from geo.scenario import Scenario

CHUNK_DATES = 16  # dates a worker splits in a row, reusing the regions where the line did not move


def split_dates(todo: list[Result], progress: Progress | None = None) -> None:
    """Split these dates: in parallel, one process per core, when there are more than two; ``progress``
    is told each date done."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from geo.boundaries import load_boundaries

    boundaries = load_boundaries() if todo and todo[0]._boundaries is None else None
    # Dates whose control files are one file, or the same bytes (a gap in the archive filled by the day
    # before, a snapshot saved twice), are split once and share the zones.
    same = {}
    for p in todo:
        same.setdefault((sha256(p.found.path) if p.found else None, id(p._boundaries)), []).append(p)
    todo, copies = [group[0] for group in same.values()], [group[1:] for group in same.values()]
    jobs = [(p.scenario, p._boundaries if p._boundaries is not None else boundaries, p.found, p.lang) for p in todo]
    if len(jobs) > 2 and (os.cpu_count() or 1) > 1:
        workers = min(os.cpu_count() or 1, len(jobs))
        # Runs of consecutive dates go to one worker, which splits again only the regions where the line
        # moved (:func:`geo.zones.split` keeps recent regions' splits); short runs, for the progress bar.
        size = max(1, min(CHUNK_DATES, len(jobs) // (workers * 8)))
        chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
        with _interrupts_ignored():  # the workers are born ignoring Ctrl-C: it is the parent's to handle
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupt)
            futures = {pool.submit(_prepare_dates, chunk): len(chunk) for chunk in chunks}
        try:
            count = 0
            for future in as_completed(futures):
                count += futures[future]
                if progress:
                    progress(count, len(jobs))
            done = [result for future in futures for result in future.result()]
        except KeyboardInterrupt:  # Ctrl-C: the parent stops, the workers finish their date quietly
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    else:
        done = []
        for job in jobs:
            done.append(_prepare_date(*job))
            if progress:
                progress(len(done), len(jobs))
    for first, split, others in zip(todo, done, copies, strict=True):
        for result in (first, *others):  # each date keeps its own source, date and credit
            control = split._control and replace(split._control, **_source_fields(result.found))
            result._zones, result._control, result._split_zones = split._zones, control, split._split_zones
            if not result._covered:
                result._covered = True
                result.notices += split.notices


def _source_fields(found: ControlSource) -> dict:
    """A control source's own fields (path, source, date, credit, snapshot), to give a shared layer."""
    return {field.name: getattr(found, field.name) for field in fields(ControlSource)}


@contextlib.contextmanager
def _interrupts_ignored():
    """SIGINT ignored while worker processes are forked, so that none is ever without the disposition
    (a worker's initializer runs too late: Ctrl-C at its birth printed its traceback)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():  # only the main thread sets handlers
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _ignore_interrupt() -> None:
    """In a worker: Ctrl-C is the parent's to handle (each worker would print a traceback of its own)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepare_dates(jobs: list[tuple]) -> list[Result]:
    """Consecutive dates of a series, split in turn (a module-level function, so that worker processes
    can run it)."""
    return [_prepare_date(*job) for job in jobs]


def _prepare_date(scenario: Scenario, boundaries, found: ControlSource, lang: str) -> Result:
    """One date of a series, split."""
    from geo.pipeline import Result

    result = Result(scenario, found, boundaries=boundaries, lang=lang)
    result._compute()  # in the worker, not in the parent
    return result
