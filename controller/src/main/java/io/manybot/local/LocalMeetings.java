package io.manybot.local;

import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Meeting;
import io.manybot.core.directives.Directives;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.meeting.Facilitator;
import io.manybot.core.meeting.MeetingRunner;
import io.manybot.core.meeting.Minutes;
import io.manybot.core.schedule.CronTriggers;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.local.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The local home's meetings (issue 16): each declared Meeting is held when its cron schedule comes due (counted from when it
 * was last held: a time that came while the run was stopped is made up once at start, not once per missed time), and at once when asked
 * ({@code manybot meet NAME}, {@code POST /api/v1/meetings/{name}}). One meeting at a time, on its own thread; the minutes go
 * into the state's SQLite file, action items into the bots' team queues (and the bots are triggered), the OWNERS change onto
 * a proposal branch of the repository of record.
 */
final class LocalMeetings implements AutoCloseable {
    /** How many recent cycles of each attendee are read for landing conflicts. */
    static final int CYCLES_READ = 200;

    private final StateStore store;
    private final LocalTeam team;
    private final CycleRecorder recorder;
    private final Clock clock;
    private final SecretRedactor redactor;
    private final Map<String, String> environment;
    private final Consumer<String> trigger;
    private final LocalProposals proposals;
    private final java.util.function.Function<Bot, java.util.Optional<RemoteRepository>> remotes;
    private final Map<String, Instant> nextAt = new HashMap<>();
    private final Set<String> holding = ConcurrentHashMap.newKeySet();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "manybot-meeting");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param trigger asks for a cycle of a bot (one the meeting gave an action item)
     * @param proposals publishes the OWNERS change as a pull request where the facilitator's repository has a review host
     * @param remotes the remote repository a bot works on (its mirror), when the run is on one
     */
    LocalMeetings(StateStore store, LocalTeam team, CycleRecorder recorder, Clock clock, SecretRedactor redactor,
            Map<String, String> environment, Consumer<String> trigger, LocalProposals proposals,
            java.util.function.Function<Bot, java.util.Optional<RemoteRepository>> remotes) {
        this.proposals = proposals;
        this.remotes = remotes;
        this.store = store;
        this.team = team;
        this.recorder = recorder;
        this.clock = clock;
        this.redactor = redactor;
        this.environment = Map.copyOf(environment);
        this.trigger = trigger;
    }

    /** Holds the meetings asked for and the ones whose time came (called from the controller's poll). */
    void tick(Instant now, Declarations declarations, SourceRepository source, Directives directives) {
        List<String> asked;
        synchronized (store) {
            asked = store.takeMeetingRequests();
        }
        for (String name : asked) {
            Meeting meeting = declarations.meeting(name).orElse(null);
            if (meeting == null) {
                recorder.event((String) null, "warn", "meeting " + name + " asked for, but no Meeting of that name is declared"
                        + (declarations.meetings().isEmpty() ? "" : " (declared: " + String.join(", ", new TreeSet<>(declarations.meetings().keySet())) + ")"));
                continue;
            }
            hold(meeting, declarations, source, directives, "asked for");
        }
        for (var located : declarations.meetings().values()) {
            Meeting meeting = located.value();
            if (meeting.suspend()) {
                continue;
            }
            String key = meeting.name() + " " + meeting.schedule();
            boolean first = !nextAt.containsKey(key);
            Instant next = nextAt.computeIfAbsent(key, k -> firstDue(meeting, now));
            if (next != null && !now.isBefore(next)) {
                nextAt.put(key, CronTriggers.following(meeting.schedule(), now));
                hold(meeting, declarations, source, directives, "schedule " + meeting.schedule()
                        + (first ? " (due " + next + ", missed while stopped)" : ""));
            }
        }
    }

    /**
     * When a meeting first comes due in this run: its schedule's next time after it was last held (so a time that came while
     * the run was stopped is made up once, at start, however many times were missed), or after now when it was never held.
     */
    private Instant firstDue(Meeting meeting, Instant now) {
        Instant last;
        synchronized (store) {
            last = store.minutes(meeting.name(), 1).stream().map(Minutes::heldAt).findFirst().orElse(null);
        }
        return CronTriggers.following(meeting.schedule(), last != null && last.isBefore(now) ? last : now);
    }

    private void hold(Meeting meeting, Declarations declarations, SourceRepository source, Directives directives, String why) {
        if (!holding.add(meeting.name())) {
            recorder.event((String) null, "info", "meeting " + meeting.name() + " is being held already; not held twice");
            return;
        }
        thread.submit(() -> {
            try {
                held(meeting, declarations, source, directives, why);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                recorder.event((String) null, "error", "meeting " + meeting.name() + " could not be held: " + e.getMessage());
            } finally {
                holding.remove(meeting.name());
            }
        });
    }

    private void held(Meeting meeting, Declarations declarations, SourceRepository source, Directives directives, String why)
            throws Exception {
        Instant now = clock.instant();
        Map<String, GoalEvaluation> evaluations = new LinkedHashMap<>();
        List<WorkCycle> cycles = new ArrayList<>();
        Instant since;
        synchronized (store) {
            for (String bot : meeting.bots()) {
                List<WorkCycle> recent = store.cycles(bot, CYCLES_READ);
                cycles.addAll(recent);
                recent.stream().map(c -> c.after() != null ? c.after() : c.before()).filter(e -> e != null).findFirst()
                        .ifPresent(e -> evaluations.put(bot, e));
            }
            since = store.minutes(meeting.name(), 1).stream().map(Minutes::heldAt).findFirst().orElse(null);
        }
        Bot facilitatorBot = declarations.bot(meeting.facilitatorBot()).orElse(null);
        String branch = facilitatorBot != null ? facilitatorBot.repository().branch() : Bot.Repository.DEFAULT_BRANCH;
        RemoteRepository remote = facilitatorBot == null ? null : remotes.apply(facilitatorBot).orElse(null);
        if (remote != null) {
            source = remote.source();
        }
        MeetingRunner.Setting setting = new MeetingRunner.Setting(meeting, source, branch, evaluations, cycles,
                team.blocked(meeting.bots(), directives, now), since, why);
        Set<String> given = new LinkedHashSet<>();
        Minutes minutes = new MeetingRunner(clock).hold(setting, facilitator(facilitatorBot), (bot, task) -> {
            team.enqueue(bot, task);
            given.add(bot);
        });
        synchronized (store) {
            store.saveMinutes(minutes);
        }
        recorder.event((String) null, minutes.error() == null ? "info" : "error", summary(minutes));
        // A pull request needs the branch where the host sees it: only a run on the remote pushes it there.
        if (minutes.proposalBranch() != null && facilitatorBot != null && remote != null && pushed(minutes, remote)) {
            Minutes published = proposals.afterMeeting(facilitatorBot, minutes, (level, line) -> recorder.event((String) null, level,
                    "meeting " + meeting.name() + ": " + line));
            if (published != minutes) {
                synchronized (store) {
                    store.saveMinutes(published);
                }
            }
        }
        given.forEach(bot -> trigger.accept(bot));
    }

    /** Pushes the meeting's proposal branch from the mirror to the remote; false (with an error event) when it did not get there. */
    private boolean pushed(Minutes minutes, RemoteRepository remote) {
        String ref = "refs/heads/" + minutes.proposalBranch();
        String error;
        try {
            io.manybot.core.mirror.PushResult result = remote.mirrors().push(remote.mirror(), List.of(ref), remote.credentials());
            if (result.allOk()) {
                recorder.event((String) null, "info", "meeting " + minutes.meeting() + ": pushed " + minutes.proposalBranch() + " to " + remote.shown());
                return true;
            }
            error = String.join("; ", result.refs().stream().filter(r -> !r.ok()).map(r -> r.ref() + " " + r.status() + " (" + r.message() + ")")
                    .toList());
        } catch (io.manybot.core.mirror.MirrorException | RuntimeException e) {
            error = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        recorder.event((String) null, "error", redactor.redact("meeting " + minutes.meeting() + ": " + minutes.proposalBranch()
                + " stays on the mirror: " + remote.shown() + " did not take it: " + error));
        return false;
    }

    /** Factual rules for a command (or agent-CLI) bot; the model of an llm bot. */
    private Facilitator facilitator(Bot bot) {
        return io.manybot.core.llm.MeetingFacilitators.forBot(bot, environment, redactor);
    }

    static String summary(Minutes minutes) {
        if (minutes.error() != null) {
            return "meeting " + minutes.meeting() + " (" + minutes.id() + "): " + minutes.error();
        }
        return "meeting " + minutes.meeting() + " held (" + minutes.trigger() + "), minutes " + minutes.id() + ": "
                + minutes.agenda().size() + " agenda item(s), " + minutes.decisions().size() + " decision(s), " + minutes.actionItems().size()
                + " action item(s) queued" + (minutes.proposalBranch() == null ? "" : "; OWNERS change proposed on branch "
                + minutes.proposalBranch());
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
