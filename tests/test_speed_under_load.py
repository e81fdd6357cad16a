"""Speed under data entry (#17 item 8) and reads beside a hostile upload (#16): what makes a write
cheap for the readers beside it — one rating per stamp however many readers ask, the districts'
ratings reused by the city's, a figure's statements read once per wording, writers waiting for
their turn without a connection or a thread that reads need. Behaviour only; the speed itself is
measured by benchmarks/bench_web.py."""

from __future__ import annotations

import fcntl
import itertools
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import event

from planwatch.accounts import issue_token
from planwatch.core import Planwatch, SingleFlight
from planwatch.errors import InputError
from planwatch.monitor import assessment
from planwatch.monitor.entry import add_observation, withdraw_observation
from planwatch.settings import load_settings
from planwatch.store import Database, open_database
from planwatch.store import database as database_module
from planwatch.store.monitoring import list_observations
from planwatch.store.schema import SettingRow

from .conftest import BACKEND, web_app

FIGURE = {"region": "南山区", "indicator_key": "tech_contract_turnover", "year": 2024, "unit": "亿元"}


@pytest.fixture
def demo(writable_demo: Database) -> Database:
    return writable_demo


def _observe(db: Database, value: str, source: str) -> Any:
    return add_observation(db, FIGURE | {"value": value, "source_url": source}, entered_by="editor")


# -- one rating per stamp -------------------------------------------------------------------------


def test_readers_asking_for_one_key_at_once_compute_it_once() -> None:
    cache: SingleFlight = SingleFlight(4)
    calls: list[int] = []
    second_entered = threading.Event()

    def compute() -> str:
        calls.append(1)
        if len(calls) > 1:
            second_entered.set()
        else:  # the first computation lasts until a second one starts (or a second has passed)
            second_entered.wait(timeout=1)
        return "rated"

    first = threading.Thread(target=cache.compute, args=("plan", compute))
    first.start()
    while not calls:  # the first reader is computing
        threading.Event().wait(0.01)
    readers = [threading.Thread(target=cache.compute, args=("plan", compute)) for _ in range(4)]
    for reader in readers:
        reader.start()
    for thread in [first, *readers]:
        thread.join()
    assert len(calls) == 1


def test_a_remembered_answer_is_served_without_computing_again() -> None:
    cache: SingleFlight = SingleFlight(4)
    answers = [cache.compute("plan", lambda: "rated"), cache.compute("plan", lambda: "recomputed")]
    assert answers == ["rated", "rated"]


def test_a_failed_computation_is_not_remembered() -> None:
    cache: SingleFlight = SingleFlight(4)

    def fail() -> str:
        raise InputError("broken")

    with pytest.raises(InputError):
        cache.compute("plan", fail)
    assert cache.compute("plan", lambda: "rated") == "rated"


def _counting_assessments(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The plan of every rating the store computes."""
    rated: list[str] = []
    real = assessment.assess_plan

    def counted(db: Database, plan: str, year: int, *args: Any, **kwargs: Any) -> Any:
        rated.append(plan)
        return real(db, plan, year, *args, **kwargs)

    monkeypatch.setattr(assessment, "assess_plan", counted)
    return rated


def test_the_city_rating_after_a_districts_data_re_rates_only_that_district(demo: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    pw = Planwatch(load_settings(), database=demo)
    city = pw.plan("shenzhen")
    pw.assess(city, 2023)
    rated = _counting_assessments(monkeypatch)
    _observe(demo, "120", "http://example.org/a")
    pw.assess(city, 2023)
    assert sorted(rated) == ["nanshan", "shenzhen"]  # not longgang, baoan, guangming again


def test_the_city_rating_built_from_cached_district_ratings_equals_a_fresh_one(demo: Database) -> None:
    pw = Planwatch(load_settings(), database=demo)
    city = pw.plan("shenzhen")
    pw.assess(city, 2023)
    _observe(demo, "120", "http://example.org/a")
    cached = pw.assess(city, 2023)
    fresh = assessment.assess_plan(demo, "shenzhen", 2023, pw.rules)
    assert assessment.plan_assessment_dict(cached) == assessment.plan_assessment_dict(fresh)


def test_many_readers_after_a_write_rate_the_plan_once(demo: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    pw = Planwatch(load_settings(), database=demo)
    nanshan = pw.plan("nanshan")
    _observe(demo, "120", "http://example.org/a")
    rated = _counting_assessments(monkeypatch)
    readers = [threading.Thread(target=pw.assess, args=(nanshan, 2023)) for _ in range(8)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert rated == ["nanshan"]


# -- a figure's statements read once per wording --------------------------------------------------


def test_a_figure_many_sources_repeat_is_read_as_its_distinct_statements(demo: Database) -> None:
    for n in range(5):
        _observe(demo, "120", f"http://example.org/same/{n}")
    _, conflicts = _observe(demo, "130", "http://example.org/other")
    assert sorted(s.value for s in conflicts[0].statements) == [120, 130]


def test_distinct_statements_leave_out_withdrawn_ones(demo: Database) -> None:
    first, _ = _observe(demo, "120", "http://example.org/a")
    withdraw_observation(demo, first.id, reason="口径不同")
    _observe(demo, "130", "http://example.org/b")
    found = list_observations(demo, regions=["南山区"], indicator_keys=["tech_contract_turnover"], years=[2024], distinct=True)
    assert [o.value for o in found] == [130]


def test_the_same_statement_from_the_same_source_is_still_refused(demo: Database) -> None:
    for n in range(3):
        _observe(demo, "120", f"http://example.org/same/{n}")
    with pytest.raises(InputError, match="已有相同记录"):
        _observe(demo, "120", "http://example.org/same/1")


# -- writers wait for their turn holding nothing readers need -------------------------------------


def _hold_write_lock(db: Database) -> tuple[threading.Thread, threading.Event, threading.Event]:
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with db.transaction(exclusive=True):
            inside.set()
            release.wait(timeout=30)

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(timeout=30)
    return holder, inside, release


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[Database]:
    """A SQLite database on disk whatever the test backend: the lock file is SQLite's (PostgreSQL's
    writers queue on its advisory lock)."""
    database = open_database(f"sqlite:///{tmp_path / 'writes.db'}")
    yield database
    database.close()


def test_a_sqlite_commit_does_not_wait_for_the_disk(sqlite_file: Database) -> None:
    with sqlite_file.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL (in WAL mode: no fsync per commit)


def test_a_sqlite_database_stays_in_wal_mode(sqlite_file: Database) -> None:
    with sqlite_file.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_an_exclusive_transaction_on_sqlite_holds_the_lock_file_other_processes_wait_on(sqlite_file: Database) -> None:
    holder, _, release = _hold_write_lock(sqlite_file)
    try:
        with open(f"{sqlite_file.engine.url.database}.lock", "ab") as other, pytest.raises(BlockingIOError):  # another process's handle
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        release.set()
        holder.join()


def test_the_lock_file_is_free_once_the_transaction_ends(sqlite_file: Database) -> None:
    holder, _, release = _hold_write_lock(sqlite_file)
    release.set()
    holder.join()
    with open(f"{sqlite_file.engine.url.database}.lock", "ab") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if still held
        fcntl.flock(other, fcntl.LOCK_UN)


def _write_settings(db: Database, count: int) -> None:
    for n in range(count):
        with db.transaction(exclusive=True) as session:
            session.merge(SettingRow(key=f"检查点测试 {n}", value="龙岗区 2025 年研发投入"))


def _settings_in_the_database_file(db: Database, tmp_path: Path) -> int:
    """The settings the database file itself holds, its WAL left behind (what a checkpoint copied)."""
    alone = tmp_path / "alone.db"
    shutil.copyfile(str(db.engine.url.database), alone)
    with closing(sqlite3.connect(alone)) as connection:
        return int(connection.execute("SELECT count(*) FROM settings WHERE key LIKE '检查点测试%'").fetchone()[0])


def test_sqlite_no_longer_checkpoints_at_the_commit_inside_the_lock(sqlite_file: Database) -> None:
    with sqlite_file.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == database_module.WAL_BACKSTOP_PAGES


def test_writes_reach_the_database_file_after_the_checkpoint_interval(
    sqlite_file: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "CHECKPOINT_EVERY", 3)
    _write_settings(sqlite_file, 3)
    assert _settings_in_the_database_file(sqlite_file, tmp_path) == 3


def test_writes_stay_in_the_wal_before_the_checkpoint_interval(
    sqlite_file: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "CHECKPOINT_EVERY", 3)
    with sqlite_file.engine.connect() as connection:  # the schema into the file: only the writes below stay in the WAL
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    _write_settings(sqlite_file, 2)
    assert _settings_in_the_database_file(sqlite_file, tmp_path) == 0


def test_the_checkpoint_runs_after_the_write_lock_is_released(sqlite_file: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "CHECKPOINT_EVERY", 1)
    lock_free: list[bool] = []

    def check(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "wal_checkpoint" in statement:
            with open(f"{sqlite_file.engine.url.database}.lock", "ab") as other:
                try:
                    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    lock_free.append(False)
                else:
                    fcntl.flock(other, fcntl.LOCK_UN)
                    lock_free.append(True)

    event.listen(sqlite_file.engine, "before_cursor_execute", check)
    _write_settings(sqlite_file, 1)
    assert lock_free == [True]


def test_a_writer_waiting_for_its_turn_holds_no_connection(demo: Database) -> None:
    holder, _, release = _hold_write_lock(demo)
    waiting = threading.Thread(target=lambda: demo.transaction(exclusive=True).__enter__().close())
    try:
        waiting.start()
        waiting.join(timeout=1)
        assert waiting.is_alive()  # it is waiting for the lock …
        assert demo.engine.pool.checkedout() == 1  # … and only the holder has a connection
    finally:
        release.set()
        holder.join()
        waiting.join(timeout=30)


# -- reads never queue behind writes or a heavy job for a thread ----------------------------------


def _blocked(release: threading.Event, real: Callable[..., Any]) -> Callable[..., Any]:
    def slow(*args: Any, **kwargs: Any) -> Any:
        release.wait(timeout=60)
        return real(*args, **kwargs)

    return slow


def _reads_beside(demo: Database, path: str, request: Callable[[httpx.AsyncClient, str], Any], method: str, count: int) -> list[int]:
    """``count`` requests of ``request`` made to wait inside the route (``method`` of Planwatch
    blocked) on a worker with three threads; returns the status of a read made meanwhile, then
    those of the held requests once released."""
    app = web_app(demo)
    pw = app.state.planwatch
    release = threading.Event()
    setattr(pw, method, _blocked(release, getattr(pw, method)))
    token = issue_token(demo, "editor", "load test", actor="test")

    async def main() -> list[int]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = 3
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", headers={"Authorization": f"Bearer {token}"}) as client:
            held: list[int] = []

            async def hold() -> None:
                held.append((await request(client, path)).status_code)

            try:
                async with anyio.create_task_group() as group:
                    for _ in range(count):
                        group.start_soon(hold)
                    await anyio.sleep(0.5)  # the held requests reach the route (or the gate)
                    with anyio.fail_after(60):  # a read queued behind them would wait for a thread
                        read = await httpx.AsyncClient(transport=transport, base_url="http://test").get("/api/v1/plans/nanshan/targets")
                    release.set()
            finally:
                release.set()
            return [read.status_code, *sorted(held)]

    return anyio.run(main)


SOURCES = itertools.count()


def _post_observation(client: httpx.AsyncClient, path: str) -> Any:
    source = f"http://example.org/{next(SOURCES)}"
    return client.post(path, json=FIGURE | {"indicator": "tech_contract_turnover", "value": "120", "source_url": source})


def _upload(client: httpx.AsyncClient, path: str) -> Any:
    data = "地区,指标,年份,实际值,单位,来源链接\n南山区,技术合同成交额,2024,120,亿元,http://example.org/u\n".encode()
    return client.post(path, files={"file": ("rows.csv", data, "text/csv")})


def test_a_read_is_answered_while_writes_wait_their_turn(demo: Database) -> None:
    statuses = _reads_beside(demo, "/api/v1/observations", _post_observation, "add_observation", 6)
    assert statuses[0] == 200


def test_writes_held_at_the_gate_are_all_stored_after(demo: Database) -> None:
    statuses = _reads_beside(demo, "/api/v1/observations", _post_observation, "add_observation", 6)
    assert statuses[1:] == [201] * 6


def test_a_read_is_answered_while_uploads_are_parsed(demo: Database) -> None:
    statuses = _reads_beside(demo, "/api/v1/observations/import", _upload, "import_file", 3)
    assert statuses[0] == 200


def test_writes_from_clients_with_their_own_event_loops_are_all_stored(demo: Database) -> None:
    from fastapi.testclient import TestClient

    app = web_app(demo)
    pw = app.state.planwatch
    release = threading.Event()
    pw.add_observation = _blocked(release, pw.add_observation)  # the writes meet at the gate
    token = issue_token(demo, "editor", "load test", actor="test")
    statuses: list[int] = []

    def write(n: int) -> None:
        row = FIGURE | {"indicator": "tech_contract_turnover", "value": "120", "source_url": f"http://example.org/loop/{n}"}
        with TestClient(app) as client:  # each client runs its own event loop
            statuses.append(client.post("/api/v1/observations", json=row, headers={"Authorization": f"Bearer {token}"}).status_code)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for writer in writers:
        writer.start()
    release.set()
    for writer in writers:
        writer.join(timeout=120)
    assert statuses == [201] * 4


# -- a figure's distinct statements found through its wording index ---------------------------------


def _distinct(db: Database, **figure: Any) -> list[Any]:
    return list_observations(db, regions=["南山区"], years=[2024], distinct=True, **figure)


def _burst_after_analyze(db: Database) -> None:
    """PostgreSQL's statistics taken, then 3,000 statements of the figure in 30 wordings, each from
    its own source: a burst of data entry before autovacuum analyses again."""
    from sqlalchemy import text

    with db.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE observations")
        connection.exec_driver_sql("ALTER TABLE observations SET (autovacuum_enabled = false)")
        connection.execute(
            text(
                "INSERT INTO observations (region, indicator_key, indicator_name, year, value, unit, value_raw, unit_raw, source,"
                " source_url, quote, note, illustrative, entered_by, entered_at, version, current, withdrawn, wording)"
                " SELECT '南山区', 'tech_contract_turnover', '技术合同成交额', 2024, 100 + g % 30, '亿元', '1', '亿元', '', 'http://example.org/g/' || g,"
                " '', '', false, 'editor', now(), 1, true, false, md5((g % 30)::text) FROM generate_series(1, 3000) AS g"
            )
        )


def _scans(node: dict[str, Any]) -> Iterator[str]:
    """The index (or the scan type) of each read of observations in an EXPLAIN (FORMAT JSON) plan."""
    if node.get("Relation Name") == "observations":
        yield node.get("Index Name", node["Node Type"])
    for child in node.get("Plans", []):
        yield from _scans(child)


def test_distinct_statements_are_the_latest_of_each_wording(demo: Database) -> None:
    ids = [_observe(demo, value, f"http://example.org/w/{n}")[0].id for n, value in enumerate(["120", "130", "120", "130", "140"])]
    found = _distinct(demo, indicator_keys=["tech_contract_turnover"])
    assert [o.id for o in found] == [ids[2], ids[3], ids[4]]


def test_distinct_statements_leave_out_a_corrected_version(demo: Database) -> None:
    from planwatch.monitor.entry import correct_observation

    first, _ = _observe(demo, "120", "http://example.org/c/1")
    corrected = correct_observation(demo, first.id, value="125", reason="核对公报", entered_by="editor")
    assert [o.id for o in _distinct(demo, indicator_keys=["tech_contract_turnover"])] == [corrected.id]


def test_distinct_statements_stop_at_the_figures_beside_it(demo: Database) -> None:
    wanted = _observe(demo, "120", "http://example.org/edge/mine")[0].id
    # the figures just before and after it in the index's order: years, indicator keys, regions
    neighbours = [{"year": 2023}, {"year": 2025}, {"indicator_key": "sei_value_added"}, {"indicator_key": "tech_finance_total"}]
    neighbours += [{"region": "光明区"}, {"region": "宝安区"}]
    for n, other in enumerate(neighbours):
        add_observation(demo, FIGURE | other | {"value": "90", "source_url": f"http://example.org/edge/{n}"}, entered_by="editor")
    assert [o.id for o in _distinct(demo, indicator_keys=["tech_contract_turnover"])] == [wanted]


def test_a_figure_with_only_withdrawn_statements_has_none_standing(demo: Database) -> None:
    first, _ = _observe(demo, "120", "http://example.org/gone")
    withdraw_observation(demo, first.id, reason="来源撤稿")
    add_observation(demo, FIGURE | {"year": 2023, "value": "90", "source_url": "http://example.org/gone/2023"}, entered_by="editor")
    assert _distinct(demo, indicator_keys=["tech_contract_turnover"]) == []


@pytest.mark.skipif(BACKEND != "postgresql", reason="PostgreSQL's planner and autovacuum statistics")
def test_postgres_walks_the_wording_index_on_statistics_from_before_the_figure_grew(demo: Database) -> None:
    """ANALYZE while the figure is empty, then 3,000 statements in 30 wordings: the distinct read's
    seeks still go through the wording index (and the primary key), never a scan of the figure."""
    _burst_after_analyze(demo)
    walks: list[tuple[str, Any]] = []

    def keep_walk(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if "RECURSIVE" in statement:
            walks.append((statement, parameters))

    event.listen(demo.engine, "before_cursor_execute", keep_walk)
    try:
        found = _distinct(demo, indicator_keys=["tech_contract_turnover"])
    finally:
        event.remove(demo.engine, "before_cursor_execute", keep_walk)
    assert len(found) == 30
    [(statement, parameters)] = walks
    with demo.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters).scalar_one()
    assert set(_scans(plan[0]["Plan"])) <= {"ix_observations_figure_wording", "observations_pkey"}


@pytest.mark.skipif(BACKEND != "postgresql", reason="the walk in index order is PostgreSQL's")
def test_postgres_walk_in_index_order_finds_what_the_walk_by_wording_finds(demo: Database) -> None:
    from planwatch.store import monitoring

    for n, value in enumerate(["120", "130", "120", "140", "130"]):
        _observe(demo, value, f"http://example.org/same-answer/{n}")
    withdraw_observation(demo, _observe(demo, "150", "http://example.org/same-answer/w")[0].id, reason="口径不同")
    figure = {"region": "南山区", "indicator_key": "tech_contract_turnover", "year": 2024}
    with demo.reader() as session:
        by_index_order = sorted(row.id for row in session.execute(monitoring._SEEKS_IN_INDEX_ORDER, figure))
        by_wording = sorted(session.scalars(monitoring._LATEST_WORDINGS[True], figure))
    assert by_index_order == by_wording


@pytest.mark.parametrize("walk", ["_SEEKS_IN_INDEX_ORDER", "_STANDING_OF_SOURCES"])
def test_postgres_walks_write_their_limit_out(walk: str) -> None:
    """A bound LIMIT made PostgreSQL's generic plan of the wordings walk lose to the custom plans:
    the walk was planned at each write."""
    from sqlalchemy.dialects import postgresql

    from planwatch.store import monitoring

    sql = str(getattr(monitoring, walk).compile(dialect=postgresql.dialect()))
    assert "LIMIT %(" not in sql


@pytest.mark.skipif(BACKEND != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgres_walk_of_wordings_keeps_its_generic_plan(demo: Database) -> None:
    """After psycopg prepares the walk (its fifth run on a connection) and PostgreSQL's five custom
    plans, further runs take the one generic plan, not a plan of their own each."""
    from planwatch.store import monitoring

    _burst_after_analyze(demo)
    figure = {"region": "南山区", "indicator_key": "tech_contract_turnover", "year": 2024}
    with demo.read_engine.connect() as connection:
        for _ in range(20):
            connection.execute(monitoring._SEEKS_IN_INDEX_ORDER, figure).all()
        [(generic, custom)] = connection.exec_driver_sql(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s", ("%RECURSIVE wordings%",)
        ).all()
    assert generic > custom


def test_distinct_statements_of_unmapped_names_are_kept_apart_by_name(demo: Database) -> None:
    from planwatch.monitor.observations import ValidationContext, observation_from_row
    from planwatch.store.monitoring import add_records
    from planwatch.store.repository import plan_periods

    context = ValidationContext.build(plan_periods(demo), keep_unmapped=True)
    row = {"region": "南山区", "year": 2024, "unit": "家", "value": "7"}
    drafts = [observation_from_row(row | {"indicator": name, "source_url": f"http://example.org/u/{name}"}, None, context).observation for name in ("社区书店数量", "咖啡馆数量")]
    add_records(demo, [d for d in drafts if d is not None], entered_by="editor")
    assert sorted(o.indicator_name for o in _distinct(demo, unmapped=True)) == ["咖啡馆数量", "社区书店数量"]


def test_distinct_statements_are_read_for_one_figure_only(demo: Database) -> None:
    with pytest.raises(ValueError):
        list_observations(demo, regions=["南山区", "光明区"], indicator_keys=["tech_contract_turnover"], years=[2024], distinct=True)


# -- the duplicate check under the write lock, through the figure-and-source index ---------------


def _drafts(db: Database, *sources: str, **figure: Any) -> list[Any]:
    from planwatch.monitor.observations import ValidationContext, observation_from_row
    from planwatch.store.repository import plan_periods

    context = ValidationContext.build(plan_periods(db))
    return [observation_from_row(FIGURE | figure | {"value": "1", "source_url": s}, None, context).observation for s in sources]


def _standing_of_sources(db: Database, *sources: str, **figure: Any) -> list[int]:
    """The ids the duplicate check reads for drafts of the figure from ``sources``."""
    from planwatch.store.monitoring import statements_of_sources

    with db.transaction(exclusive=True) as session:
        return [o.id for o in statements_of_sources(session, _drafts(db, *sources, **figure))]


def test_the_check_reads_every_standing_statement_of_the_source_oldest_first(demo: Database) -> None:
    ids = [_observe(demo, value, "http://example.org/s")[0].id for value in ("120", "130", "140")]
    _observe(demo, "120", "http://example.org/t")
    assert _standing_of_sources(demo, "http://example.org/s") == ids


def test_the_check_leaves_out_withdrawn_and_corrected_versions(demo: Database) -> None:
    from planwatch.monitor.entry import correct_observation

    withdrawn, _ = _observe(demo, "120", "http://example.org/s")
    withdraw_observation(demo, withdrawn.id, reason="口径不同")
    first, _ = _observe(demo, "130", "http://example.org/s")
    corrected = correct_observation(demo, first.id, value="135", reason="核对公报", entered_by="editor")
    kept, _ = _observe(demo, "140", "http://example.org/s")
    assert _standing_of_sources(demo, "http://example.org/s") == [corrected.id, kept.id]


def test_the_check_stops_at_the_sources_and_figures_beside_it(demo: Database) -> None:
    wanted = _observe(demo, "120", "http://example.org/s")[0].id
    for source in ("http://example.org/r", "http://example.org/s0", "http://example.org/t"):
        _observe(demo, "120", source)
    for other in ({"year": 2023}, {"year": 2025}, {"indicator_key": "sei_value_added"}, {"region": "宝安区"}):
        add_observation(demo, FIGURE | other | {"value": "90", "source_url": "http://example.org/s"}, entered_by="editor")
    assert _standing_of_sources(demo, "http://example.org/s") == [wanted]


def test_the_check_of_a_group_reads_each_of_its_sources(demo: Database) -> None:
    ids = [_observe(demo, "120", source)[0].id for source in ("http://example.org/a", "http://example.org/b", "http://example.org/c")]
    assert _standing_of_sources(demo, "http://example.org/c", "http://example.org/a", "http://example.org/new") == [ids[0], ids[2]]


def test_the_check_of_more_sources_than_one_query_takes_reads_each(demo: Database) -> None:
    sources = [f"http://example.org/many/{n}" for n in range(20)]  # a query takes 16
    ids = [_observe(demo, "120", source)[0].id for source in sources]
    assert _standing_of_sources(demo, *sources) == ids

def test_a_repeat_of_a_sources_later_statement_is_refused_naming_it(demo: Database) -> None:
    _observe(demo, "120", "http://example.org/s")
    later, _ = _observe(demo, "130", "http://example.org/s")
    with pytest.raises(InputError, match=f"已有相同记录 #{later.id}（"):
        _observe(demo, "130", "http://example.org/s")


@pytest.mark.skipif(BACKEND != "postgresql", reason="PostgreSQL's planner and autovacuum statistics")
def test_postgres_checks_duplicates_through_the_source_index_on_statistics_from_before_the_figure_grew(demo: Database) -> None:
    """ANALYZE, then 3,000 statements of the figure: the duplicate check of a group of sources seeks
    through the figure-and-source index and the primary key in its custom plan (the values known) and
    in its generic one (a prepared statement after five runs), never a scan of the figure."""
    import re

    from psycopg import sql

    _burst_after_analyze(demo)
    checks: list[tuple[str, Any]] = []

    def keep_check(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if "RECURSIVE standing" in statement:
            checks.append((statement, parameters))

    event.listen(demo.engine, "before_cursor_execute", keep_check)
    try:
        _standing_of_sources(demo, *(f"http://example.org/g/{n}" for n in (7, 8, 9)))
    finally:
        event.remove(demo.engine, "before_cursor_execute", keep_check)
    [(statement, parameters)] = checks
    names = list(dict.fromkeys(re.findall(r"%\((\w+)\)s", statement)))
    numbered = re.sub(r"%\((\w+)\)s", lambda m: f"${names.index(m.group(1)) + 1}", statement)
    with demo.engine.connect() as connection:
        custom = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters).scalar_one()
        driver = connection.connection.driver_connection
        connection.exec_driver_sql(f"PREPARE duplicate_check AS {numbered}")  # each parameter's type from its cast
        connection.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
        values = sql.SQL(", ").join(sql.Literal(parameters[name]) for name in names).as_string(driver)
        generic = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) EXECUTE duplicate_check({values})").scalar_one()
    assert set(_scans(custom[0]["Plan"])) | set(_scans(generic[0]["Plan"])) <= {"ix_observations_figure_source", "observations_pkey"}


def test_statements_stored_before_the_wording_index_are_found_through_it(tmp_path: Path) -> None:
    """Migration 0015 computes the digest of the rows already stored."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from planwatch.store.database import alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0014_pagespeed_commit_notify")
        connection.execute(
            text(
                "INSERT INTO observations (region, indicator_key, indicator_name, year, value, unit, value_raw, unit_raw, source,"
                " source_url, quote, note, illustrative, entered_by, entered_at, version, current, withdrawn)"
                " VALUES ('南山区', 'tech_contract_turnover', '技术合同成交额', 2024, 120, '亿元', '120', '亿元', '', 'http://example.org/old',"
                " '', '', 0, 'editor', '2024-05-01 00:00:00', 1, 1, 0)"
            )
        )
    engine.dispose()
    upgraded = open_database(url)
    try:
        assert [o.source_url for o in _distinct(upgraded, indicator_keys=["tech_contract_turnover"])] == ["http://example.org/old"]
    finally:
        upgraded.close()
