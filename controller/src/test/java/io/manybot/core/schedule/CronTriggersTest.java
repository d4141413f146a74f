package io.manybot.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manybot.core.declaration.Subscription;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schedule subscriptions fire once per occurrence of their cron (UTC); suspended ones never. */
class CronTriggersTest {
    private static Subscription nightly(boolean suspend) {
        return new Subscription("nightly", "format-bot", null, null, List.of(), Subscription.Trigger.SCHEDULE, "30 2 * * 1-5", suspend);
    }

    @Test
    void firesOncePerOccurrence() {
        CronTriggers cron = new CronTriggers();
        Instant monday = Instant.parse("2026-11-23T02:00:00Z");
        assertEquals(List.of(), cron.fired(List.of(nightly(false)), monday));
        assertEquals(List.of(nightly(false)), cron.fired(List.of(nightly(false)), Instant.parse("2026-11-23T02:30:00Z")));
        assertEquals(List.of(), cron.fired(List.of(nightly(false)), Instant.parse("2026-11-23T02:31:00Z")));
        assertEquals(List.of(nightly(false)), cron.fired(List.of(nightly(false)), Instant.parse("2026-11-24T02:30:05Z")));
    }

    @Test
    void weekendsAndSuspendedSubscriptionsDoNotFire() {
        CronTriggers cron = new CronTriggers();
        cron.fired(List.of(nightly(false), nightly(true)), Instant.parse("2026-11-27T03:00:00Z"));
        assertEquals(List.of(), cron.fired(List.of(nightly(false)), Instant.parse("2026-11-28T02:30:00Z")), "Saturday");
        assertEquals(List.of(nightly(false)), cron.fired(List.of(nightly(false), nightly(true)), Instant.parse("2026-11-30T02:30:00Z")));
    }
}
