package io.manybot.core.directives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.directives.LiveDirectives.Outcome;
import io.manybot.core.directives.LiveDirectives.Update;
import io.manybot.core.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DirectivesLiveTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    private static final String GOOD = """
            <!--
            _meta:
              updated: 2026-11-24T12:00:00Z
              version: 1
              status: active
            -->
            <!-- CURRENT FOCUS: the API -->

            ## Bot: format-bot
            <!-- LIMIT changesPerCycle: 10 -->
            """;

    private final LiveDirectives live = new LiveDirectives();
    private final List<Update> heard = new ArrayList<>();

    DirectivesLiveTest() {
        live.addListener(heard::add);
    }

    private Update offer(String text, int second) {
        return live.offer("MARATHON.md", text.getBytes(StandardCharsets.UTF_8), T0.plusSeconds(second));
    }

    private static List<String> strings(List<Problem> problems) {
        return problems.stream().map(Problem::toString).toList();
    }

    @Test
    void aGoodVersionIsAppliedAndRecordedWithItsTime() {
        assertTrue(live.current().isEmpty());
        assertEquals(Bot.Limits.DEFAULT, live.forBot("format-bot").applyTo(Bot.Limits.DEFAULT), "nothing in effect yet");

        Update update = offer(GOOD, 1);
        assertEquals(Outcome.APPLIED, update.outcome());
        assertEquals("1", update.version());
        assertEquals(DirectivesParser.hash(GOOD.getBytes(StandardCharsets.UTF_8)), update.offeredHash());
        assertEquals(update.offeredHash(), update.appliedHash());
        assertEquals(List.of(), update.problems());
        AppliedDirectives applied = live.current().orElseThrow();
        assertEquals(T0.plusSeconds(1), applied.appliedAt());
        assertEquals("the API", applied.directives().focus());
        assertEquals(10, live.forBot("format-bot").applyTo(Bot.Limits.DEFAULT).changesPerCycle());
        assertEquals(List.of(update), heard);
        assertEquals("MARATHON.md applied: version 1, hash " + update.offeredHash().substring(0, 12), update.describe());
    }

    @Test
    void aBrokenEditKeepsTheLastGoodVersionAndSaysWhereItBroke() {
        offer(GOOD, 1);
        AppliedDirectives good = live.current().orElseThrow();

        Update badYaml = offer(GOOD.replace("version: 1", "version: [2").replace("the API", "the web"), 2);
        assertEquals(Outcome.REJECTED, badYaml.outcome());
        assertSame(good, live.current().orElseThrow(), "the last good directives stay in effect");
        assertEquals("1", badYaml.version(), "the version still in effect");
        assertEquals(good.directives().contentHash(), badYaml.appliedHash());
        assertFalse(badYaml.offeredHash().equals(badYaml.appliedHash()));
        assertEquals(1, live.lastErrors().size());
        assertTrue(live.lastErrors().get(0).toString().startsWith("MARATHON.md:5:"), live.lastErrors().toString());
        assertTrue(badYaml.describe().startsWith("MARATHON.md rejected (MARATHON.md:5:"), badYaml.describe());
        assertTrue(badYaml.describe().endsWith("kept version 1, hash " + good.directives().contentHash().substring(0, 12)));

        Update unclosed = offer(GOOD.replace("<!-- LIMIT changesPerCycle: 10 -->", "<!-- LIMIT changesPerCycle: 10"), 3);
        assertEquals(Outcome.REJECTED, unclosed.outcome());
        assertEquals(List.of("MARATHON.md:10:1: <!--: this comment is never closed with '-->'; everything after it would be hidden"),
                strings(live.lastErrors()));

        Update unclosedBeforeAnother = offer(GOOD.replace("<!-- CURRENT FOCUS: the API -->", "<!-- CURRENT FOCUS: the web"), 4);
        assertEquals(Outcome.REJECTED, unclosedBeforeAnother.outcome());
        assertEquals(List.of("MARATHON.md:7:1: <!--: this comment is not closed before the next '<!--' (line 10); close it with '-->'"),
                strings(live.lastErrors()), "without it the focus, the bot heading and its limit would vanish silently");

        Update badLimit = offer(GOOD.replace("changesPerCycle: 10", "changesPerCycle: lots"), 5);
        assertEquals(Outcome.REJECTED, badLimit.outcome());
        assertEquals(List.of("MARATHON.md:10:29: LIMIT changesPerCycle: expected a whole number from 1 to 100000, got 'lots'"),
                strings(live.lastErrors()));
        assertEquals(strings(live.lastErrors()), strings(badLimit.problems()));
        assertSame(good, live.current().orElseThrow());
        assertEquals("the API", live.forBot("api-bot").focus());

        Update fixed = offer(GOOD.replace("version: 1", "version: 2").replace("the API", "the web"), 6);
        assertEquals(Outcome.APPLIED, fixed.outcome());
        assertEquals("2", fixed.version());
        assertEquals(List.of(), live.lastErrors(), "a good version clears the errors");
        assertEquals("the web", live.current().orElseThrow().directives().focus());
        assertEquals(T0.plusSeconds(6), live.current().orElseThrow().appliedAt());
        assertEquals(List.of(Outcome.APPLIED, Outcome.REJECTED, Outcome.REJECTED, Outcome.REJECTED, Outcome.REJECTED, Outcome.APPLIED),
                heard.stream().map(Update::outcome).toList());
    }

    @Test
    void unchangedContentIsANoOp() {
        Update first = offer(GOOD, 1);
        Update again = offer(GOOD, 2);
        assertEquals(Outcome.UNCHANGED, again.outcome());
        assertEquals(first.offeredHash(), again.offeredHash());
        assertEquals(T0.plusSeconds(1), live.current().orElseThrow().appliedAt(), "not re-applied");
        assertEquals(1, heard.size(), "listeners hear only changes");

        String broken = GOOD.replace("status: active", "status: stopped");
        offer(broken, 3);
        Update brokenAgain = offer(broken, 4);
        assertEquals(Outcome.UNCHANGED, brokenAgain.outcome());
        assertEquals(1, brokenAgain.problems().size(), "the problems of that content, still");
        assertEquals(2, heard.size());

        Update reverted = offer(GOOD, 5);
        assertEquals(Outcome.APPLIED, reverted.outcome(), "going back to the good content clears the error");
        assertEquals(List.of(), live.lastErrors());
        assertEquals(3, heard.size());
    }

    @Test
    void aBrokenFirstVersionLeavesNothingInEffect() {
        Update update = offer("<!-- FOCUS: x\n", 1);
        assertEquals(Outcome.REJECTED, update.outcome());
        assertTrue(update.current().isEmpty());
        assertNull(update.version());
        assertNull(update.appliedHash());
        assertTrue(live.current().isEmpty());
        assertEquals(1, live.lastErrors().size());
        assertFalse(live.forBot("format-bot").paused());
        assertTrue(update.describe().endsWith("kept no directives in effect"), update.describe());
    }

    @Test
    void aFileOverTheCapIsRefusedAndTheLastGoodStays() {
        offer(GOOD, 1);
        byte[] huge = (GOOD + "x".repeat(2 << 20)).getBytes(StandardCharsets.UTF_8);
        Update update = live.offer("MARATHON.md", huge, T0.plusSeconds(2));
        assertEquals(Outcome.REJECTED, update.outcome());
        assertEquals("1", update.version());
        assertTrue(live.lastErrors().get(0).message().contains("at most 1048576"), live.lastErrors().toString());
        assertEquals("the API", live.current().orElseThrow().directives().focus());
    }

    @Test
    void pausingOneBotAndThenEverythingIsSeenAtOnce() {
        offer(GOOD, 1);
        assertFalse(live.forBot("format-bot").paused());
        offer(GOOD + "<!-- STATUS: paused -->\n", 2);
        assertTrue(live.forBot("format-bot").paused());
        assertFalse(live.forBot("api-bot").paused());
        offer(GOOD.replace("status: active", "status: paused"), 3);
        assertTrue(live.forBot("format-bot").paused());
        assertTrue(live.forBot("api-bot").paused());
        assertTrue(live.current().orElseThrow().directives().paused());
    }

    @Test
    void listenersSeeTheNewStateAndAFailingListenerDoesNotStopTheOthers() {
        List<String> seen = new ArrayList<>();
        LiveDirectives directives = new LiveDirectives();
        directives.addListener(update -> seen.add("first " + directives.current().map(a -> a.directives().version()).orElse(null)));
        directives.addListener(update -> {
            throw new IllegalStateException("listener failed");
        });
        directives.addListener(update -> seen.add("third " + update.outcome()));
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> directives.offer("MARATHON.md", GOOD.getBytes(StandardCharsets.UTF_8), T0));
        assertEquals("listener failed", thrown.getMessage());
        assertEquals(List.of("first 1", "third APPLIED"), seen);
        assertTrue(directives.current().isPresent(), "the update stands");
    }

    @Test
    void whenSeveralListenersFailTheFirstFailureCarriesTheOthers() {
        LiveDirectives directives = new LiveDirectives();
        directives.addListener(update -> {
            throw new IllegalStateException("first failed");
        });
        directives.addListener(update -> {
            throw new IllegalArgumentException("second failed");
        });
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> directives.offer("MARATHON.md", GOOD.getBytes(StandardCharsets.UTF_8), T0));
        assertEquals(List.of("second failed"), java.util.Arrays.stream(thrown.getSuppressed()).map(Throwable::getMessage).toList());
        assertTrue(directives.current().isPresent(), "the update stands");
    }

    @Test
    void concurrentOffersLeaveAConsistentState() throws Exception {
        List<Update> updates = java.util.Collections.synchronizedList(new ArrayList<>());
        LiveDirectives directives = new LiveDirectives();
        directives.addListener(updates::add);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        String text = GOOD.replace("version: 1", "version: " + (thread * 100 + i));
                        directives.offer("MARATHON.md", text.getBytes(StandardCharsets.UTF_8), T0.plusSeconds(i));
                        directives.current().orElseThrow();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, updates.size());
        Update last = updates.get(updates.size() - 1);
        assertEquals(last.appliedHash(), directives.current().orElseThrow().directives().contentHash(),
                "listeners heard the updates in the order they were made");
    }
}
