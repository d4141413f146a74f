package io.manybot.local.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.testing.SampleCycles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite state on real files: round trips, two connections at once, control requests, migrations. */
class StateStoreTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private static BotState bot(String name) {
        return new BotState(name, "continuous", "tidy-sources", false, "Idle", 43.5, false, "c-0007", T0.plusSeconds(60), T0, 0,
                null, T0.plusSeconds(600), "1a2b3c4", null);
    }

    @Test
    void createsTheDatabaseInWalModeWithTheCurrentSchema() throws Exception {
        Path state = dir.resolve("nested/state");
        assertFalse(StateStore.exists(state));
        try (StateStore store = StateStore.open(state)) {
            assertEquals(StateStore.MIGRATIONS.size(), store.schemaVersion());
            assertEquals(state.resolve("manybot.db"), store.file());
        }
        assertTrue(StateStore.exists(state));
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("manybot.db"));
                ResultSet rs = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
        // opening again does not migrate twice
        try (StateStore store = StateStore.open(state)) {
            assertEquals(StateStore.MIGRATIONS.size(), store.schemaVersion());
        }
    }

    @Test
    void refusesAStateFromANewerManybot() throws Exception {
        try (StateStore store = StateStore.open(dir)) {
            assertEquals(StateStore.MIGRATIONS.size(), store.schemaVersion());
        }
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("manybot.db"))) {
            connection.createStatement().execute("PRAGMA user_version = 99");
        }
        var e = assertThrows(java.io.IOException.class, () -> StateStore.open(dir));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    }

    @Test
    void botsRoundTripAndPauseIsKeptWhenAStaleCopyIsSaved() throws Exception {
        try (StateStore store = StateStore.open(dir)) {
            store.saveBot(bot("format-bot"));
            store.saveBot(new BotState("docs-bot", "triggered", "docs", false, null, null, null, null, null, T0, 3,
                    T0.plusSeconds(3600), null, null, "3 failures in a row"));
            assertEquals(List.of("docs-bot", "format-bot"), store.bots().stream().map(BotState::name).toList());
            assertEquals(bot("format-bot"), store.bot("format-bot").orElseThrow());
            BotState docs = store.bot("docs-bot").orElseThrow();
            assertNull(docs.progress());
            assertNull(docs.atRisk());
            assertEquals(T0.plusSeconds(3600), docs.circuitOpenUntil());
            assertTrue(store.bot("nobody").isEmpty());

            store.requestControl("format-bot", ControlAction.PAUSE);
            assertTrue(store.bot("format-bot").orElseThrow().paused());
            // the controller saves the copy it read before the pause: still paused; createdAt is kept too
            BotState stale = bot("format-bot");
            store.saveBot(new BotState(stale.name(), stale.mode(), stale.goal(), false, "Sense", 50.0, true, stale.lastCycleId(),
                    stale.lastCycleAt(), T0.plusSeconds(99), 1, null, null, "2b3c4d5", null));
            BotState saved = store.bot("format-bot").orElseThrow();
            assertTrue(saved.paused());
            assertEquals("Sense", saved.phase());
            assertEquals(50.0, saved.progress());
            assertEquals(T0, saved.createdAt());
            store.requestControl("format-bot", ControlAction.RESUME);
            assertFalse(store.bot("format-bot").orElseThrow().paused());
        }
    }

    @Test
    void aRealisticCycleRoundTripsThroughJson() throws Exception {
        WorkCycle cycle = SampleCycles.landed("c-0007", T0);
        try (StateStore store = StateStore.open(dir)) {
            store.saveCycle(cycle);
            assertEquals(cycle, store.cycle("c-0007").orElseThrow());
        }
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("manybot.db"));
                ResultSet rs = connection.createStatement().executeQuery("SELECT json, started_at, outcome FROM cycles")) {
            rs.next();
            assertTrue(rs.getString(1).contains("\"startedAt\":\"2026-11-24T10:00:00Z\""), rs.getString(1));
            assertEquals("2026-11-24T10:00:00.000000000Z", rs.getString(2));
            assertEquals("LANDED", rs.getString(3));
        }
        try (StateStore reopened = StateStore.open(dir)) {
            assertEquals(cycle, reopened.cycle("c-0007").orElseThrow());
        }
    }

    @Test
    void savingACycleAtEveryPhaseUpdatesItAndReplacesItsTasks() throws Exception {
        try (StateStore store = StateStore.open(dir)) {
            WorkCycle started = WorkCycle.started("c-1", "format-bot", "tidy-sources", "start", T0);
            store.saveCycle(started);
            assertEquals(List.of(started), store.unfinishedCycles());
            WorkCycle planned = with(started, CyclePhase.EXECUTE, null, List.of(
                    new Task("t1", Task.Kind.WORK, "Format", "why", Task.State.PLANNED, null),
                    new Task("t2", Task.Kind.WORK, "Lint", "why", Task.State.PLANNED, null)));
            store.saveCycle(planned);
            assertEquals(List.of("t1:PLANNED", "t2:PLANNED"), taskRows(dir, "c-1"));
            WorkCycle done = with(planned, CyclePhase.DONE, CycleOutcome.NO_CHANGE, List.of(
                    new Task("t1", Task.Kind.WORK, "Format", "why", Task.State.COMPLETED, "nothing to format")));
            store.saveCycle(done);
            assertEquals(List.of("t1:COMPLETED"), taskRows(dir, "c-1"));
            assertEquals(List.of(), store.unfinishedCycles());
            assertEquals(done, store.cycle("c-1").orElseThrow());
        }
    }

    @Test
    void listsCyclesNewestFirstAndFindsThemByUniquePrefix() throws Exception {
        try (StateStore store = StateStore.open(dir)) {
            store.saveCycle(SampleCycles.landed("format-bot-0001", T0));
            store.saveCycle(SampleCycles.landed("format-bot-0002", T0.plusMillis(500)));
            store.saveCycle(SampleCycles.landed("format-bot-0010", T0.plusSeconds(3600)));
            WorkCycle other = WorkCycle.started("docs-bot-0001", "docs-bot", "docs", "manual", T0.plusSeconds(10));
            store.saveCycle(other);
            assertEquals(List.of("format-bot-0010", "format-bot-0002", "format-bot-0001"),
                    store.cycles("format-bot", 10).stream().map(WorkCycle::id).toList());
            assertEquals(List.of("format-bot-0010", "docs-bot-0001"), store.cycles(null, 2).stream().map(WorkCycle::id).toList());
            assertEquals("format-bot-0010", store.cycle("format-bot-001").orElseThrow().id());
            assertEquals("docs-bot-0001", store.cycle("docs").orElseThrow().id());
            var ambiguous = assertThrows(IllegalArgumentException.class, () -> store.cycle("format-bot-000"));
            assertTrue(ambiguous.getMessage().contains("format-bot-0001") && ambiguous.getMessage().contains("format-bot-0002"));
            assertTrue(store.cycle("FORMAT").isEmpty(), "prefixes are case-sensitive");
            assertTrue(store.cycle("nope").isEmpty());
            assertTrue(store.cycle("format_bot").isEmpty(), "no LIKE wildcards");
        }
    }

    @Test
    void keepsTheHistoryOfMeasurementsIncludingFailures() throws Exception {
        try (StateStore store = StateStore.open(dir)) {
            store.recordMeasurements(List.of(
                    new MeasuredValue("tidy", "unformatted", 6.0, null, T0, 40, "a1"),
                    new MeasuredValue("tidy", "lint", null, "exit 2: boom", T0, 15, "a1")));
            store.recordMeasurements(List.of(new MeasuredValue("tidy", "unformatted", 2.0, null, T0.plusSeconds(60), 38, "b2")));
            List<MeasuredValue> unformatted = store.measurements("tidy", "unformatted", 10);
            assertEquals(List.of(2.0, 6.0), unformatted.stream().map(MeasuredValue::value).toList());
            assertEquals(new MeasuredValue("tidy", "unformatted", 2.0, null, T0.plusSeconds(60), 38, "b2"), unformatted.get(0));
            MeasuredValue failed = store.measurements("tidy", "lint", 10).get(0);
            assertNull(failed.value());
            assertEquals("exit 2: boom", failed.failure());
            assertEquals(1, store.measurements("tidy", "unformatted", 1).size());
        }
    }

    @Test
    void eventsTailAndFollow() throws Exception {
        try (StateStore store = StateStore.open(dir)) {
            assertEquals(0, store.lastEventSeq());
            for (int i = 1; i <= 5; i++) {
                store.event("format-bot", "c-" + i, "info", "message " + i);
            }
            store.event("docs-bot", null, "WARN", "docs message");
            store.event(null, null, "error", "controller message");
            assertEquals(List.of("message 4", "message 5"), store.events("format-bot", 2).stream().map(Event::message).toList());
            assertEquals(List.of("docs message", "controller message"), store.events(null, 2).stream().map(Event::message).toList());
            Event warn = store.events("docs-bot", 10).get(0);
            assertEquals("warn", warn.level());
            assertNull(warn.cycleId());
            long seq = store.lastEventSeq();
            assertEquals(7, seq);
            store.event("format-bot", null, "info", "later");
            assertEquals(List.of("later"), store.eventsAfter(seq).stream().map(Event::message).toList());
            assertThrows(IllegalArgumentException.class, () -> store.event("format-bot", null, "debug", "x"));
        }
    }

    @Test
    void controlRequestsAreTakenOnceOldestFirst() throws Exception {
        try (StateStore store = StateStore.open(dir)) {
            store.saveBot(bot("format-bot"));
            store.saveBot(bot("docs-bot"));
            store.requestControl("format-bot", ControlAction.TRIGGER);
            store.requestControl("docs-bot", ControlAction.PAUSE);
            assertThrows(IllegalArgumentException.class, () -> store.requestControl("nobody", ControlAction.TRIGGER));
            List<ControlRequest> taken = store.takeControlRequests();
            assertEquals(List.of("format-bot:TRIGGER", "docs-bot:PAUSE"), taken.stream().map(r -> r.bot() + ":" + r.action()).toList());
            assertEquals(List.of(), store.takeControlRequests());
            assertEquals(List.of("trigger requested"), store.events("format-bot", 10).stream().map(Event::message).toList());
            assertFalse(store.bot("format-bot").orElseThrow().paused(), "a trigger does not pause");
        }
    }

    @Test
    void twoStoresOnTheSameFileWorkAtTheSameTime() throws Exception {
        try (StateStore controller = StateStore.open(dir); StateStore cli = StateStore.open(dir)) {
            controller.saveBot(bot("format-bot"));
            // the command line sees what the controller wrote, and the controller what the command line asked
            assertTrue(cli.bot("format-bot").isPresent());
            cli.requestControl("format-bot", ControlAction.PAUSE);
            assertTrue(controller.bot("format-bot").orElseThrow().paused());
            int writes = 200;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<ControlRequest> taken = Collections.synchronizedList(new ArrayList<>());
            Future<?> requests = pool.submit(() -> {
                start.await();
                for (int i = 0; i < writes; i++) {
                    cli.requestControl("format-bot", ControlAction.TRIGGER);
                }
                return null;
            });
            Future<?> controlLoop = pool.submit(() -> {
                start.await();
                for (int i = 0; i < writes; i++) {
                    controller.saveCycle(SampleCycles.landed("c-" + i, T0.plusSeconds(i)));
                    controller.event("format-bot", "c-" + i, "info", "cycle " + i);
                    taken.addAll(controller.takeControlRequests());
                }
                return null;
            });
            start.countDown();
            requests.get();
            controlLoop.get();
            pool.shutdown();
            taken.addAll(controller.takeControlRequests());
            // the PAUSE from before, then every trigger exactly once
            assertEquals(writes + 1, taken.size());
            assertEquals(writes + 1, taken.stream().map(ControlRequest::id).distinct().count());
            assertEquals(writes, cli.cycles("format-bot", 1000).size());
        }
    }

    private static WorkCycle with(WorkCycle c, CyclePhase phase, CycleOutcome outcome, List<Task> tasks) {
        return new WorkCycle(c.id(), c.bot(), c.goal(), c.trigger(), phase, outcome, c.startedAt(), phase == CyclePhase.DONE ? c.startedAt().plusSeconds(5) : null,
                c.baseCommit(), c.directivesVersion(), c.before(), c.after(), c.measurementsBefore(), c.measurementsAfter(), tasks, c.steps(),
                c.changes(), c.tests(), c.landing(), c.reflection(), c.timings(), c.error());
    }

    private static List<String> taskRows(Path dir, String cycle) throws Exception {
        List<String> rows = new ArrayList<>();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("manybot.db"));
                var statement = connection.prepareStatement("SELECT task_id, state FROM tasks WHERE cycle_id = ? ORDER BY task_id")) {
            statement.setString(1, cycle);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + ":" + rs.getString(2));
                }
            }
        }
        return rows;
    }

    @Test
    void stateDirectoriesFollowTheEnvironmentAndNameTheRepository() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("my repo"));
        Path home = dir.resolve("home");
        String hash = StateDirectories.name(repo).substring("my_repo-".length());
        assertTrue(hash.matches("[0-9a-f]{10}"), hash);
        assertEquals(dir.resolve("m/my_repo-" + hash), StateDirectories.forRepository(repo,
                java.util.Map.of("MANYBOT_STATE_HOME", dir.resolve("m").toString(), "XDG_STATE_HOME", "/x"), home));
        assertEquals(Path.of("/x/manybot/my_repo-" + hash), StateDirectories.forRepository(repo, java.util.Map.of("XDG_STATE_HOME", "/x"), home));
        assertEquals(home.resolve(".local/state/manybot/my_repo-" + hash),
                StateDirectories.forRepository(repo, java.util.Map.of("XDG_STATE_HOME", "relative"), home));
        // the same repository reached another way is the same state; another directory of the same name is not
        assertEquals(StateDirectories.name(repo), StateDirectories.name(repo.resolve("../my repo")));
        Path twin = Files.createDirectories(dir.resolve("elsewhere/my repo"));
        assertFalse(StateDirectories.name(repo).equals(StateDirectories.name(twin)));
    }
}
