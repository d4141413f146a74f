package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.BotState;
import io.manybot.local.state.ControlAction;
import io.manybot.local.state.ControlRequest;
import io.manybot.local.state.StateJson;
import io.manybot.local.state.StateStore;
import io.manybot.testing.SampleCycles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, logs, result, trigger, pause and resume end to end over a state database filled here. */
class StateCommandsTest {
    @TempDir
    Path dir;

    private Path state;
    /** The time of the state filled here and of every command run on it: ages are exact, whatever the machine's load. */
    private final Instant now = Instant.now();
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        return run(Clock.systemUTC(), args);
    }

    /** Runs the command line reading the time from {@code clock}. */
    static Run run(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ManybotCommand.execute(args, new PrintWriter(out), new PrintWriter(err), clock);
        assertFalse((out + "" + err).contains("\tat "), "no stack trace:\n" + out + err);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run runState(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--state-dir";
        all[args.length + 1] = state.toString();
        return run(clock, all);
    }

    @BeforeEach
    void fill() throws Exception {
        state = dir.resolve("state");
        try (StateStore store = StateStore.open(state)) {
            store.saveBot(new BotState("format-bot", "continuous", "tidy-sources", false, "Idle", 80.0, false, "c-0007",
                    now.minusSeconds(30), now.minus(Duration.ofHours(3)).minusSeconds(300), 0, null, null, "abc1234", null));
            store.saveBot(new BotState("docs-bot", "triggered", "docs-complete", false, "Execute", null, null, "d-0002",
                    now.minusSeconds(5), now.minusSeconds(45), 0, null, null, null, null));
            store.saveBot(new BotState("lint-bot", "both", "no-warnings", false, "Idle", 12.4, true, null, null,
                    now.minus(Duration.ofDays(2)).minusSeconds(60), 3, now.plus(Duration.ofMinutes(10)), null, null, "3 failures in a row"));
            store.saveCycle(SampleCycles.landed("c-0007", SampleCycles.START));
            store.saveCycle(WorkCycle.started("d-0002", "docs-bot", "docs-complete", "manual", now.minusSeconds(5)));
            for (int i = 1; i <= 60; i++) {
                store.event("format-bot", i % 2 == 0 ? "c-0007" : null, i == 60 ? "warn" : "info", "event " + i);
            }
            store.event("docs-bot", null, "info", "docs only");
        }
    }

    @Test
    void statusShowsATableLikeKubectlGet() {
        Run run = runState("status");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(5, lines.size(), run.out());
        assertEquals("lint-bot: 3 failures in a row", lines.get(4), "a bot's message follows the table");
        assertTrue(lines.get(0).matches("NAME +MODE +PHASE +GOAL +PROGRESS +AT-RISK +LAST-CYCLE +AGE"), lines.get(0));
        assertTrue(lines.get(1).matches("docs-bot +triggered +Execute +docs-complete +- +- +d-0002 running +45s"), lines.get(1));
        assertTrue(lines.get(2).matches("format-bot +continuous +Idle +tidy-sources +80% +no +c-0007 LANDED +3h"), lines.get(2));
        assertTrue(lines.get(3).matches("lint-bot +both +CircuitOpen +no-warnings +12% +yes +- +2d"), lines.get(3));
        // columns line up
        int column = lines.get(0).indexOf("PHASE");
        assertTrue(lines.stream().allMatch(l -> l.charAt(column - 1) == ' ' && l.charAt(column) != ' '), run.out());
    }

    @Test
    void statusAsJson() throws Exception {
        Run run = runState("status", "--json");
        assertEquals(0, run.exit(), run.err());
        var array = StateJson.MAPPER.readTree(run.out());
        assertEquals(3, array.size());
        assertEquals("format-bot", array.get(1).get("name").asText());
        assertEquals("LANDED", array.get(1).get("lastCycleOutcome").asText());
        assertEquals("CircuitOpen", array.get(2).get("status").asText());
        assertTrue(array.get(1).get("createdAt").isTextual());
    }

    @Test
    void pauseShowsInStatusAndResumeClearsIt() throws Exception {
        Run pause = runState("pause", "format-bot");
        assertEquals(0, pause.exit(), pause.err());
        assertTrue(pause.out().startsWith("format-bot: paused"), pause.out());
        assertTrue(runState("status").out().lines().anyMatch(l -> l.matches("format-bot +continuous +Paused .*")));
        assertEquals("format-bot: already paused\n", runState("pause", "format-bot").out());
        Run resume = runState("resume", "format-bot");
        assertEquals("format-bot: resumed\n", resume.out());
        assertTrue(runState("status").out().lines().anyMatch(l -> l.matches("format-bot +continuous +Idle .*")));
        try (StateStore store = StateStore.open(state)) {
            assertEquals(List.of(ControlAction.PAUSE, ControlAction.PAUSE, ControlAction.RESUME),
                    store.takeControlRequests().stream().map(ControlRequest::action).toList());
        }
    }

    @Test
    void triggerQueuesARequestForTheController() throws Exception {
        Run run = runState("trigger", "format-bot");
        assertEquals(0, run.exit(), run.err());
        assertEquals("format-bot: trigger requested (the running controller picks it up within a second)\n", run.out());
        try (StateStore store = StateStore.open(state)) {
            List<ControlRequest> requests = store.takeControlRequests();
            assertEquals(1, requests.size());
            assertEquals("format-bot", requests.get(0).bot());
            assertEquals(ControlAction.TRIGGER, requests.get(0).action());
        }
    }

    @Test
    void anUnknownBotIsRefusedWithTheKnownOnes() {
        for (String command : List.of("trigger", "pause", "resume", "logs")) {
            Run run = runState(command, "nobody");
            assertEquals(1, run.exit(), command);
            assertTrue(run.err().contains("unknown bot 'nobody'"), run.err());
            assertTrue(run.err().contains("known bots: docs-bot, format-bot, lint-bot"), run.err());
        }
    }

    @Test
    void logsShowTheTailOldestFirst() {
        Run run = runState("logs", "format-bot", "--tail", "3");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ INFO  \\[c-0007\\] event 58"), lines.get(0));
        assertTrue(lines.get(1).matches("\\S+Z INFO  event 59"), lines.get(1));
        assertTrue(lines.get(2).matches("\\S+Z WARN  \\[c-0007\\] event 60"), lines.get(2));
        assertEquals(50, runState("logs", "format-bot").out().lines().count());
        assertEquals(2, run("logs", "--tail", "0", "format-bot", "--state-dir", state.toString()).exit());
    }

    @Test
    void resultSummarisesACycle() {
        Run run = runState("result", "c-0007");
        assertEquals(0, run.exit(), run.err());
        String out = run.out();
        for (String expected : List.of(
                "Cycle c-0007",
                "  bot:         format-bot",
                "  trigger:     commit 1a2b3c4",
                "  outcome:     LANDED",
                "  base:        1a2b3c4d5e6f7a8b9c0d",
                "  finished:    2026-11-24T10:00:12Z (12.3 s)",
                "  timings:     sense 120 ms, plan 4 ms, execute 812 ms, gate 9 ms, verify 3.3 s, land 40 ms, reflect 2 ms, record 5 ms",
                "Goal tidy-sources: 40% → 80%",
                "  unformatted-files   6 (40%) → 2 (80%)",
                "  lint-warnings       unknown: exit 2: lint: cannot parse setup.cfg → unknown: timed out after 30 s",
                "  t1: why: 6 files unformatted; formatting is the goal; result: 4 files formatted",
                "  t1  command  python3 tools/fix_format.py src  ok (exit 0), 812 ms",
                "Tests: passed (python3 -m unittest, exit 0, 3.2 s)",
                "  commit:      abc1234def5678 on refs/heads/main",
                "  proposal:    manybot/proposals/format-bot/c-0007 (fed9876cba)",
                "  reviewers:   human:alice, human:bob",
                "  outcomes:    - unformatted files 6 → 2",
                "               - 1 change proposed to alice",
                "  next focus:  lib/shared once alice reviews")) {
            assertTrue(out.contains(expected + "\n"), "missing '" + expected + "' in\n" + out);
        }
        assertTrue(out.lines().anyMatch(l -> l.matches(" +t1 +work +completed +Format the Python sources")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches(" +PATH +CHANGE +DECISION +DISPOSITION +REASON/REVIEWERS")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches(" +lib/shared/util.py +modified +review +proposed +reviewers: human:alice, human:bob")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches(" +vendor/x.py +modified +refused +dropped +no_bots: vendor is hands-off")), out);
    }

    @Test
    void resultByPrefixAndAsJson() throws Exception {
        assertTrue(runState("result", "c-00").out().startsWith("Cycle c-0007\n"));
        Run json = runState("result", "c-0007", "--json");
        assertEquals(0, json.exit());
        assertEquals(SampleCycles.landed("c-0007", SampleCycles.START), StateJson.read(json.out(), WorkCycle.class));
        Run missing = runState("result", "zzz");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no cycle 'zzz'"), missing.err());
        Run running = runState("result", "d-0002");
        assertTrue(running.out().contains("  outcome:     running (phase SENSE)"), running.out());
    }

    @Test
    void aMissingStateIsAClearErrorAndIsNotCreated() {
        Path none = dir.resolve("none");
        for (String[] args : List.of(new String[] {"status"}, new String[] {"logs", "x"}, new String[] {"result", "c"},
                new String[] {"trigger", "x"}, new String[] {"pause", "x"}, new String[] {"resume", "x"})) {
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--state-dir", none.toString()))
                    .toArray(String[]::new);
            Run run = run(all);
            assertEquals(2, run.exit(), String.join(" ", args));
            assertEquals("manybot: error: no state at " + none + " (run `manybot run REPO --state-dir " + none + "` first)\n", run.err());
        }
        assertFalse(Files.exists(none));
    }

    @Test
    void theDefaultStateDirectoryComesFromTheRepository() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("some-repo"));
        Run run = run("status", "--repo", repo.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("/some-repo-"), run.err());
        assertTrue(run.err().contains("(run `manybot run " + repo + "` first)"), run.err());
    }
}
