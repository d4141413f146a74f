package io.manybot.core.team;

import io.manybot.core.directives.Directives;
import io.manybot.core.ownership.Glob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directives file's part in the queues: each {@code PRIORITY} (inline or a {@code ## Priority queue} item) becomes a task —
 * its level from a leading {@code critical:}, {@code high:}, {@code normal:} or {@code low:}, else {@code high} for the first
 * and {@code normal} for the rest; its paths the {@code `backticked`} ones it names — and each {@code BLOCKED} holds back the
 * queued tasks on the paths it names (or whose title it quotes).
 */
public final class DirectivesFeed {
    private static final Pattern LEVEL = Pattern.compile("^(?i)(critical|high|normal|low)\\s*[:\\-]\\s*(.+)$", Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

    private DirectivesFeed() {}

    /** The directives' priorities as tasks (ids stable for the same text, so a queue holds each once). */
    public static List<TeamTask> tasks(Directives directives, Instant now) {
        List<TeamTask> tasks = new ArrayList<>();
        if (directives == null) {
            return tasks;
        }
        List<String> priorities = directives.priorities();
        for (int i = 0; i < priorities.size(); i++) {
            String text = priorities.get(i).strip();
            Priority level = i == 0 ? Priority.HIGH : Priority.NORMAL;
            Matcher m = LEVEL.matcher(text);
            if (m.matches()) {
                level = Priority.parse(m.group(1));
                text = m.group(2).strip();
            }
            tasks.add(new TeamTask("directives/" + hash(text), text, "a priority of the directives file", quoted(text), level,
                    TeamTask.Origin.DIRECTIVES, "directives", 0, now));
        }
        return tasks;
    }

    /** Which queued tasks the directives' blockers hold back. */
    public static Predicate<TeamTask> blocked(Directives directives) {
        if (directives == null || directives.blockers().isEmpty()) {
            return task -> false;
        }
        List<Predicate<String>> paths = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (String blocker : directives.blockers()) {
            for (String token : quoted(blocker)) {
                titles.add(token);
                try {
                    Glob glob = Glob.compile(token);
                    paths.add(path -> path.equals(token) || path.startsWith(token.endsWith("/") ? token : token + "/") || glob.matches(path));
                } catch (IllegalArgumentException e) {
                    paths.add(path -> path.equals(token) || path.startsWith(token + "/"));
                }
            }
        }
        return task -> task.paths().stream().anyMatch(path -> paths.stream().anyMatch(p -> p.test(path)))
                || titles.stream().anyMatch(title -> task.title().contains(title));
    }

    static List<String> quoted(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
