package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.team.BoardSnapshot;
import io.manybot.core.team.TeamTask;
import io.manybot.local.api.ApiServer;
import io.manybot.local.api.ApiSettings;
import io.manybot.local.state.StateJson;
import io.manybot.local.state.StateStore;
import io.manybot.local.state.StoredTeam;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local home keeps its team in the state's SQLite file: a real controller on a real bare repository is run three times
 * ({@code cycles: 1}, so each run ends on its own), with the declarations changed between runs to say which bots may work.
 * Run 1: only the lead works; its plan routes one task to each child; the run ends with both tasks queued and the lead's
 * scratchpad written. Run 2 (a new controller on the same state): only c2 works; it takes the task the restart kept in its
 * queue, lands it, and hands off; the run ends with the handoff unread in the lead's inbox. Run 3: the lead's plan reads that
 * handoff, and the task still queued for c1 is not routed to it again. Between runs, {@code manybot status} and the HTTP API
 * show the queue, the unread handoff, the scratchpad, and the parents and children.
 */
class TeamStateRestartTest {
    @TempDir
    Path temp;

    @Test
    void queuesInboxesAndScratchpadsSurviveARestartOfTheController() throws Exception {
        TeamRuns runs = TeamRuns.create(temp, true, false, false);
        Path bare = runs.bare();
        Path state = temp.resolve("state");

        // run 1: the lead routes a task to each child; nobody else works
        String first = runs.runOnce(state);
        WorkCycle lead1 = LocalCycles.read(state, "lead").get(0);
        List<String> routed = lead1.tasks().stream().map(Task::result).filter(r -> r != null && r.startsWith("routed")).toList();
        assertEquals(2, routed.size(), lead1.tasks() + "\n" + first);
        BoardSnapshot kept = load(state);
        TeamTask forC1 = kept.queues().get("c1").get(0);
        assertEquals("Fix area-1/f.txt", forC1.title());
        assertEquals("Fix area-2/f.txt", kept.queues().get("c2").get(0).title());
        assertTrue(kept.scratchpads().get("lead").text().contains("Fix area-1/f.txt → c1"), kept.scratchpads().get("lead").text());

        // between runs the CLI shows the team from the state file
        CliRun tree = cli("status", "--state-dir", state.toString());
        assertEquals(0, tree.exit(), tree.err());
        assertTrue(tree.out().lines().anyMatch(l -> l.matches("BOT +PARENT +CHILDREN +QUEUED +IN-FLIGHT +UNREAD-HANDOFFS")), tree.out());
        assertTrue(tree.out().lines().anyMatch(l -> l.matches("lead +- +c1,c2 +0 +0 +0")), tree.out());
        assertTrue(tree.out().lines().anyMatch(l -> l.matches("c1 +lead +- +1 +0 +0")), tree.out());
        CliRun c1 = cli("status", "c1", "--state-dir", state.toString());
        assertEquals(0, c1.exit(), c1.err());
        assertTrue(c1.out().contains("Team: parent lead; children -"), c1.out());
        assertTrue(c1.out().lines().anyMatch(l -> l.matches(" +high +Fix area-1/f.txt +area-1/f.txt +parent from lead +\\d+s")), c1.out());
        CliRun leadStatus = cli("status", "lead", "--state-dir", state.toString());
        assertTrue(leadStatus.out().contains("Team: parent - (a root); children c1, c2"), leadStatus.out());
        assertTrue(leadStatus.out().contains("Scratchpad (rewritten ") && leadStatus.out().contains("  - Fix area-2/f.txt → c2"), leadStatus.out());

        // run 2, a new controller on the same state: only c2 works, on the task its queue kept
        runs.working(false, false, true);
        String second = runs.runOnce(state);
        WorkCycle c2 = LocalCycles.read(state, "c2").get(0);
        assertEquals(CycleOutcome.LANDED, c2.outcome(), c2.error() + "\n" + second);
        assertEquals(List.of("area-2/f.txt"), c2.tasks().get(0).paths());
        assertTrue(c2.tasks().get(0).rationale().contains("parent from lead"), c2.tasks().get(0).rationale());
        assertEquals("done two\n", ManyBotsOneBranchTest.readAt(bare, "area-2/f.txt"));
        kept = load(state);
        assertEquals(List.of("Fix area-1/f.txt"), kept.queues().get("c1").stream().map(TeamTask::title).toList(), "c1's task still waits");
        assertEquals(null, kept.queues().get("c2"), "c2's queue is empty");
        assertEquals(1, kept.inboxes().get("lead").size(), "c2's handoff waits unread in the lead's inbox");
        assertEquals("LANDED", kept.inboxes().get("lead").get(0).outcome());
        assertTrue(kept.inFlight().isEmpty(), kept.inFlight().toString());

        // the HTTP API shows the same, read from the state file
        try (ApiServer server = ApiServer.start(ApiSettings.of("127.0.0.1:0", null, null, Map.of()),
                runs.idle(state).view())) {
            JsonNode team = get(server, "/api/v1/bots/lead/team");
            assertEquals(List.of("c1", "c2"), StateJson.MAPPER.convertValue(team.get("children"), List.class));
            assertEquals("c2", team.at("/inbox/0/bot").asText());
            assertTrue(team.at("/inbox/0/files/0").asText().startsWith("area-2/f.txt landed"), team.toString());
            assertTrue(team.at("/scratchpad/text").asText().contains("## Routed"), team.toString());
            JsonNode c1Team = get(server, "/api/v1/bots/c1/team");
            assertEquals("lead", c1Team.get("parent").asText());
            assertEquals("Fix area-1/f.txt", c1Team.at("/queue/0/task/title").asText());
            assertEquals("HIGH", c1Team.at("/queue/0/effective").asText());
            JsonNode bot = get(server, "/api/v1/bots/c1");
            assertEquals(1, bot.at("/team/queued").asInt(), bot.toString());
            assertEquals("lead", bot.at("/team/parent").asText(), bot.toString());
            // and the CLI against the server prints what `status BOT` prints from the state file
            CliRun remote = cli("status", "lead", "--server", "http://127.0.0.1:" + server.port());
            assertEquals(0, remote.exit(), remote.err());
            assertTrue(remote.out().contains("Team: parent - (a root); children c1, c2"), remote.out());
            assertTrue(remote.out().contains("Unread handoffs (1):\n  c2 on \"Fix area-2/f.txt\": landed"), remote.out());
            assertTrue(remote.out().contains("Scratchpad (rewritten "), remote.out());
            // and without a bot, the team table `status` prints from the state file, from the list's team in short
            CliRun remoteTree = cli("status", "--server", "http://127.0.0.1:" + server.port());
            assertEquals(0, remoteTree.exit(), remoteTree.err());
            assertTrue(remoteTree.out().lines().anyMatch(l -> l.matches("lead +- +c1,c2 +0 +0 +1")), remoteTree.out());
            assertTrue(remoteTree.out().lines().anyMatch(l -> l.matches("c1 +lead +- +1 +0 +0")), remoteTree.out());
        }

        // run 3: the lead reads the handoff its inbox kept; the task still queued for c1 is not routed a second time
        runs.working(true, false, false);
        String third = runs.runOnce(state);
        WorkCycle lead3 = LocalCycles.read(state, "lead").get(0);
        Task read = lead3.tasks().stream().filter(t -> t.title().startsWith("Read ")).findFirst()
                .orElseThrow(() -> new AssertionError(lead3.tasks() + "\n" + third));
        assertTrue(read.rationale().contains("c2 on \"Fix area-2/f.txt\": landed"), read.rationale());
        Task again = lead3.tasks().stream().filter(t -> t.paths().equals(List.of("area-1/f.txt"))).findFirst().orElseThrow();
        assertEquals("already queued for manybot:c1", again.result(), lead3.tasks().toString());
        assertEquals(forC1.id(), again.id(), "the same task, by its stable id");
        kept = load(state);
        assertEquals(1, kept.queues().get("c1").size(), "queued once");
        assertEquals(null, kept.inboxes().get("lead"), "read once");
    }

    private static BoardSnapshot load(Path state) throws Exception {
        try (StateStore store = StateStore.open(state)) {
            return new StoredTeam(store).load();
        }
    }

    record CliRun(int exit, String out, String err) {}

    private static CliRun cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ManybotCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(exit, out.toString(), err.toString());
    }

    private static JsonNode get(ApiServer server, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return StateJson.MAPPER.readTree(response.body());
    }
}
