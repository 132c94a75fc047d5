"""Dask: the same records, byte for byte, as a local run (LocalCluster bound to 127.0.0.1)."""
from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("distributed")

from distributed import LocalCluster  # noqa: E402

from extractor.distributed import dask_executor  # noqa: E402
from extractor.runner import run  # noqa: E402
from extractor.runstate import Output  # noqa: E402


def write_articles(folder, n):
    folder.mkdir()
    for i in range(n):
        (folder / f"howto-{i:02d}.md").write_text(
            f"---\ntitle: How-to {i}\n---\n\n# How-to {i}\n\n1. Open **Panel {i}**.\n2. Choose *Reset*.\n3. Confirm.\n",
            encoding="utf-8")
    (folder / "broken.md").write_bytes(bytes(range(256)) * 40)  # an error record travels back too


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        yield cluster


def extract(paths, target, executor=None):
    output = Output(str(target))
    try:
        report = run([str(p) for p in paths], output.sink, state=output.state, executor=executor)
        output.finish()
    finally:
        output.close()
    return report


def test_dask_records_are_identical_to_a_local_run(tmp_path, cluster):
    write_articles(tmp_path / "in", 40)
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    extract([tmp_path / "in"], local)
    report = extract([tmp_path / "in"], remote, dask_executor(scheduler=cluster.scheduler_address, chunk_size=3))
    assert (report.documents, report.errors) == (40, 1)
    assert remote.read_bytes() == local.read_bytes()
    again = extract([tmp_path / "in"], remote, dask_executor(scheduler=cluster.scheduler_address))
    assert again.skipped == 40  # the run state stays with the client and works the same


def test_cli_scheduler_and_dask_flags(tmp_path, cluster):
    write_articles(tmp_path / "in", 10)
    outputs = []
    for name, flags in (("local", []), ("scheduler", ["--scheduler", cluster.scheduler_address]),
                        ("own", ["--dask", "-j", "1"])):
        out = tmp_path / f"{name}.jsonl"
        result = subprocess.run([sys.executable, "-m", "extractor", "extract", str(tmp_path / "in"), "-o", str(out),
                                 "-q", *flags], capture_output=True, timeout=180)
        assert result.returncode == 1, result.stderr  # broken.md is an error record
        assert b"Traceback" not in result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_dask_learns_a_small_batchs_closing_lines_as_a_local_run(tmp_path, cluster):
    folder = tmp_path / "small"
    folder.mkdir()
    for topic in ("fan", "fridge", "printer"):
        closing = "\nThe Fixit notebook is written in a garage in Leeds.\n" if topic != "printer" else ""
        (folder / f"{topic}.md").write_text(
            f"# The {topic}\n\nThe {topic} hums more every week.\n\n1. Unplug the {topic}.\n2. Clean the vents.\n\n"
            f"A clean {topic} runs quieter.\n\nLoose {topic} feet rattle.\n\nDust is most of it.\n{closing}",
            encoding="utf-8")
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    extract([folder], local)
    extract([folder], remote, dask_executor(scheduler=cluster.scheduler_address, chunk_size=1))
    assert remote.read_bytes() == local.read_bytes()
    import json

    texts = [json.loads(line)["content"]["text"] for line in local.read_text(encoding="utf-8").splitlines()]
    assert len(texts) == 3 and not any("Fixit notebook" in text for text in texts)
    assert all("hums more every week" in text for text in texts)


def test_dask_guards_a_small_docs_batchs_shared_content_as_a_local_run(tmp_path, cluster):
    folder = tmp_path / "manual"
    folder.mkdir()
    for topic in ("hinges", "filters", "remote"):
        (folder / f"{topic}.md").write_text(
            f"---\ntitle: \"Gizmotron manual: {topic}\"\n---\n\nThis page covers the {topic} of the base unit.\n\n"
            f"1. Switch the unit off.\n2. Open the {topic} panel.\n\nThe {topic} panel clicks when it sits right.\n\n"
            "Gizmotron settings survive a restart, so nothing here needs repeating.\n\n"
            "Our team answers forum questions within one working day.\n", encoding="utf-8")
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    extract([folder], local)
    extract([folder], remote, dask_executor(scheduler=cluster.scheduler_address, chunk_size=1))
    assert remote.read_bytes() == local.read_bytes()
    import json

    texts = [json.loads(line)["content"]["text"] for line in local.read_text(encoding="utf-8").splitlines()]
    assert len(texts) == 3 and all("settings survive a restart" in text for text in texts)
    assert not any("Our team answers" in text for text in texts)


def _distributed_log_levels():
    import logging

    return logging.getLogger("distributed").getEffectiveLevel(), logging.getLogger("distributed.worker").getEffectiveLevel()


def test_the_cluster_dask_starts_keeps_dasks_own_logs_to_what_is_critical():
    """A worker's last heartbeat to a scheduler that has just closed was printed as a traceback on a run that
    succeeded: the workers and the scheduler's process log only what is critical while the cluster runs, and this
    process's level is given back after it."""
    import logging

    from extractor.distributed import _client

    before = logging.getLogger("distributed").level
    with _client(None, 1) as client:
        assert client.submit(_distributed_log_levels, pure=False).result() == (logging.CRITICAL, logging.CRITICAL)
        assert logging.getLogger("distributed").level == logging.CRITICAL
    assert logging.getLogger("distributed").level == before


def test_the_cluster_dask_starts_binds_no_fixed_port_and_warns_nothing_when_one_is_taken():
    """Two runs at once (or a run beside the user's own Dask cluster) met on port 8787: the second one warned
    "Port 8787 is already in use" on the user's terminal. The cluster's HTTP endpoint takes a free loopback port."""
    import socket
    import warnings

    from extractor.distributed import _client

    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", 8787))
        holder.listen()
    except OSError:
        pass  # someone holds it already: the clash this test is about
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with _client(None, 1) as client:
                server = client.cluster.scheduler.http_server
                assert client.submit(sum, [1, 2]).result() == 3
        assert (server.address, server.port != 8787) == ("127.0.0.1", True)
        assert not [w for w in caught if "already in use" in str(w.message)]
    finally:
        holder.close()
