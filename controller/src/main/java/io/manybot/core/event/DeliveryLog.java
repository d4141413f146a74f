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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deliveries seen lately, so that a delivery the provider sends again (a retry, a manual
 * redelivery, a replay) is recognised and not routed twice. The webhook intake records two keys per
 * delivery: its id ({@code github:id:<id>}) and the SHA-256 of its signed body
 * ({@code github:body:<hex>}), so a captured body re-sent under a fresh id, or with none, is a
 * duplicate too. In memory it is bounded twice: at most {@code capacity} keys (the oldest is forgotten
 * first) and none older than {@code retention} (default {@value #DEFAULT_RETENTION_DAYS} days).
 * Thread-safe.
 *
 * <p>With a {@link Journal} the log outlives the process: every key is recorded there too (the local
 * home: a table of its SQLite state; the cluster home: a ConfigMap), and a key the memory does not hold
 * is looked up there, so a delivery answered {@code duplicate} before a restart still is after it.
 *
 * <p>Keys longer than {@value #MAX_KEY} characters are kept as their SHA-256, so a huge header costs no memory.
 */
public final class DeliveryLog {
    /**
     * Where delivery keys outlive the process. Implementations are safe to share between processes
     * (two replicas of an API, the controller and a CLI): {@link #record} is atomic there. Keys come
     * in lists so that a delivery's keys (id and body digest) cost one write and one read.
     */
    public interface Journal {
        /**
         * Records each of {@code keys} at {@code at} unless it is recorded at or after {@code oldest}
         * (older entries count as absent and may be dropped), in one atomic step.
         *
         * @return the keys that were recorded already (empty: all were new)
         */
        Set<String> record(List<String> keys, Instant at, Instant oldest);

        /** Those of {@code keys} recorded at or after {@code oldest}. */
        Set<String> seen(List<String> keys, Instant oldest);
    }

    static final int DEFAULT_RETENTION_DAYS = 3;
    public static final int DEFAULT_CAPACITY = 10_000;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(DEFAULT_RETENTION_DAYS);
    static final int MAX_KEY = 200;

    private final int capacity;
    private final Duration retention;
    private final Clock clock;
    private final Journal journal;
    /** Insertion order is time order: the eldest entry is the first to expire and to be evicted. */
    private final LinkedHashMap<String, Instant> seen;

    /** {@value #DEFAULT_CAPACITY} ids, kept 3 days. */
    public DeliveryLog() {
        this(DEFAULT_CAPACITY, DEFAULT_RETENTION, Clock.systemUTC());
    }

    public DeliveryLog(int capacity, Duration retention, Clock clock) {
        this(capacity, retention, clock, null);
    }

    /** {@value #DEFAULT_CAPACITY} keys in memory, kept 3 days, each also recorded in {@code journal}. */
    public DeliveryLog(Journal journal) {
        this(DEFAULT_CAPACITY, DEFAULT_RETENTION, Clock.systemUTC(), journal);
    }

    /** @param journal where keys outlive the process, or null (memory only) */
    public DeliveryLog(int capacity, Duration retention, Clock clock, Journal journal) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        this.capacity = capacity;
        this.retention = retention;
        this.clock = clock;
        this.journal = journal;
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024) * 2) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > DeliveryLog.this.capacity;
            }
        };
    }

    /** Whether {@code key} was recorded and has not expired since. */
    public boolean contains(String key) {
        return !seen(List.of(key)).isEmpty();
    }

    /** Those of {@code keys} recorded and not expired (in memory, else in the journal). */
    public Set<String> seen(List<String> keys) {
        Map<String, String> absent = new LinkedHashMap<>();
        Set<String> found = new LinkedHashSet<>();
        synchronized (this) {
            expire();
            for (String key : keys) {
                String compact = compact(key);
                if (seen.containsKey(compact)) {
                    found.add(key);
                } else {
                    absent.put(compact, key);
                }
            }
        }
        if (journal != null && !absent.isEmpty()) {
            journal.seen(List.copyOf(absent.keySet()), clock.instant().minus(retention)).forEach(c -> found.add(absent.get(c)));
        }
        return found;
    }

    /**
     * Records {@code key}, atomically with the check.
     *
     * @return true when it is new, false when it was already recorded (a duplicate)
     */
    public boolean record(String key) {
        return recordAll(List.of(key)).isEmpty();
    }

    /**
     * Records every one of {@code keys}, atomically with the check (one journal write).
     *
     * @return the keys that were recorded already (empty: all new)
     */
    public synchronized Set<String> recordAll(List<String> keys) {
        expire();
        Instant now = clock.instant();
        Map<String, String> absent = new LinkedHashMap<>();
        Set<String> found = new LinkedHashSet<>();
        for (String key : keys) {
            String compact = compact(key);
            if (seen.containsKey(compact)) {
                found.add(key);
            } else {
                absent.put(compact, key);
            }
        }
        if (journal != null && !absent.isEmpty()) {
            journal.record(List.copyOf(absent.keySet()), now, now.minus(retention)).forEach(c -> found.add(absent.get(c)));
        }
        absent.keySet().forEach(compact -> seen.put(compact, now));
        return found;
    }

    public synchronized int size() {
        expire();
        return seen.size();
    }

    public Duration retention() {
        return retention;
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
        return "DeliveryLog[capacity " + capacity + ", retention " + retention + (journal == null ? "" : ", " + journal) + "]";
    }
}
