package io.manybot.local.state;

import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.measure.MeasuredValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * The local home's state: one SQLite file, {@code <state directory>/manybot.db}, holding bots, cycles
 * (the full {@link WorkCycle} as JSON plus the columns queries need), their tasks, key result
 * measurements, events and pending control requests.
 *
 * <p>Two processes use it at once: the running controller and a command such as {@code manybot pause}.
 * The database is in WAL mode (readers never wait for the writer) with a 5 s busy timeout, and every
 * write is one short {@code BEGIN IMMEDIATE} transaction. Within a process one instance may be shared
 * by threads: calls are serialised on its single connection.
 *
 * <p>Instants are stored as fixed-width ISO-8601 UTC strings ({@code 2026-11-24T10:00:00.000000000Z})
 * so that they sort as text. The schema is versioned with {@code PRAGMA user_version}; migrations run
 * on open, in one transaction each.
 */
public final class StateStore implements AutoCloseable {

    public static final String FILE_NAME = "manybot.db";

    static final int BUSY_TIMEOUT_MILLIS = 5000;

    private static final Set<String> LEVELS = Set.of("info", "warn", "error");

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Migrations: the schema at version i+1 is the schema at version i plus {@code MIGRATIONS.get(i)}. */
    static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE bots (
              name TEXT PRIMARY KEY,
              mode TEXT,
              goal TEXT,
              paused INTEGER NOT NULL DEFAULT 0,
              phase TEXT,
              progress REAL,
              at_risk INTEGER,
              last_cycle_id TEXT,
              last_cycle_at TEXT,
              created_at TEXT NOT NULL,
              consecutive_failures INTEGER NOT NULL DEFAULT 0,
              circuit_open_until TEXT,
              next_cycle_at TEXT,
              last_seen_commit TEXT,
              message TEXT)""",
            """
            CREATE TABLE cycles (
              id TEXT PRIMARY KEY,
              bot TEXT NOT NULL,
              goal TEXT,
              phase TEXT NOT NULL,
              outcome TEXT,
              started_at TEXT NOT NULL,
              finished_at TEXT,
              json TEXT NOT NULL)""",
            "CREATE INDEX cycles_by_bot ON cycles (bot, started_at)",
            "CREATE INDEX cycles_unfinished ON cycles (phase) WHERE phase <> 'DONE'",
            """
            CREATE TABLE tasks (
              cycle_id TEXT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
              task_id TEXT NOT NULL,
              kind TEXT,
              title TEXT,
              state TEXT,
              PRIMARY KEY (cycle_id, task_id))""",
            """
            CREATE TABLE measurements (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              goal TEXT NOT NULL,
              key_result TEXT NOT NULL,
              value REAL,
              failure TEXT,
              measured_at TEXT NOT NULL,
              millis INTEGER NOT NULL,
              commit_id TEXT)""",
            "CREATE INDEX measurements_by_key_result ON measurements (goal, key_result, id)",
            """
            CREATE TABLE events (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              at TEXT NOT NULL,
              bot TEXT,
              cycle_id TEXT,
              level TEXT NOT NULL,
              message TEXT NOT NULL)""",
            "CREATE INDEX events_by_bot ON events (bot, seq)",
            """
            CREATE TABLE control_requests (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              bot TEXT NOT NULL,
              action TEXT NOT NULL,
              requested_at TEXT NOT NULL)"""),
            // 2: why a trigger was asked for (a webhook's activation reason, "manual trigger" when null)
            List.of("ALTER TABLE control_requests ADD COLUMN reason TEXT"));

    private final Path file;
    private final Connection connection;

    private StateStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** The database file of a state directory (whether it exists or not). */
    public static Path databaseFile(Path stateDirectory) {
        return stateDirectory.resolve(FILE_NAME);
    }

    /** Whether a state directory holds a database (read-only commands must not create one). */
    public static boolean exists(Path stateDirectory) {
        return Files.isRegularFile(databaseFile(stateDirectory));
    }

    /**
     * Opens (creating the directories and the database when needed) and migrates the state of a directory.
     * Switching a new database to WAL takes an exclusive lock that SQLite does not wait for (the busy
     * timeout does not cover it): while another process creates the database, opening is retried for up
     * to the busy timeout.
     */
    public static StateStore open(Path stateDirectory) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MILLIS);
        while (true) {
            try {
                return openOnce(stateDirectory);
            } catch (IOException e) {
                if (!busy(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean busy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException sqlite && sqlite.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_BUSY) {
                return true;
            }
        }
        return false;
    }

    private static StateStore openOnce(Path stateDirectory) throws IOException {
        Files.createDirectories(stateDirectory);
        Path file = databaseFile(stateDirectory);
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        Connection connection = null;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            StateStore store = new StateStore(file, connection);
            store.migrate();
            return store;
        } catch (SQLException | StateException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            throw new IOException("cannot open state " + file + ": " + e.getMessage(), e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    private void migrate() {
        transaction(() -> {
            int version;
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > MIGRATIONS.size()) {
                throw new SQLException("the state has schema version " + version + ", newer than this manybot knows ("
                        + MIGRATIONS.size() + "); use a newer manybot");
            }
            try (Statement statement = connection.createStatement()) {
                for (int v = version; v < MIGRATIONS.size(); v++) {
                    for (String sql : MIGRATIONS.get(v)) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + (v + 1));
                }
            }
            return null;
        });
    }

    /** The schema version of the database. */
    public synchronized int schemaVersion() {
        return query("SELECT * FROM pragma_user_version", List.of(), rs -> rs.getInt(1)).get(0);
    }

    // ---- bots ----

    /**
     * Inserts or updates a bot. For a bot already stored, {@code paused} and {@code createdAt} are kept:
     * pause and resume ({@link #requestControl}) own the first, so that a controller saving a copy read
     * before a pause cannot undo it.
     */
    public synchronized void saveBot(BotState bot) {
        update("""
                INSERT INTO bots (name, mode, goal, paused, phase, progress, at_risk, last_cycle_id, last_cycle_at, created_at,
                                  consecutive_failures, circuit_open_until, next_cycle_at, last_seen_commit, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET
                  mode = excluded.mode, goal = excluded.goal, phase = excluded.phase, progress = excluded.progress,
                  at_risk = excluded.at_risk, last_cycle_id = excluded.last_cycle_id, last_cycle_at = excluded.last_cycle_at,
                  consecutive_failures = excluded.consecutive_failures, circuit_open_until = excluded.circuit_open_until,
                  next_cycle_at = excluded.next_cycle_at, last_seen_commit = excluded.last_seen_commit, message = excluded.message""",
                bot.name(), bot.mode(), bot.goal(), bot.paused(), bot.phase(), bot.progress(), bot.atRisk(), bot.lastCycleId(),
                bot.lastCycleAt(), bot.createdAt() != null ? bot.createdAt() : Instant.now(), bot.consecutiveFailures(),
                bot.circuitOpenUntil(), bot.nextCycleAt(), bot.lastSeenCommit(), bot.message());
    }

    public synchronized Optional<BotState> bot(String name) {
        return query("SELECT * FROM bots WHERE name = ?", List.of(name), StateStore::botState).stream().findFirst();
    }

    /** Every bot, by name. */
    public synchronized List<BotState> bots() {
        return query("SELECT * FROM bots ORDER BY name", List.of(), StateStore::botState);
    }

    private static BotState botState(ResultSet rs) throws SQLException {
        return new BotState(rs.getString("name"), rs.getString("mode"), rs.getString("goal"), rs.getInt("paused") != 0,
                rs.getString("phase"), nullableDouble(rs, "progress"), nullableBoolean(rs, "at_risk"), rs.getString("last_cycle_id"),
                instant(rs.getString("last_cycle_at")), instant(rs.getString("created_at")), rs.getInt("consecutive_failures"),
                instant(rs.getString("circuit_open_until")), instant(rs.getString("next_cycle_at")), rs.getString("last_seen_commit"),
                rs.getString("message"));
    }

    // ---- cycles ----

    /** Inserts or updates a cycle and replaces its task rows; call it at every phase boundary. */
    public synchronized void saveCycle(WorkCycle cycle) {
        String json = StateJson.write(cycle);
        transaction(() -> {
            execute("""
                    INSERT INTO cycles (id, bot, goal, phase, outcome, started_at, finished_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET bot = excluded.bot, goal = excluded.goal, phase = excluded.phase,
                      outcome = excluded.outcome, started_at = excluded.started_at, finished_at = excluded.finished_at, json = excluded.json""",
                    cycle.id(), cycle.bot(), cycle.goal(), cycle.phase().name(), cycle.outcome() == null ? null : cycle.outcome().name(),
                    cycle.startedAt(), cycle.finishedAt(), json);
            execute("DELETE FROM tasks WHERE cycle_id = ?", cycle.id());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO tasks (cycle_id, task_id, kind, title, state) VALUES (?, ?, ?, ?, ?)")) {
                for (Task task : cycle.tasks()) {
                    bind(insert, cycle.id(), task.id(), task.kind() == null ? null : task.kind().name(), task.title(),
                            task.state() == null ? null : task.state().name());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /**
     * The cycle with this id, or else the only cycle whose id starts with it.
     *
     * @throws IllegalArgumentException when several cycles start with the prefix (the message lists some)
     */
    public synchronized Optional<WorkCycle> cycle(String idOrUniquePrefix) {
        List<String> exact = query("SELECT json FROM cycles WHERE id = ?", List.of(idOrUniquePrefix), rs -> rs.getString(1));
        if (!exact.isEmpty()) {
            return Optional.of(StateJson.read(exact.get(0), WorkCycle.class));
        }
        if (idOrUniquePrefix.isEmpty()) {
            return Optional.empty();
        }
        List<String[]> matches = query("SELECT id, json FROM cycles WHERE substr(id, 1, length(?)) = ? ORDER BY started_at DESC LIMIT 6",
                List.of(idOrUniquePrefix, idOrUniquePrefix), rs -> new String[] {rs.getString(1), rs.getString(2)});
        if (matches.size() > 1) {
            List<String> ids = matches.stream().limit(5).map(m -> m[0]).toList();
            throw new IllegalArgumentException("cycle id prefix '" + idOrUniquePrefix + "' is ambiguous: " + String.join(", ", ids)
                    + (matches.size() > 5 ? ", …" : ""));
        }
        return matches.stream().findFirst().map(m -> StateJson.read(m[1], WorkCycle.class));
    }

    /** A bot's cycles, newest first; {@code bot} null for every bot's. */
    public synchronized List<WorkCycle> cycles(String bot, int limit) {
        String sql = bot == null
                ? "SELECT json FROM cycles ORDER BY started_at DESC, rowid DESC LIMIT ?"
                : "SELECT json FROM cycles WHERE bot = ? ORDER BY started_at DESC, rowid DESC LIMIT ?";
        List<Object> parameters = bot == null ? List.of(limit) : List.of(bot, limit);
        return query(sql, parameters, rs -> StateJson.read(rs.getString(1), WorkCycle.class));
    }

    /**
     * The outcome of every bot's last cycle, by cycle id, in one query ("running" for one without an
     * outcome yet): what a list of all bots shows, without reading each cycle's record.
     */
    public synchronized java.util.Map<String, String> lastCycleOutcomes() {
        java.util.Map<String, String> outcomes = new java.util.HashMap<>();
        query("SELECT c.id, c.outcome FROM bots b JOIN cycles c ON c.id = b.last_cycle_id", List.of(),
                rs -> outcomes.put(rs.getString(1), rs.getString(2) == null ? "running" : rs.getString(2)));
        return outcomes;
    }

    /** How each bot's last cycle landed ({@link io.manybot.core.cycle.Landing#summary()}), by cycle id; absent when there is nothing to say. */
    public synchronized java.util.Map<String, String> lastLandings() {
        java.util.Map<String, String> landings = new java.util.HashMap<>();
        query("SELECT c.id, json_extract(c.json, '$.landing') FROM bots b JOIN cycles c ON c.id = b.last_cycle_id", List.of(), rs -> {
            String json = rs.getString(2);
            String summary = json == null ? null : StateJson.read(json, io.manybot.core.cycle.Landing.class).summary();
            if (summary != null) {
                landings.put(rs.getString(1), summary);
            }
            return null;
        });
        return landings;
    }

    /** Cycles not recorded as done (a restart finds those the last process left mid-way), oldest first. */
    public synchronized List<WorkCycle> unfinishedCycles() {
        return query("SELECT json FROM cycles WHERE phase <> ? ORDER BY started_at, rowid", List.of(CyclePhase.DONE.name()),
                rs -> StateJson.read(rs.getString(1), WorkCycle.class));
    }

    // ---- measurements ----

    public synchronized void recordMeasurements(List<MeasuredValue> values) {
        if (values.isEmpty()) {
            return;
        }
        transaction(() -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO measurements (goal, key_result, value, failure, measured_at, millis, commit_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (MeasuredValue v : values) {
                    bind(insert, v.goal(), v.keyResult(), v.value(), v.failure(), v.measuredAt() != null ? v.measuredAt() : Instant.now(),
                            v.millis(), v.commit());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** The last {@code limit} measurements of a key result, newest first. */
    public synchronized List<MeasuredValue> measurements(String goal, String keyResult, int limit) {
        return query("SELECT * FROM measurements WHERE goal = ? AND key_result = ? ORDER BY id DESC LIMIT ?",
                List.of(goal, keyResult, limit),
                rs -> new MeasuredValue(rs.getString("goal"), rs.getString("key_result"), nullableDouble(rs, "value"),
                        rs.getString("failure"), instant(rs.getString("measured_at")), rs.getLong("millis"), rs.getString("commit_id")));
    }

    // ---- events ----

    /**
     * Appends an event.
     *
     * @param bot the bot, or null for the controller
     * @param level info, warn or error
     */
    public synchronized void event(String bot, String cycleId, String level, String message) {
        String normalised = level == null ? "" : level.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(normalised)) {
            throw new IllegalArgumentException("event level must be info, warn or error, not " + level);
        }
        update("INSERT INTO events (at, bot, cycle_id, level, message) VALUES (?, ?, ?, ?, ?)",
                Instant.now(), bot, cycleId, normalised, message == null ? "" : message);
    }

    /** The last {@code tail} events of a bot ({@code bot} null: of everything), oldest first. */
    public synchronized List<Event> events(String bot, int tail) {
        String sql = bot == null
                ? "SELECT * FROM (SELECT * FROM events ORDER BY seq DESC LIMIT ?) ORDER BY seq"
                : "SELECT * FROM (SELECT * FROM events WHERE bot = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq";
        return query(sql, bot == null ? List.of(tail) : List.of(bot, tail), StateStore::eventOf);
    }

    /** The sequence number of the newest event, 0 when there is none. */
    public synchronized long lastEventSeq() {
        return query("SELECT COALESCE(MAX(seq), 0) FROM events", List.of(), rs -> rs.getLong(1)).get(0);
    }

    /** Every event after {@code seq}, oldest first (to follow the log). */
    public synchronized List<Event> eventsAfter(long seq) {
        return query("SELECT * FROM events WHERE seq > ? ORDER BY seq", List.of(seq), StateStore::eventOf);
    }

    private static Event eventOf(ResultSet rs) throws SQLException {
        return new Event(rs.getLong("seq"), instant(rs.getString("at")), rs.getString("bot"), rs.getString("cycle_id"),
                rs.getString("level"), rs.getString("message"));
    }

    // ---- control ----

    /**
     * Asks the running controller to trigger, pause or resume a bot, and logs an event. Pause and resume
     * also set the bot's {@code paused} flag at once, so they hold when no controller runs (and the
     * next one starts with it).
     *
     * @throws IllegalArgumentException when the bot is not stored
     */
    public synchronized void requestControl(String bot, ControlAction action) {
        requestControl(bot, action, null);
    }

    /** Takes (fetches and deletes, atomically) every pending control request, oldest first. */
    public synchronized List<ControlRequest> takeControlRequests() {
        return transaction(() -> {
            List<ControlRequest> requests = query("SELECT * FROM control_requests ORDER BY id", List.of(),
                    rs -> new ControlRequest(rs.getLong("id"), rs.getString("bot"), ControlAction.valueOf(rs.getString("action")),
                            instant(rs.getString("requested_at")), rs.getString("reason")));
            if (!requests.isEmpty()) {
                execute("DELETE FROM control_requests WHERE id <= ?", requests.get(requests.size() - 1).id());
            }
            return requests;
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StateException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- JDBC plumbing ----

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction: the write lock is taken (or waited for) up front. Callers
     * outside this class hold the store's monitor ({@code synchronized (store)}), as its own methods do.
     */
    <T> T transaction(Work<T> work) {
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
            }
            T result;
            try {
                result = work.run();
            } catch (SQLException | RuntimeException e) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ROLLBACK");
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("COMMIT");
            }
            return result;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void update(String sql, Object... parameters) {
        try {
            execute(sql, parameters);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    void execute(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        }
    }

    <T> List<T> query(String sql, List<?> parameters, Row<T> row) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters.toArray());
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private StateException failure(SQLException e) {
        return new StateException("state " + file + ": " + e.getMessage(), e);
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            int at = i + 1;
            if (p == null) {
                statement.setNull(at, Types.NULL);
            } else if (p instanceof Instant instant) {
                statement.setString(at, INSTANT.format(instant));
            } else if (p instanceof Boolean b) {
                statement.setInt(at, b ? 1 : 0);
            } else if (p instanceof Double d) {
                statement.setDouble(at, d);
            } else if (p instanceof Integer n) {
                statement.setInt(at, n);
            } else if (p instanceof Long n) {
                statement.setLong(at, n);
            } else {
                statement.setString(at, p.toString());
            }
        }
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value != 0;
    }

    // ---- live directives (one row; the table is created on first write, so older states need no migration) ----

    private static final String DIRECTIVES_TABLE = """
            CREATE TABLE IF NOT EXISTS directives (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              source TEXT,
              version TEXT,
              content_hash TEXT,
              applied_at TEXT,
              paused INTEGER NOT NULL DEFAULT 0,
              paused_bots TEXT NOT NULL DEFAULT '',
              last_error TEXT,
              last_error_at TEXT,
              updated_at TEXT NOT NULL)""";

    /** Records the live directives in force (and the last rejected edit), replacing the previous record. */
    public synchronized void saveDirectives(DirectivesState directives) {
        transaction(() -> {
            execute(DIRECTIVES_TABLE);
            execute("""
                    INSERT INTO directives (id, source, version, content_hash, applied_at, paused, paused_bots, last_error,
                                            last_error_at, updated_at)
                    VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                      source = excluded.source, version = excluded.version, content_hash = excluded.content_hash,
                      applied_at = excluded.applied_at, paused = excluded.paused, paused_bots = excluded.paused_bots,
                      last_error = excluded.last_error, last_error_at = excluded.last_error_at, updated_at = excluded.updated_at""",
                    directives.source(), directives.version(), directives.contentHash(), directives.appliedAt(), directives.paused(),
                    String.join("\n", directives.pausedBots()), directives.lastError(), directives.lastErrorAt(),
                    directives.updatedAt() != null ? directives.updatedAt() : Instant.now());
            return null;
        });
    }

    // ---- control requests with a reason (HTTP API, webhooks) ----

    /**
     * As {@link #requestControl(String, ControlAction)}, with the reason the cycle is triggered for
     * (e.g. "push to main by alice: src/a.py"); the running controller uses it as the cycle's trigger.
     *
     * @throws IllegalArgumentException when the bot is not stored
     */
    public synchronized void requestControl(String bot, ControlAction action, String reason) {
        transaction(() -> {
            boolean known = !query("SELECT 1 FROM bots WHERE name = ?", List.of(bot), rs -> 1).isEmpty();
            if (!known) {
                throw new IllegalArgumentException("unknown bot '" + bot + "'");
            }
            if (action != ControlAction.TRIGGER) {
                execute("UPDATE bots SET paused = ? WHERE name = ?", action == ControlAction.PAUSE, bot);
            }
            Instant now = Instant.now();
            execute("INSERT INTO control_requests (bot, action, requested_at, reason) VALUES (?, ?, ?, ?)", bot, action.name(), now, reason);
            execute("INSERT INTO events (at, bot, cycle_id, level, message) VALUES (?, ?, NULL, 'info', ?)",
                    now, bot, action.name().toLowerCase(Locale.ROOT) + " requested" + (reason == null ? "" : ": " + reason));
            return null;
        });
    }

    /** The live directives last recorded by a controller, if any. */
    public synchronized Optional<DirectivesState> directives() {
        boolean exists = !query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'directives'", List.of(),
                rs -> rs.getString(1)).isEmpty();
        if (!exists) {
            return Optional.empty();
        }
        return query("SELECT * FROM directives WHERE id = 1", List.of(), rs -> {
            String bots = rs.getString("paused_bots");
            return new DirectivesState(rs.getString("source"), rs.getString("version"), rs.getString("content_hash"),
                    instant(rs.getString("applied_at")), rs.getInt("paused") != 0,
                    bots == null || bots.isEmpty() ? List.of() : List.of(bots.split("\n")), rs.getString("last_error"),
                    instant(rs.getString("last_error_at")), instant(rs.getString("updated_at")));
        }).stream().findFirst();
    }

    /** How many control requests wait for the controller (the HTTP API's queue depth). */
    public synchronized int pendingControlRequests() {
        return query("SELECT COUNT(*) FROM control_requests", List.of(), rs -> rs.getInt(1)).get(0);
    }

    // ---- meetings: minutes and requests to hold one now (`manybot meet`, POST /api/v1/meetings/{name}; tables created on first write) ----

    private static final List<String> MEETING_TABLES = List.of("""
            CREATE TABLE IF NOT EXISTS meeting_minutes (
              id TEXT PRIMARY KEY,
              meeting TEXT NOT NULL,
              held_at TEXT NOT NULL,
              json TEXT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS meeting_minutes_by_meeting ON meeting_minutes (meeting, held_at)",
            """
            CREATE TABLE IF NOT EXISTS meeting_requests (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              meeting TEXT NOT NULL,
              requested_at TEXT NOT NULL)""");

    private boolean tableExists(String name) {
        return !query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", List.of(name), rs -> rs.getString(1)).isEmpty();
    }

    /** Keeps a meeting's minutes (replacing minutes with the same id). */
    public synchronized void saveMinutes(io.manybot.core.meeting.Minutes minutes) {
        transaction(() -> {
            for (String sql : MEETING_TABLES) {
                execute(sql);
            }
            execute("""
                    INSERT INTO meeting_minutes (id, meeting, held_at, json) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET meeting = excluded.meeting, held_at = excluded.held_at, json = excluded.json""",
                    minutes.id(), minutes.meeting(), minutes.heldAt(), StateJson.write(minutes));
            return null;
        });
    }

    /** The minutes of {@code meeting} (all meetings when null), newest first, at most {@code limit}. */
    public synchronized List<io.manybot.core.meeting.Minutes> minutes(String meeting, int limit) {
        if (!tableExists("meeting_minutes")) {
            return List.of();
        }
        return query(meeting == null ? "SELECT json FROM meeting_minutes ORDER BY held_at DESC, id DESC LIMIT ?"
                : "SELECT json FROM meeting_minutes WHERE meeting = ? ORDER BY held_at DESC, id DESC LIMIT ?",
                meeting == null ? List.of(limit) : List.of(meeting, limit),
                rs -> StateJson.read(rs.getString(1), io.manybot.core.meeting.Minutes.class));
    }

    /** The minutes with {@code id}, or with an id starting with it when only one does. */
    public synchronized Optional<io.manybot.core.meeting.Minutes> minutesById(String idOrUniquePrefix) {
        if (!tableExists("meeting_minutes")) {
            return Optional.empty();
        }
        List<io.manybot.core.meeting.Minutes> found = query("SELECT json FROM meeting_minutes WHERE id = ?", List.of(idOrUniquePrefix),
                rs -> StateJson.read(rs.getString(1), io.manybot.core.meeting.Minutes.class));
        if (found.isEmpty()) {
            found = query("SELECT json FROM meeting_minutes WHERE substr(id, 1, ?) = ? LIMIT 2", List.of(idOrUniquePrefix.length(), idOrUniquePrefix),
                    rs -> StateJson.read(rs.getString(1), io.manybot.core.meeting.Minutes.class));
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Asks the running controller to hold {@code meeting} now (it checks that the meeting is declared). */
    public synchronized void requestMeeting(String meeting) {
        transaction(() -> {
            for (String sql : MEETING_TABLES) {
                execute(sql);
            }
            Instant now = Instant.now();
            execute("INSERT INTO meeting_requests (meeting, requested_at) VALUES (?, ?)", meeting, now);
            execute("INSERT INTO events (at, bot, cycle_id, level, message) VALUES (?, NULL, NULL, 'info', ?)", now,
                    "meeting " + meeting + " requested");
            return null;
        });
    }

    /** Takes (fetches and deletes) the meetings asked for, oldest first. */
    public synchronized List<String> takeMeetingRequests() {
        if (!tableExists("meeting_requests")) {
            return List.of();
        }
        return transaction(() -> {
            List<Long> ids = new ArrayList<>();
            List<String> meetings = query("SELECT id, meeting FROM meeting_requests ORDER BY id", List.of(), rs -> {
                ids.add(rs.getLong(1));
                return rs.getString(2);
            });
            if (!ids.isEmpty()) {
                execute("DELETE FROM meeting_requests WHERE id <= ?", ids.get(ids.size() - 1));
            }
            return meetings;
        });
    }

    // ---- runtime subscriptions (`manybot subscribe`, POST /api/v1/subscriptions; the table is created on first write) ----

    private static final String SUBSCRIPTIONS_TABLE = """
            CREATE TABLE IF NOT EXISTS runtime_subscriptions (
              name TEXT PRIMARY KEY,
              bot TEXT NOT NULL,
              repository TEXT,
              branch TEXT,
              paths TEXT NOT NULL DEFAULT '',
              trigger TEXT NOT NULL,
              schedule TEXT,
              suspend INTEGER NOT NULL DEFAULT 0,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL)""";

    private boolean subscriptionsTableExists() {
        return !query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'runtime_subscriptions'", List.of(),
                rs -> rs.getString(1)).isEmpty();
    }

    private static io.manybot.core.declaration.Subscription subscriptionOf(ResultSet rs) throws SQLException {
        String paths = rs.getString("paths");
        return new io.manybot.core.declaration.Subscription(rs.getString("name"), rs.getString("bot"), rs.getString("repository"),
                rs.getString("branch"), paths == null || paths.isEmpty() ? List.of() : List.of(paths.split("\n")),
                io.manybot.core.declaration.Subscription.Trigger.valueOf(rs.getString("trigger")), rs.getString("schedule"),
                rs.getInt("suspend") != 0);
    }

    /** Stores a runtime subscription; false (and nothing changes) when one of that name is stored already. */
    public synchronized boolean addSubscription(io.manybot.core.declaration.Subscription subscription) {
        return transaction(() -> {
            execute(SUBSCRIPTIONS_TABLE);
            if (!query("SELECT 1 FROM runtime_subscriptions WHERE name = ?", List.of(subscription.name()), rs -> 1).isEmpty()) {
                return false;
            }
            Instant now = Instant.now();
            execute("""
                    INSERT INTO runtime_subscriptions (name, bot, repository, branch, paths, trigger, schedule, suspend, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    subscription.name(), subscription.bot(), subscription.repository(), subscription.branch(),
                    String.join("\n", subscription.paths()), subscription.trigger().name(), subscription.schedule(),
                    subscription.suspend(), now, now);
            return true;
        });
    }

    /** The runtime subscriptions, by name. */
    public synchronized List<io.manybot.core.declaration.Subscription> subscriptions() {
        if (!subscriptionsTableExists()) {
            return List.of();
        }
        return query("SELECT * FROM runtime_subscriptions ORDER BY name", List.of(), StateStore::subscriptionOf);
    }

    /** One runtime subscription. */
    public synchronized Optional<io.manybot.core.declaration.Subscription> subscription(String name) {
        if (!subscriptionsTableExists()) {
            return Optional.empty();
        }
        return query("SELECT * FROM runtime_subscriptions WHERE name = ?", List.of(name), StateStore::subscriptionOf).stream().findFirst();
    }

    /** Suspends (pause) or un-suspends (resume) a runtime subscription; false when there is none of that name. */
    public synchronized boolean suspendSubscription(String name, boolean suspend) {
        return transaction(() -> {
            execute(SUBSCRIPTIONS_TABLE);
            if (query("SELECT 1 FROM runtime_subscriptions WHERE name = ?", List.of(name), rs -> 1).isEmpty()) {
                return false;
            }
            execute("UPDATE runtime_subscriptions SET suspend = ?, updated_at = ? WHERE name = ?", suspend, Instant.now(), name);
            return true;
        });
    }

    /** Deletes a runtime subscription; false when there is none of that name. */
    public synchronized boolean deleteSubscription(String name) {
        return transaction(() -> {
            execute(SUBSCRIPTIONS_TABLE);
            if (query("SELECT 1 FROM runtime_subscriptions WHERE name = ?", List.of(name), rs -> 1).isEmpty()) {
                return false;
            }
            execute("DELETE FROM runtime_subscriptions WHERE name = ?", name);
            return true;
        });
    }

    // ---- webhook deliveries (replay protection of the HTTP API; the table is created on first write) ----

    /** Whether this connection has made sure the deliveries table and its index exist. */
    private boolean deliveriesTable;
    /** When expired deliveries were last deleted through this connection (at most once a minute; lookups ignore them anyway). */
    private Instant lastDeliveriesPrune;

    private static final String DELIVERIES_TABLE = """
            CREATE TABLE IF NOT EXISTS webhook_deliveries (
              key TEXT PRIMARY KEY,
              received_at TEXT NOT NULL)""";

    /**
     * Records webhook delivery keys (an id, a body digest) unless recorded at or after {@code oldest};
     * keys older than that are deleted. One transaction: two processes recording the same key at once
     * see one of them win.
     *
     * @return the keys that were recorded already
     */
    public synchronized Set<String> recordDeliveries(List<String> keys, Instant at, Instant oldest) {
        return transaction(() -> {
            if (!deliveriesTable) {
                execute(DELIVERIES_TABLE);
                execute("CREATE INDEX IF NOT EXISTS webhook_deliveries_received_at ON webhook_deliveries (received_at)");
            }
            if (lastDeliveriesPrune == null || at.isAfter(lastDeliveriesPrune.plusSeconds(60)) || at.isBefore(lastDeliveriesPrune)) {
                execute("DELETE FROM webhook_deliveries WHERE received_at < ?", oldest);
                lastDeliveriesPrune = at;
            }
            Set<String> present = new java.util.LinkedHashSet<>();
            for (String key : keys) {
                if (!query("SELECT 1 FROM webhook_deliveries WHERE key = ?", List.of(key), rs -> 1).isEmpty()) {
                    present.add(key);
                } else {
                    execute("INSERT INTO webhook_deliveries (key, received_at) VALUES (?, ?)", key, at);
                }
            }
            deliveriesTable = true;
            return present;
        });
    }

    /** Those of the webhook delivery keys recorded at or after {@code oldest}. */
    public synchronized Set<String> seenDeliveries(List<String> keys, Instant oldest) {
        boolean exists = deliveriesTable || !query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'webhook_deliveries'",
                List.of(), rs -> rs.getString(1)).isEmpty();
        Set<String> present = new java.util.LinkedHashSet<>();
        if (exists) {
            for (String key : keys) {
                if (!query("SELECT 1 FROM webhook_deliveries WHERE key = ? AND received_at >= ?", List.of(key, oldest), rs -> 1).isEmpty()) {
                    present.add(key);
                }
            }
        }
        return present;
    }
    // ---- proposals and their pull requests (io.manybot.core.review; the table is created on first write) ----

    private static final String PROPOSALS_TABLE = """
            CREATE TABLE IF NOT EXISTS proposals (
              bot TEXT NOT NULL,
              branch TEXT NOT NULL,
              state TEXT NOT NULL,
              number INTEGER,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL,
              json TEXT NOT NULL,
              PRIMARY KEY (bot, branch))""";

    private boolean proposalsTableExists() {
        return !query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'proposals'", List.of(), rs -> rs.getString(1)).isEmpty();
    }

    /** Stores a proposal (replacing the one of its bot and branch). */
    public synchronized void saveProposal(io.manybot.core.review.Proposal proposal) {
        transaction(() -> {
            execute(PROPOSALS_TABLE);
            execute("""
                    INSERT INTO proposals (bot, branch, state, number, created_at, updated_at, json) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (bot, branch) DO UPDATE SET state = excluded.state, number = excluded.number,
                      updated_at = excluded.updated_at, json = excluded.json""",
                    proposal.bot(), proposal.branch(), proposal.state().id(), proposal.number(), proposal.createdAt(), proposal.updatedAt(),
                    StateJson.write(proposal));
            return null;
        });
    }

    /** The proposals of {@code bot} (all bots when null), newest first. */
    public synchronized List<io.manybot.core.review.Proposal> proposals(String bot) {
        if (!proposalsTableExists()) {
            return List.of();
        }
        return query(bot == null ? "SELECT json FROM proposals ORDER BY created_at DESC, branch DESC"
                : "SELECT json FROM proposals WHERE bot = ? ORDER BY created_at DESC, branch DESC",
                bot == null ? List.of() : List.of(bot), rs -> StateJson.read(rs.getString(1), io.manybot.core.review.Proposal.class));
    }

    /** The proposal of {@code bot} on {@code branch}. */
    public synchronized Optional<io.manybot.core.review.Proposal> proposal(String bot, String branch) {
        if (!proposalsTableExists()) {
            return Optional.empty();
        }
        return query("SELECT json FROM proposals WHERE bot = ? AND branch = ?", List.of(bot, branch),
                rs -> StateJson.read(rs.getString(1), io.manybot.core.review.Proposal.class)).stream().findFirst();
    }
}
