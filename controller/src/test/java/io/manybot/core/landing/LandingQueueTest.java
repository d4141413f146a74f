package io.manybot.core.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One landing at a time per (repository, ref); other refs do not wait. */
class LandingQueueTest {

    @Test
    void aSecondLandingOnTheSameRefWaitsForTheFirstAndOtherRefsDoNot() throws Exception {
        LandingQueue queue = new LandingQueue();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        Thread first = new Thread(() -> run(() -> queue.serialised("/repo", "refs/heads/main", () -> {
            holding.countDown();
            return release.await(60, TimeUnit.SECONDS);
        })));
        first.start();
        assertTrue(holding.await(60, TimeUnit.SECONDS));
        Thread second = new Thread(() -> run(() -> queue.serialised("/repo", "refs/heads/main", () -> {
            secondRan.set(true);
            return null;
        })));
        second.start();
        for (int i = 0; i < 6000 && queue.waiting("/repo", "refs/heads/main") == 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(1, queue.waiting("/repo", "refs/heads/main"), "the second landing queues behind the first");
        assertFalse(secondRan.get());
        assertEquals("other", queue.serialised("/repo", "refs/heads/other", () -> "other"), "another ref does not wait");
        assertEquals("elsewhere", queue.serialised("/elsewhere", "refs/heads/main", () -> "elsewhere"), "nor another repository");

        release.countDown();
        first.join(60_000);
        second.join(60_000);
        assertTrue(secondRan.get());
        assertEquals(0, queue.waiting("/repo", "refs/heads/main"));
    }

    private interface Body {
        Object call() throws Exception;
    }

    private static void run(Body body) {
        try {
            body.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
