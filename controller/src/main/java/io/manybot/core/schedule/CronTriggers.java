package io.manybot.core.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.manybot.core.declaration.Subscription;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Schedule subscriptions (five-field cron, UTC): which fired since the last look. */
public final class CronTriggers {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private final Map<String, Instant> nextFire = new HashMap<>();

    /** Subscriptions whose time came at or before {@code now}; each fires once per occurrence. */
    public List<Subscription> fired(Iterable<Subscription> subscriptions, Instant now) {
        List<Subscription> fired = new ArrayList<>();
        for (Subscription subscription : subscriptions) {
            if (subscription.suspend() || subscription.trigger() != Subscription.Trigger.SCHEDULE || subscription.schedule() == null) {
                continue;
            }
            String key = subscription.name() + " " + subscription.schedule();
            Instant next = nextFire.computeIfAbsent(key, k -> following(subscription.schedule(), now));
            if (next != null && !now.isBefore(next)) {
                fired.add(subscription);
                nextFire.put(key, following(subscription.schedule(), now));
            }
        }
        return fired;
    }

    /** The first time {@code cron} (five fields, UTC) fires after {@code after}, or null if never. */
    public static Instant following(String cron, Instant after) {
        return ExecutionTime.forCron(PARSER.parse(cron))
                .nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC))
                .map(ZonedDateTime::toInstant)
                .orElse(null);
    }
}
