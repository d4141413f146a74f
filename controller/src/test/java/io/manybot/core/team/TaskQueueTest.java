package io.manybot.core.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.manybot.core.directives.DirectivesParser;
import io.manybot.core.directives.Directives;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-bot queue: most urgent first, waiting tasks age upward, ids queued once, blockers hold tasks back; the directives feed it. */
class TaskQueueTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static TeamTask task(String id, Priority priority, Instant at, String... paths) {
        return new TeamTask(id, "task " + id, null, List.of(paths), priority, TeamTask.Origin.PARENT, "lead", 0, at);
    }

    @Test
    void mostUrgentFirstThenOldest() {
        TaskQueue queue = new TaskQueue(Duration.ofHours(1));
        queue.add(task("low", Priority.LOW, T0));
        queue.add(task("normal-late", Priority.NORMAL, T0.plusSeconds(60)));
        queue.add(task("normal", Priority.NORMAL, T0));
        queue.add(task("critical", Priority.CRITICAL, T0.plusSeconds(120)));
        List<String> order = queue.take(10, T0.plusSeconds(120), t -> false).stream().map(TeamTask::id).toList();
        assertEquals(List.of("critical", "normal", "normal-late", "low"), order);
        assertEquals(0, queue.size());
    }

    @Test
    void aWaitingTaskRisesOneLevelPerAgingStepUpToCritical() {
        TaskQueue queue = new TaskQueue(Duration.ofHours(1));
        TeamTask old = task("old-low", Priority.LOW, T0);
        queue.add(old);
        queue.add(task("fresh-high", Priority.HIGH, T0.plus(Duration.ofHours(2))));
        assertEquals(Priority.NORMAL, queue.effective(old, T0.plus(Duration.ofMinutes(61))));
        assertEquals(Priority.CRITICAL, queue.effective(old, T0.plus(Duration.ofHours(30))));
        Instant now = T0.plus(Duration.ofHours(2)).plusSeconds(1);
        assertEquals(Priority.HIGH, queue.effective(old, now));
        assertEquals(List.of("old-low", "fresh-high"), queue.ordered(now).stream().map(TeamTask::id).toList(), "equal level: the older first");
        assertThrows(IllegalArgumentException.class, () -> new TaskQueue(Duration.ZERO));
    }

    @Test
    void anIdIsQueuedOnceKeepingTheMoreUrgentAndBlockedTasksStay() {
        TaskQueue queue = new TaskQueue();
        queue.add(task("a", Priority.LOW, T0, "src/a.py"));
        queue.add(task("a", Priority.HIGH, T0, "src/a.py"));
        queue.add(task("a", Priority.NORMAL, T0, "src/a.py"));
        queue.add(task("b", Priority.NORMAL, T0, "docs/b.md"));
        assertEquals(2, queue.size());
        assertEquals(Priority.HIGH, queue.ordered(T0).get(0).priority());
        List<TeamTask> taken = queue.take(5, T0, t -> t.paths().contains("src/a.py"));
        assertEquals(List.of("b"), taken.stream().map(TeamTask::id).toList());
        assertEquals(1, queue.size());
    }

    @Test
    void theDirectivesPrioritiesBecomeTasksAndTheirBlockersHoldTasksBack() {
        Directives directives = DirectivesParser.parse("MARATHON.md", """
                <!-- PRIORITY: Fix the flaky login test in `src/auth/login_test.py` -->
                <!-- PRIORITY: low: tidy `docs/` -->
                <!-- PRIORITY: critical: roll back `src/pay/fees.py` -->
                <!-- BLOCKED: `src/auth/` waits for the security review -->
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)).directives().orElseThrow();
        List<TeamTask> tasks = DirectivesFeed.tasks(directives, T0);
        assertEquals(List.of(Priority.HIGH, Priority.LOW, Priority.CRITICAL), tasks.stream().map(TeamTask::priority).toList());
        assertEquals(List.of("src/auth/login_test.py"), tasks.get(0).paths());
        assertEquals("roll back `src/pay/fees.py`", tasks.get(2).title());
        assertEquals(tasks.get(0).id(), DirectivesFeed.tasks(directives, T0.plusSeconds(5)).get(0).id(), "the same text, the same id");
        var blocked = DirectivesFeed.blocked(directives);
        assertEquals(List.of(true, false, false), tasks.stream().map(blocked::test).toList());
    }
}
