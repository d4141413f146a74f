package io.manybot.local.state;

import io.manybot.core.event.DeliveryLog;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The local home's webhook delivery journal: the {@code webhook_deliveries} table of the state's
 * SQLite file, so that a delivery answered {@code duplicate} before a restart of {@code manybot run}
 * is a duplicate after it too.
 */
public final class StoredDeliveries implements DeliveryLog.Journal {
    private final StateStore store;

    public StoredDeliveries(StateStore store) {
        this.store = store;
    }

    @Override
    public Set<String> record(List<String> keys, Instant at, Instant oldest) {
        return store.recordDeliveries(keys, at, oldest);
    }

    @Override
    public Set<String> seen(List<String> keys, Instant oldest) {
        return store.seenDeliveries(keys, oldest);
    }

    @Override
    public String toString() {
        return "deliveries in " + store.file();
    }
}
