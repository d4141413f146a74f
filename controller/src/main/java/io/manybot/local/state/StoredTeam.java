package io.manybot.local.state;

import io.manybot.core.team.BoardSnapshot;
import io.manybot.core.team.Handoff;
import io.manybot.core.team.Scratchpad;
import io.manybot.core.team.TeamJournal;
import io.manybot.core.team.TeamTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The local home's team board in the state's SQLite file (issue 16): each bot's queued tasks, the tasks its running cycle took,
 * its unread handoffs, its scratchpad, the directives priorities queued once, and the planner tree (each bot's parent) as
 * {@code manybot status} shows it. Written change by change ({@link TeamJournal}) while {@code manybot run} runs, read back
 * whole when it starts again. The tables are created on first write, so older states need no migration.
 */
public final class StoredTeam implements TeamJournal {
    private static final List<String> TABLES = List.of("""
            CREATE TABLE IF NOT EXISTS team_queue (
              bot TEXT NOT NULL,
              id TEXT NOT NULL,
              priority TEXT NOT NULL,
              enqueued_at TEXT NOT NULL,
              json TEXT NOT NULL,
              PRIMARY KEY (bot, id))""", """
            CREATE TABLE IF NOT EXISTS team_in_flight (
              bot TEXT NOT NULL,
              id TEXT NOT NULL,
              json TEXT NOT NULL,
              PRIMARY KEY (bot, id))""", """
            CREATE TABLE IF NOT EXISTS team_inbox (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              bot TEXT NOT NULL,
              from_bot TEXT NOT NULL,
              at TEXT NOT NULL,
              json TEXT NOT NULL)""", """
            CREATE TABLE IF NOT EXISTS team_scratchpads (
              bot TEXT PRIMARY KEY,
              cycle_id TEXT,
              rewritten_at TEXT,
              compressed INTEGER NOT NULL DEFAULT 0,
              text TEXT NOT NULL)""", """
            CREATE TABLE IF NOT EXISTS team_fed (
              key TEXT PRIMARY KEY)""", """
            CREATE TABLE IF NOT EXISTS team_bots (
              name TEXT PRIMARY KEY,
              parent TEXT)""");

    private final StateStore store;
    private boolean created;

    public StoredTeam(StateStore store) {
        this.store = store;
    }

    @Override
    public void queued(String bot, TeamTask task) {
        write("INSERT INTO team_queue (bot, id, priority, enqueued_at, json) VALUES (?, ?, ?, ?, ?) ON CONFLICT (bot, id) DO UPDATE SET"
                + " priority = excluded.priority, enqueued_at = excluded.enqueued_at, json = excluded.json",
                bot, task.id(), task.priority().name(), task.enqueuedAt(), StateJson.write(task));
    }

    @Override
    public void taken(String bot, List<TeamTask> tasks) {
        writeAll(tasks.stream().<Object[]>flatMap(task -> java.util.stream.Stream.of(
                new Object[] {"DELETE FROM team_queue WHERE bot = ? AND id = ?", bot, task.id()},
                new Object[] {"INSERT OR REPLACE INTO team_in_flight (bot, id, json) VALUES (?, ?, ?)", bot, task.id(), StateJson.write(task)}))
                .toList());
    }

    @Override
    public void settled(String bot, String taskId) {
        write("DELETE FROM team_in_flight WHERE bot = ? AND id = ?", bot, taskId);
    }

    @Override
    public void delivered(Handoff handoff) {
        write("INSERT INTO team_inbox (bot, from_bot, at, json) VALUES (?, ?, ?, ?)", handoff.to(), handoff.bot(),
                handoff.at() == null ? Instant.now() : handoff.at(), StateJson.write(handoff));
    }

    @Override
    public void drained(String bot, List<Handoff> read) {
        write("DELETE FROM team_inbox WHERE bot = ?", bot); // this home's board is the only one: its plan read the whole inbox
    }

    @Override
    public void rewritten(Scratchpad pad) {
        write("INSERT OR REPLACE INTO team_scratchpads (bot, cycle_id, rewritten_at, compressed, text) VALUES (?, ?, ?, ?, ?)",
                pad.bot(), pad.cycleId(), pad.rewrittenAt(), pad.compressed(), pad.text());
    }

    @Override
    public void fed(String key) {
        write("INSERT OR IGNORE INTO team_fed (key) VALUES (?)", key);
    }

    /** Records the planner tree now declared: each bot and its parent (null for a root). */
    public void declare(Map<String, String> parents) {
        List<Object[]> statements = new ArrayList<>();
        statements.add(new Object[] {"DELETE FROM team_bots"});
        parents.forEach((bot, parent) -> statements.add(new Object[] {"INSERT INTO team_bots (name, parent) VALUES (?, ?)", bot, parent}));
        writeAll(statements);
    }

    /** Each declared bot's parent (null for a root), by name; empty when no team was ever recorded. */
    public Map<String, String> parents() {
        Map<String, String> parents = new TreeMap<>();
        synchronized (store) {
            if (exists()) {
                store.query("SELECT name, parent FROM team_bots", List.of(), rs -> {
                    parents.put(rs.getString(1), rs.getString(2));
                    return null;
                });
            }
        }
        return parents;
    }

    /** Everything kept, as the board is restored from it. */
    public BoardSnapshot load() {
        synchronized (store) {
            if (!exists()) {
                return BoardSnapshot.EMPTY;
            }
            Map<String, List<TeamTask>> queues = new LinkedHashMap<>();
            store.query("SELECT bot, json FROM team_queue ORDER BY enqueued_at, id", List.of(), rs -> queues
                    .computeIfAbsent(rs.getString(1), b -> new ArrayList<>()).add(StateJson.read(rs.getString(2), TeamTask.class)));
            Map<String, List<TeamTask>> inFlight = new LinkedHashMap<>();
            store.query("SELECT bot, json FROM team_in_flight ORDER BY bot, id", List.of(), rs -> inFlight
                    .computeIfAbsent(rs.getString(1), b -> new ArrayList<>()).add(StateJson.read(rs.getString(2), TeamTask.class)));
            Map<String, List<Handoff>> inboxes = new LinkedHashMap<>();
            store.query("SELECT bot, json FROM team_inbox ORDER BY seq", List.of(), rs -> inboxes
                    .computeIfAbsent(rs.getString(1), b -> new ArrayList<>()).add(StateJson.read(rs.getString(2), Handoff.class)));
            Map<String, Scratchpad> pads = new LinkedHashMap<>();
            store.query("SELECT * FROM team_scratchpads", List.of(), rs -> pads.put(rs.getString("bot"), new Scratchpad(rs.getString("bot"),
                    rs.getString("text"), rs.getString("cycle_id"), StateStore.instant(rs.getString("rewritten_at")), rs.getInt("compressed") != 0)));
            Set<String> fed = new LinkedHashSet<>(store.query("SELECT key FROM team_fed", List.of(), rs -> rs.getString(1)));
            return new BoardSnapshot(queues, inFlight, inboxes, pads, fed);
        }
    }

    private boolean exists() {
        return created || !store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'team_bots'", List.of(),
                rs -> rs.getString(1)).isEmpty();
    }

    private void write(String sql, Object... parameters) {
        List<Object[]> one = new ArrayList<>();
        Object[] statement = new Object[parameters.length + 1];
        statement[0] = sql;
        System.arraycopy(parameters, 0, statement, 1, parameters.length);
        one.add(statement);
        writeAll(one);
    }

    /** Runs the statements ({@code [sql, parameters…]}) in one transaction, creating the tables first when needed. */
    private void writeAll(List<Object[]> statements) {
        synchronized (store) {
            store.transaction(() -> {
                if (!created) {
                    for (String table : TABLES) {
                        store.execute(table);
                    }
                }
                for (Object[] statement : statements) {
                    store.execute((String) statement[0], java.util.Arrays.copyOfRange(statement, 1, statement.length));
                }
                return null;
            });
            created = true;
        }
    }

    @Override
    public String toString() {
        return "team in " + store.file();
    }
}
