package io.manybot.local.state;

import io.manybot.core.event.DeliveryLog;
import java.time.Instant;

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
    public boolean record(String key, Instant at, Instant oldest) {
        return store.recordDelivery(key, at, oldest);
    }

    @Override
    public boolean contains(String key, Instant oldest) {
        return store.containsDelivery(key, oldest);
    }

    @Override
    public String toString() {
        return "deliveries in " + store.file();
    }
}
