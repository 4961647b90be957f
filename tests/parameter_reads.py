"""Every parameter in ``PARAMETERS`` is read by the code (issue 10 item 8): a parameter nothing reads is a setting
that silently does nothing. Recorded, not grepped: the reads through ``Params`` (``recording_reads``) during the
whole suite — its walk-throughs of the four procedures, their rules, the jobs — gathered from every xdist worker.
When the whole suite ran, a parameter no test's code read fails the run (exit status 1, named in the summary); a
partial run (files, -k, -m, --lf) checks nothing."""

import pytest

from apps.rulesets.parameters import PARAMETERS, recording_reads

_READS = pytest.StashKey[set]()
_RECORDER = pytest.StashKey[object]()
_UNREAD = pytest.StashKey[list]()
_WORKER_KEY = "cadreflow_parameter_reads"


def pytest_sessionstart(session):
    recorder = recording_reads()
    session.config.stash[_READS] = recorder.__enter__()  # left open for the whole session
    # and kept referenced: a context manager nobody holds is collected, which closes its generator and so
    # unregisters the observer at once (every parameter then looked unread)
    session.config.stash[_RECORDER] = recorder


def pytest_testnodedown(node, error):
    """xdist controller: add each worker's reads."""
    reads = getattr(node, "workeroutput", {}).get(_WORKER_KEY)
    if reads is not None:
        node.config.stash[_READS].update(reads)


def _whole_suite(config):
    option = config.option
    narrowed = (
        getattr(option, "keyword", "") or getattr(option, "lf", False) or getattr(option, "deselect", None)
    )
    # the markers the suite itself deselects (tests/conftest.py) do not narrow it; a -m given by hand does
    return (
        not narrowed
        and not getattr(option, "markexpr", "")
        and config.args in ([], config.getini("testpaths"))
    )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    config = session.config
    reads = config.stash.get(_READS, set())
    if hasattr(config, "workeroutput"):
        config.workeroutput[_WORKER_KEY] = sorted(reads)
        return
    if exitstatus != 0 or not _whole_suite(config):
        return
    unread = sorted(set(PARAMETERS) - reads)
    if unread:
        config.stash[_UNREAD] = unread
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config):
    unread = config.stash.get(_UNREAD, None)
    if unread:
        terminalreporter.write_line(
            f"cadreflow: FAILED — rule-set parameters no code read: {unread}", red=True
        )
