package io.manybot.local;

import static io.manybot.local.LocalCycles.awaitDone;
import static io.manybot.local.LocalCycles.awaitTrue;
import static io.manybot.local.LocalCycles.read;

import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.meeting.Minutes;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.local.state.ControlAction;
import io.manybot.local.state.StateStore;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;

/**
 * {@link MeetingControllerTest}'s team for the dashboard's tests, run by the real controller on a real bare repository: alpha
 * and beta both own {@code shared/}; beta lands there twice while alpha's executor waits, so alpha's landings conflict twice;
 * beta also rewrites {@code docs/notes.txt}, alice's (Prow OWNERS), so each of its cycles proposes that change on a branch.
 * Meeting {@code sync} is then held ({@code manybot meet}): its minutes move {@code shared/config.txt} to beta on a proposal
 * branch and give beta an action item. The bots' repository names a GitHub host ({@code acme/shop} at {@code apiUrl}): a run
 * on the remote would publish the proposals there, which {@link #publish} does through the same {@link LocalProposals}.
 */
public final class ConflictingBots {
    public static final String TOKEN_ENV = "MANYBOT_TEST_GITHUB_TOKEN";
    static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata:
              name: config
            spec:
              objective: Keep the shared configuration current
              start: 2026-11-01
              deadline: 2027-03-31
              keyResults:
                - name: stale-entries
                  baseline: 1
                  target: 0
                  direction: decrease
                  measurement:
                    command: ["sh", "-c", "echo 1"]
                    timeout: 30s
            """;
    static final String BOT = """
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata:
              name: %s
            spec:
              goal: config
              owns: ["shared/**"]
              mode: triggered
              repository: {url: "https://github.com/acme/shop.git", branch: main, host: github, apiUrl: "%s", tokenEnv: %s}
              executor:
                type: command
                command: ["sh", "-c", "%s"]
                timeout: 5m
            """;
    public static final String MEETING = """
            apiVersion: manybot.io/v1alpha1
            kind: Meeting
            metadata:
              name: sync
            spec:
              topic: Who answers for shared/
              schedule: "0 0 1 1 *"
              attendees: [manybot:alpha, manybot:beta, human:hana]
            """;

    private final Path bare;
    private final Path state;
    private final Path release;
    private final String declarations;
    private Minutes minutes;

    private ConflictingBots(Path bare, Path state, Path release, String declarations) {
        this.bare = bare;
        this.release = release;
        this.state = state;
        this.declarations = declarations;
    }

    /** Writes the repository under {@code temp}; {@code apiUrl} is the GitHub API the bots' repository names. */
    public static ConflictingBots create(Path temp, String apiUrl) throws Exception {
        Path release = temp.resolve("release");
        String alpha = BOT.formatted("alpha", apiUrl, TOKEN_ENV, "while [ ! -f " + release + " ]; do sleep 0.05; done; rm -f " + release
                + "; echo value=alpha-$(date +%s%N) > shared/config.txt");
        String beta = BOT.formatted("beta", apiUrl, TOKEN_ENV, "echo value=beta-$(date +%s%N) > shared/config.txt; "
                + "echo notes-$(date +%s%N) > docs/notes.txt");
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "shared/OWNERS", "primary: manybot:alpha\ndelegates: [manybot:beta]\nmeetings: [sync]\n",
                "shared/config.txt", "value=0\n",
                "docs/OWNERS", "approvers:\n  - alice\n",
                "docs/notes.txt", "notes\n",
                ".manybot/goal.yaml", GOAL,
                ".manybot/alpha.yaml", alpha,
                ".manybot/beta.yaml", beta,
                ".manybot/meeting.yaml", MEETING));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return new ConflictingBots(bare, temp.resolve("state"), release, String.join("---\n", GOAL, alpha, beta, MEETING));
    }

    public Path state() {
        return state;
    }

    public Minutes minutes() {
        return minutes;
    }

    /** What a test does while the controller still runs (its view serves the declarations to the HTTP API). */
    @FunctionalInterface
    public interface WhileRunning {
        void accept(LocalController controller) throws Exception;
    }

    /**
     * Runs the controller: two rounds of conflicts, then meeting sync, until beta has run its action item; then {@code
     * then}, before the controller stops. Returns the minutes.
     */
    public Minutes conflictAndMeet(WhileRunning then) throws Exception {
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
        try {
            awaitDone(state, "beta", 1, terminal, failure);
            Files.writeString(release, "go");
            awaitDone(state, "alpha", 1, terminal, failure);
            awaitTrue(() -> read(state, "alpha").stream().anyMatch(c -> c.outcome() == null && c.phase() != null
                    && c.phase().name().equals("EXECUTE")), terminal, failure);
            try (StateStore store = StateStore.open(state)) {
                store.requestControl("beta", ControlAction.TRIGGER);
            }
            awaitDone(state, "beta", 2, terminal, failure);
            Files.writeString(release, "go");
            awaitDone(state, "alpha", 2, terminal, failure);
            try (StateStore store = StateStore.open(state)) {
                store.requestMeeting("sync");
            }
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
            if (minutes.proposalBranch() == null || minutes.actionItems().isEmpty()) {
                throw new AssertionError("the meeting proposed no OWNERS change: " + minutes + "\n" + terminal);
            }
            String task = minutes.actionItems().get(0).taskId();
            awaitTrue(() -> read(state, "beta").stream().anyMatch(c -> c.outcome() != null
                    && c.tasks().stream().anyMatch(t -> t.id().equals(task))), terminal, failure);
            then.accept(controller);
        } finally {
            Files.writeString(release, "go");
            controller.stop();
            running.join(60_000);
        }
        return minutes;
    }

    /** beta's newest cycle that proposed a change (docs/notes.txt) on a branch. */
    public WorkCycle proposing() {
        return read(state, "beta").stream().filter(c -> c.landing() != null && c.landing().proposalBranch() != null)
                .max(Comparator.comparing(WorkCycle::startedAt)).orElseThrow(() -> new AssertionError("beta proposed nothing"));
    }

    /**
     * Publishes, as a run on the remote does once the branches are pushed, beta's newest proposal and the meeting's OWNERS
     * change as pull requests on the GitHub host the bots' repository names (their token from {@code env}); both are kept in
     * the state's SQLite file (the cycle's and the minutes' pull request, beta's proposals).
     */
    public void publish(Map<String, String> env) throws IOException {
        Declarations declared = new DeclarationLoader().loadText("declarations", declarations.getBytes(StandardCharsets.UTF_8), new ArrayList<>());
        Bot beta = declared.bot("beta").orElseThrow();
        Bot facilitator = declared.bot(declared.meeting("sync").orElseThrow().facilitatorBot()).orElseThrow();
        try (StateStore store = StateStore.open(state)) {
            LocalProposals proposals = new LocalProposals(store, new SecretRedactor(), Clock.systemUTC(), env);
            List<String> said = new ArrayList<>();
            WorkCycle cycle = proposals.afterCycle(beta, proposing(), (c, level, line) -> said.add(level + " " + line));
            if (cycle.landing().pullRequest() == null || cycle.landing().pullRequest().url() == null) {
                throw new AssertionError("no pull request for " + cycle.landing() + ": " + said);
            }
            Minutes published = proposals.afterMeeting(facilitator, minutes, (level, line) -> said.add(level + " " + line));
            if (published.pullRequest() == null || published.pullRequest().url() == null) {
                throw new AssertionError("no pull request for the meeting: " + said);
            }
            store.saveMinutes(published);
            minutes = published;
        }
    }
}
