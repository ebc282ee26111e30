"""The eventsourcing library's own recorder test cases, run on the recorders the Store is configured with."""

from __future__ import annotations

import pytest
import sqlalchemy
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.tests import persistence  # the module, not its classes: pytest would collect the abstract bases
from eventsourcing.utils import Environment
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory

from core.store import Recorder, Store
from core.tables import EVENTS_TABLE, TRACKING_TABLE
from core.testing.databases import database


class _StoreRecorders:
    """Builds the recorder under test from the Store's env, on a fresh database per test."""

    kind = "sqlite"
    build = ""  # the factory method that makes the recorder
    table = EVENTS_TABLE  # the store table that recorder must write to

    @pytest.fixture(autouse=True)
    def _factory(self, tmp_path):
        with database(self.kind, tmp_path) as url:
            # What Store.__init__ passes, under the Store's name (the name sets the table names).
            env = {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url, "CREATE_TABLE": "y"}
            self.factory = InfrastructureFactory.construct(Environment(Store.name, env))
            assert isinstance(self.factory, SQLAlchemyFactory)
            engine = self.factory.datastore.engine
            try:
                # A leftover table would mean the PostgreSQL schema did not isolate this test.
                assert sqlalchemy.inspect(engine).get_table_names() == []
                yield
                # Proves the library's tests exercised the store's own table, not one of their naming.
                assert sqlalchemy.inspect(engine).get_table_names() == [self.table]
            finally:
                engine.dispose()

    def create_recorder(self):
        recorder = getattr(self.factory, self.build)()
        if self.build == "application_recorder":
            recorder.__class__ = Recorder  # as Store.__init__ does: its own reading of rows is what is tried
        # As Store.__init__ does: WAL before the library's threads start, or the first of them races the others.
        self.factory.datastore.init_sqlite_wal_mode()
        return recorder


class TestAggregateRecorderSQLite(_StoreRecorders, persistence.AggregateRecorderTestCase):
    build = "aggregate_recorder"


class TestApplicationRecorderSQLite(_StoreRecorders, persistence.ApplicationRecorderTestCase):
    build = "application_recorder"


class TestTrackingRecorderSQLite(_StoreRecorders, persistence.TrackingRecorderTestCase):
    build = "tracking_recorder"
    table = TRACKING_TABLE


class TestAggregateRecorderPostgreSQL(TestAggregateRecorderSQLite):
    kind = "postgresql"


class TestApplicationRecorderPostgreSQL(TestApplicationRecorderSQLite):
    kind = "postgresql"


class TestTrackingRecorderPostgreSQL(TestTrackingRecorderSQLite):
    kind = "postgresql"
