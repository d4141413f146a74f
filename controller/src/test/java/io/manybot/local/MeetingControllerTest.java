package io.manybot.local;

import static io.manybot.local.LocalCycles.awaitDone;
import static io.manybot.local.LocalCycles.awaitTrue;
import static io.manybot.local.LocalCycles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.meeting.AgendaItem;
import io.manybot.core.meeting.Minutes;
import io.manybot.core.ownership.Decision;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.Principal;
import io.manybot.core.repo.GitCommitTree;
import io.manybot.local.api.ApiServer;
import io.manybot.local.api.ApiSettings;
import io.manybot.local.state.ControlAction;
import io.manybot.local.state.StateStore;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meetings in the local home (issue 16), end to end on a real bare repository with the real controller: two bots that both
 * own {@code shared/} keep conflicting on {@code shared/config.txt} (alpha's executor waits for a release file while beta
 * lands, twice); {@code manybot meet sync} holds the meeting; the minutes name the repeated conflict and decide that the bot
 * that landed there (beta) becomes primary and the other a contributor; that OWNERS change sits on a proposal branch that
 * {@code manybot validate} accepts and under which only beta writes the file; beta gets the action item as a task and runs it.
 */
class MeetingControllerTest {
    @TempDir
    Path temp;

    private static final String BOT = """
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata:
              name: %s
            spec:
              goal: config
              owns: ["shared/**"]
              mode: triggered
              executor:
                type: command
                command: ["sh", "-c", "%s"]
                timeout: 5m
            """;

    @Test
    void twoBotsThatKeepConflictingGetAnOwnersChangeProposalWithMinutesAtTheNextMeeting() throws Exception {
        Path release = temp.resolve("release");
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "shared/OWNERS", "primary: manybot:alpha\ndelegates: [manybot:beta]\nmeetings: [sync]\n",
                "shared/config.txt", "value=0\n",
                ".manybot/goal.yaml", ConflictingBots.GOAL,
                ".manybot/alpha.yaml", BOT.formatted("alpha", "while [ ! -f " + release + " ]; do sleep 0.05; done; rm -f " + release
                        + "; echo value=alpha-$(date +%s%N) > shared/config.txt"),
                ".manybot/beta.yaml", BOT.formatted("beta", "echo value=beta-$(date +%s%N) > shared/config.txt"),
                ".manybot/meeting.yaml", ConflictingBots.MEETING));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        assertEquals(0, run(new StringWriter(), "validate", bare.toString()), "the repository with its Meeting is valid");

        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LocalController controller = new LocalController(new LocalController.Options(bare, state, null, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC());
        Thread running = new Thread(() -> {
            try {
                controller.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        running.setDaemon(true);
        running.start();
        Minutes minutes;
        try {
            // Round 1: beta lands while alpha's executor waits; alpha's change then conflicts.
            assertEquals(CycleOutcome.LANDED, awaitDone(state, "beta", 1, terminal, failure).outcome(), terminal::toString);
            Files.writeString(release, "go");
            WorkCycle first = awaitDone(state, "alpha", 1, terminal, failure);
            assertEquals(CycleOutcome.SUPERSEDED, first.outcome(), terminal::toString);
            assertEquals(List.of("shared/config.txt"), first.landing().conflicts());
            // Round 2: alpha re-plans and waits again; beta lands again (asked for); alpha conflicts again.
            awaitTrue(() -> read(state, "alpha").stream().anyMatch(c -> c.outcome() == null && c.phase() != null
                    && c.phase().name().equals("EXECUTE")), terminal, failure);
            try (StateStore store = StateStore.open(state)) {
                store.requestControl("beta", ControlAction.TRIGGER);
            }
            assertEquals(CycleOutcome.LANDED, awaitDone(state, "beta", 2, terminal, failure).outcome(), terminal::toString);
            Files.writeString(release, "go");
            WorkCycle second = awaitDone(state, "alpha", 2, terminal, failure);
            assertEquals(CycleOutcome.SUPERSEDED, second.outcome(), terminal::toString);

            // The next meeting, asked for from the command line as a person would.
            StringWriter meet = new StringWriter();
            assertEquals(0, run(meet, "meet", "sync", "--state-dir", state.toString()), meet::toString);
            AtomicReference<Minutes> held = new AtomicReference<>();
            awaitTrue(() -> {
                try (StateStore store = StateStore.open(state)) {
                    store.minutes("sync", 1).stream().findFirst().ifPresent(held::set);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return held.get() != null;
            }, terminal, failure);
            minutes = held.get();
            assertEquals(null, minutes.error(), minutes::toString);

            // The action item reached beta's queue and beta ran it.
            String task = minutes.actionItems().get(0).taskId();
            awaitTrue(() -> read(state, "beta").stream().anyMatch(c -> c.outcome() != null
                    && c.tasks().stream().anyMatch(t -> t.id().equals(task))), terminal, failure);

            // The HTTP API: hold it again (a write, with a key); the conflicts before the last meeting are settled.
            Path keys = Files.writeString(temp.resolve("keys"), KEY + "\n");
            try (ApiServer server = ApiServer.start(ApiSettings.of("127.0.0.1:0", keys, null, Map.of()), controller.view())) {
                assertEquals(401, post(server, "/api/v1/meetings/sync", null).statusCode());
                HttpResponse<String> unknown = post(server, "/api/v1/meetings/standup", KEY);
                assertEquals(404, unknown.statusCode(), unknown.body());
                assertTrue(unknown.body().contains("no Meeting named 'standup'"), unknown.body());
                String serverUrl = "http://127.0.0.1:" + server.port();
                StringWriter meetOut = new StringWriter();
                assertEquals(0, run(meetOut, "meet", "sync", "--server", serverUrl, "--api-key", KEY), meetOut::toString);
                assertTrue(meetOut.toString().startsWith("sync: meeting requested at " + serverUrl), meetOut.toString());
                awaitTrue(() -> minutesOf(state).size() == 2, terminal, failure);
                Minutes again = minutesOf(state).get(0);
                StringWriter remoteList = new StringWriter();
                assertEquals(0, run(remoteList, "meetings", "--server", serverUrl), remoteList::toString);
                assertTrue(remoteList.toString().contains(again.id()) && remoteList.toString().contains(minutes.id()), remoteList.toString());
                StringWriter remoteShow = new StringWriter();
                assertEquals(0, run(remoteShow, "meetings", "show", again.id(), "--server", serverUrl), remoteShow::toString);
                assertTrue(remoteShow.toString().startsWith("Minutes " + again.id() + " of meeting sync"), remoteShow.toString());
                assertTrue(again.agenda().stream().noneMatch(i -> i.kind() == AgendaItem.Kind.REPEATED_CONFLICT), again::toString);
                HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/meetings")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, listed.statusCode(), listed.body());
                assertTrue(listed.body().contains("\"name\":\"sync\"") && listed.body().contains(minutes.id())
                        && listed.body().contains(again.id()), listed.body());
                HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/meetings/minutes/" + minutes.id())).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, one.statusCode(), one.body());
                assertTrue(one.body().contains(minutes.proposalBranch()), one.body());
            }
        } finally {
            Files.writeString(release, "go");
            controller.stop();
            running.join(60_000);
        }
        assertTrue(!running.isAlive(), "the controller stopped");

        // The minutes: the agenda item and the decision.
        AgendaItem conflict = minutes.agenda().get(0);
        assertEquals(AgendaItem.Kind.REPEATED_CONFLICT, conflict.kind(), minutes::toString);
        assertEquals("alpha and beta conflicted 2 times on shared/config.txt", conflict.title());
        assertTrue(minutes.agenda().stream().anyMatch(i -> i.kind() == AgendaItem.Kind.CONTESTED_PATH && i.paths().equals(List.of("shared"))),
                minutes::toString);
        assertEquals("beta becomes the primary owner of shared/config.txt; alpha becomes a contributor delegate there (its changes go to review)",
                minutes.decisions().get(0).text());
        assertTrue(minutes.decisions().get(0).rationale().startsWith("beta landed 2 commit(s) on shared/config.txt, alpha 0"),
                minutes.decisions().get(0).rationale());
        assertEquals("beta", minutes.actionItems().get(0).bot());
        assertEquals(List.of("manybot:alpha", "manybot:beta", "human:hana"), minutes.attendees());

        // The proposal branch: one commit on main's history, OWNERS that validate, and one primary.
        String branch = minutes.proposalBranch();
        assertEquals("manybot/meetings/sync/" + minutes.id(), branch);
        try (Git git = Git.open(bare.toFile())) {
            assertEquals(minutes.proposalCommit(), git.getRepository().resolve("refs/heads/" + branch).name());
        }
        StringWriter validated = new StringWriter();
        assertEquals(0, run(validated, "validate", "--rev", branch, bare.toString()), validated::toString);
        try (GitCommitTree proposed = GitCommitTree.open(bare, branch)) {
            OwnershipIndex owners = OwnershipIndex.load(proposed);
            assertEquals(Decision.WRITE, owners.verdict("shared/config.txt", Principal.bot("beta")).decision());
            assertEquals(Decision.REVIEW, owners.verdict("shared/config.txt", Principal.bot("alpha")).decision());
            String file = new String(proposed.read("shared/OWNERS", 10_000), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(file.contains("primary: manybot:beta"), file);
            assertTrue(file.contains("meetings:"), "the rest of the file stays: " + file);
        }
        StringWriter owners = new StringWriter();
        assertEquals(0, run(owners, "owners", "--repo", bare.toString(), "--rev", branch, "--as", "manybot:alpha", "shared/config.txt"),
                owners::toString);
        assertTrue(owners.toString().toLowerCase(java.util.Locale.ROOT).contains("review"), owners.toString());

        // Shown: `manybot meetings` lists them, `meetings show ID` prints them.
        StringWriter list = new StringWriter();
        assertEquals(0, run(list, "meetings", "--state-dir", state.toString()), list::toString);
        assertTrue(list.toString().contains(minutes.id()) && list.toString().contains(branch), list.toString());
        StringWriter show = new StringWriter();
        assertEquals(0, run(show, "meetings", "show", minutes.id(), "--state-dir", state.toString()), show::toString);
        assertTrue(show.toString().contains("1. [repeated conflict] alpha and beta conflicted 2 times on shared/config.txt"), show.toString());
        assertTrue(show.toString().contains("- (1) beta becomes the primary owner of shared/config.txt"), show.toString());
        assertTrue(show.toString().contains("shared/OWNERS: beta primary, alpha contributor delegate"), show.toString());
        assertTrue(terminal.toString().contains("meeting sync held (asked for), minutes " + minutes.id()), terminal::toString);
    }

    private static final String KEY = "meetings-api-key-0123456789abcdef";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(ApiServer server, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Minutes> minutesOf(Path state) {
        try (StateStore store = StateStore.open(state)) {
            return store.minutes("sync", 10);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int run(StringWriter out, String... args) {
        PrintWriter writer = new PrintWriter(out);
        return ManybotCommand.execute(args, writer, writer);
    }
}
