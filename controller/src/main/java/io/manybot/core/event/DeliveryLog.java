package io.manybot.core.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delivery ids seen lately, so that a delivery the provider sends again (a retry, a manual
 * redelivery, a replay) is recognised and not routed twice. Bounded twice: at most {@code capacity}
 * ids (the oldest is forgotten first) and none older than {@code retention}. Thread-safe.
 *
 * <p>Keys are namespaced by provider by the caller ({@code github:<id>}). Keys longer than
 * {@value #MAX_KEY} characters are kept as their SHA-256, so a huge header costs no memory.
 */
public final class DeliveryLog {
    public static final int DEFAULT_CAPACITY = 10_000;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(3);
    static final int MAX_KEY = 200;

    private final int capacity;
    private final Duration retention;
    private final Clock clock;
    /** Insertion order is time order: the eldest entry is the first to expire and to be evicted. */
    private final LinkedHashMap<String, Instant> seen;

    /** {@value #DEFAULT_CAPACITY} ids, kept 3 days. */
    public DeliveryLog() {
        this(DEFAULT_CAPACITY, DEFAULT_RETENTION, Clock.systemUTC());
    }

    public DeliveryLog(int capacity, Duration retention, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        this.capacity = capacity;
        this.retention = retention;
        this.clock = clock;
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024) * 2) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > DeliveryLog.this.capacity;
            }
        };
    }

    /** Whether {@code key} was recorded and has not expired since. */
    public synchronized boolean contains(String key) {
        expire();
        return seen.containsKey(compact(key));
    }

    /**
     * Records {@code key}, atomically with the check.
     *
     * @return true when it is new, false when it was already recorded (a duplicate)
     */
    public synchronized boolean record(String key) {
        expire();
        String compact = compact(key);
        if (seen.containsKey(compact)) {
            return false;
        }
        seen.put(compact, clock.instant());
        return true;
    }

    public synchronized int size() {
        expire();
        return seen.size();
    }

    public int capacity() {
        return capacity;
    }

    private void expire() {
        Instant oldest = clock.instant().minus(retention);
        Iterator<Instant> times = seen.values().iterator();
        while (times.hasNext()) {
            if (times.next().isAfter(oldest)) {
                break;
            }
            times.remove();
        }
    }

    private static String compact(String key) {
        if (key.length() <= MAX_KEY) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DeliveryLog[capacity " + capacity + ", retention " + retention + "]";
    }
}
