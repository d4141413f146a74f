package io.manybot.core.directives;

import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.yaml.YamlReader;
import java.nio.charset.CharacterCodingException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a live directives file ({@code MARATHON.md}). The format, by example in the repository's own
 * {@code MARATHON.md}:
 *
 * <ul>
 *   <li>The {@code _meta} block: the first HTML comment whose text starts with {@code _meta:}, YAML
 *       checked against {@code schemas/directives-meta.schema.json}. Without one the file is active
 *       and unversioned (a warning). A second {@code _meta} block is an error.
 *   <li>Inline directives: an HTML comment that starts a line (up to three spaces of indentation)
 *       and holds one {@code KEY: value} line, such as {@code <!-- CURRENT FOCUS: the API -->}. Keys
 *       are words of letters, digits, {@code _} and {@code -}, read in any case. Outside bot sections
 *       {@code CURRENT FOCUS} (or {@code FOCUS}) sets the focus, each {@code PRIORITY} adds a
 *       priority, each {@code BLOCKED} a blocker ({@code none} adds nothing); every inline directive
 *       there, known or not, is kept in {@link Directives#inline()}. A comment with more than one
 *       line of text is a plain comment: the place for commented-out examples.
 *   <li>Sections, from a {@code ## } heading to the next {@code #} or {@code ## } heading:
 *       {@code ## Priority queue} (its list items are priorities), {@code ## Blockers} (its list
 *       items are blockers), {@code ## Notes} (its list items and paragraphs are notes) and
 *       {@code ## Bot: <name>}.
 *   <li>A bot section holds that bot's directives: {@code <!-- FOCUS: … -->},
 *       {@code <!-- STATUS: paused -->} or {@code active} (also {@code <!-- PAUSED: true -->} or
 *       {@code false}), and one {@code <!-- LIMIT <name>: <value> -->} per limit, {@code <name>} one of
 *       {@link LimitOverrides#NAMES}; its list items and paragraphs are notes for the bot. Other keys
 *       there are ignored with a warning.
 *   <li>Fenced code blocks are skipped; headings are ATX ({@code ## Title}).
 * </ul>
 *
 * Errors (the {@code _meta} block, an unclosed comment or one that holds another {@code <!--}, a bad limit or status, a bad or repeated bot
 * section, a file that is not UTF-8 text or is larger than {@value #MAX_BYTES} bytes) mean no
 * directives; warnings leave them usable. Every problem names the file, line and column, and the
 * directive or field.
 */
public final class DirectivesParser {
    /** The largest directives file read, in bytes. */
    public static final int MAX_BYTES = 1 << 20;

    private static final Pattern COMMENT_START = Pattern.compile("^ {0,3}<!--");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?[ \\t]*$");
    private static final Pattern THEMATIC_BREAK = Pattern.compile("^ {0,3}([-*_])[ \\t]*(?:\\1[ \\t]*){2,}$");
    private static final Pattern LIST_ITEM = Pattern.compile("^([ \\t]*)(?:[-*+]|[0-9]{1,9}[.)])(?:[ \\t]+(.*))?$");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "^([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z][A-Za-z0-9_-]*)*)[ \\t]*:(?!//)[ \\t]*(.*?)[ \\t]*$");
    private static final Pattern BOT_HEADING = Pattern.compile("(?i)^bot[ \\t]*:[ \\t]*(.*)$");
    /** A bot name: the {@code name} of {@code schemas/common.schema.json}, a DNS-1123 label. */
    static final String BOT_NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    static final int BOT_NAME_MAX = 63;
    private static final Pattern BOT_NAME = Pattern.compile(BOT_NAME_PATTERN);
    private static final Pattern INLINE_COMMENT = Pattern.compile("<!--.*?-->");
    private static final Pattern NONE = Pattern.compile("(?i)^(none|nothing|n/a|-)\\.?$");
    private static final int MAX_KEY_CHARS = 60;

    private DirectivesParser() {}

    /** Reads {@code content}, the bytes of {@code file} (a repository-relative path used in problems). */
    public static DirectivesRead parse(String file, byte[] content) {
        if (content.length > MAX_BYTES) {
            return failed(file, "the file is " + content.length + " bytes; a directives file may have at most " + MAX_BYTES);
        }
        for (int i = 0; i < content.length; i++) {
            if (content[i] == 0) {
                return failed(file, "binary content (NUL byte at offset " + i + "); expected a UTF-8 markdown file");
            }
        }
        String text;
        try {
            text = YamlReader.decodeUtf8(content);
        } catch (CharacterCodingException e) {
            return failed(file, "not valid UTF-8 text; expected a UTF-8 markdown file");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new Scan(file, lines(text)).run(hash(content));
    }

    /** The hex SHA-256 of {@code content}, as in {@link Directives#contentHash()}. */
    public static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static DirectivesRead failed(String file, String message) {
        return new DirectivesRead(Optional.empty(), List.of(Problem.error(SourceLocation.wholeFile(file), "", message)));
    }

    /** The lines of {@code text}, split at {@code \r\n}, {@code \n} or {@code \r} as YAML does. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private enum SectionKind { OTHER, PRIORITIES, BLOCKERS, NOTES, BOT, IGNORED_BOT }

    /** A line of a comment's text: where it is in the file, for locations. */
    private record BodyLine(int index, int offset, String text) {}

    /** A bot section being read. */
    private static final class BotSection {
        final String name;
        final int line;
        Boolean paused;
        int pausedLine;
        String focus;
        int focusLine;
        LimitOverrides limits = LimitOverrides.NONE;
        final Map<String, Integer> limitLines = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();

        BotSection(String name, int line) {
            this.name = name;
            this.line = line;
        }

        BotDirectives build() {
            return new BotDirectives(name, paused != null && paused, focus, limits, notes);
        }
    }

    /** A list item or paragraph being read. */
    private static final class Item {
        final boolean listItem;
        final StringBuilder text = new StringBuilder();

        Item(boolean listItem, String first) {
            this.listItem = listItem;
            append(first);
        }

        void append(String more) {
            if (more != null && !more.isBlank()) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(more.strip());
            }
        }

        String clean() {
            return INLINE_COMMENT.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").strip();
        }
    }

    /** One pass over the lines of a file. */
    private static final class Scan {
        private final String file;
        private final List<String> lines;
        private final List<Problem> problems = new ArrayList<>();

        private String metaBody;
        private int metaLine;
        private String focus;
        private int focusLine;
        private final List<String> priorities = new ArrayList<>();
        private final List<String> blockers = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, List<String>> inline = new LinkedHashMap<>();
        private final Map<String, BotSection> bots = new LinkedHashMap<>();

        private SectionKind section = SectionKind.OTHER;
        private BotSection bot;
        private Item item;

        Scan(String file, List<String> lines) {
            this.file = file;
            this.lines = lines;
        }

        DirectivesRead run(String hash) {
            String fence = null;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (fence != null) {
                    if (closesFence(line, fence)) {
                        fence = null;
                    }
                    continue;
                }
                Matcher fenceStart = FENCE.matcher(line);
                if (fenceStart.matches() && !(fenceStart.group(1).charAt(0) == '`' && fenceStart.group(2).contains("`"))) {
                    flush();
                    fence = fenceStart.group(1);
                    continue;
                }
                if (COMMENT_START.matcher(line).find()) {
                    flush();
                    int next = comments(i, line.indexOf("<!--"));
                    if (next < 0) {
                        break;
                    }
                    i = next;
                    continue;
                }
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    flush();
                    heading(i, heading.group(1).length(), heading.group(2) == null ? "" : heading.group(2));
                    continue;
                }
                if (line.isBlank() || THEMATIC_BREAK.matcher(line).matches()) {
                    flush();
                    continue;
                }
                Matcher listItem = LIST_ITEM.matcher(line);
                if (listItem.matches()) {
                    if (item != null && item.listItem && indent(listItem.group(1)) >= 2) {
                        item.append(listItem.group(2));
                    } else {
                        flush();
                        item = new Item(true, listItem.group(2));
                    }
                    continue;
                }
                if (item != null) {
                    item.append(line);
                } else {
                    item = new Item(false, line);
                }
            }
            flush();
            return finish(hash);
        }

        private DirectivesRead finish(String hash) {
            DirectivesMeta meta;
            if (metaBody == null) {
                problems.add(DirectivesMetaReader.missing(file));
                meta = new DirectivesMeta(null, null, DirectivesMeta.Status.ACTIVE);
            } else {
                meta = DirectivesMetaReader.readBlock(file, metaBody, metaLine, problems).orElse(null);
            }
            problems.sort(Problem.BY_LOCATION);
            if (meta == null || problems.stream().anyMatch(Problem::isError)) {
                return new DirectivesRead(Optional.empty(), problems);
            }
            Map<String, BotDirectives> botDirectives = new LinkedHashMap<>();
            bots.forEach((name, section) -> botDirectives.put(name, section.build()));
            return new DirectivesRead(
                    Optional.of(new Directives(meta, hash, focus, priorities, blockers, notes, inline, botDirectives)), problems);
        }

        /**
         * Reads the comment that opens at {@code start} on line {@code index} and any comment right
         * after it on its last line. Returns the index of that last line, or -1 when a comment is not
         * closed (the rest of the file is hidden in it).
         */
        private int comments(int index, int start) {
            int lineIndex = index;
            int open = start;
            while (true) {
                List<BodyLine> body = new ArrayList<>();
                int from = open + 4;
                int end = -1;
                int endLine = lineIndex;
                for (int j = lineIndex; j < lines.size(); j++) {
                    String line = lines.get(j);
                    int offset = j == lineIndex ? from : 0;
                    int close = line.indexOf("-->", offset);
                    if (close >= 0) {
                        body.add(new BodyLine(j, offset, line.substring(offset, close)));
                        end = close;
                        endLine = j;
                        break;
                    }
                    body.add(new BodyLine(j, offset, line.substring(offset)));
                }
                if (end < 0) {
                    problems.add(Problem.error(location(lineIndex, open), "<!--",
                            "this comment is never closed with '-->'; everything after it would be hidden"));
                    return -1;
                }
                BodyLine nested = body.stream().filter(line -> line.text().contains("<!--")).findFirst().orElse(null);
                if (nested != null) {
                    problems.add(Problem.error(location(lineIndex, open), "<!--",
                            "this comment is not closed before the next '<!--' (line " + (nested.index() + 1)
                                    + "); close it with '-->'"));
                } else {
                    comment(lineIndex, open, body);
                }
                String rest = lines.get(endLine).substring(end + 3);
                int nextOpen = rest.indexOf("<!--");
                if (!rest.isBlank() && rest.strip().startsWith("<!--")) {
                    lineIndex = endLine;
                    open = end + 3 + nextOpen;
                    continue;
                }
                return endLine;
            }
        }

        private void comment(int lineIndex, int open, List<BodyLine> body) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < body.size(); i++) {
                joined.append(i == 0 ? "" : "\n").append(body.get(i).text());
            }
            if (joined.toString().strip().startsWith("_meta:")) {
                if (metaBody != null) {
                    problems.add(Problem.error(location(lineIndex, open), "_meta",
                            "a second _meta block (the first is at line " + (metaLine + 1) + "); keep one"));
                } else {
                    metaBody = joined.toString();
                    metaLine = lineIndex;
                }
                return;
            }
            List<BodyLine> text = body.stream().filter(line -> !line.text().isBlank()).toList();
            if (text.size() != 1) {
                return;
            }
            BodyLine line = text.get(0);
            String stripped = line.text().strip();
            Matcher keyValue = KEY_VALUE.matcher(stripped);
            if (!keyValue.matches() || keyValue.group(1).length() > MAX_KEY_CHARS) {
                return;
            }
            int keyAt = line.offset() + line.text().indexOf(stripped);
            int valueAt = keyAt + keyValue.start(2);
            directive(line.index(), keyAt, valueAt, keyValue.group(1).replaceAll("\\s+", " "), keyValue.group(2));
        }

        private void directive(int index, int keyAt, int valueAt, String key, String value) {
            String upper = key.toUpperCase(Locale.ROOT);
            String[] words = key.split(" ");
            boolean limit = words[0].equalsIgnoreCase("LIMIT") || words[0].equalsIgnoreCase("LIMITS");
            if (section == SectionKind.IGNORED_BOT) {
                return;
            }
            if (section == SectionKind.BOT) {
                botDirective(index, keyAt, valueAt, upper, words, limit, value);
                return;
            }
            inline.computeIfAbsent(upper, k -> new ArrayList<>()).add(value);
            switch (upper) {
                case "CURRENT FOCUS", "FOCUS" -> {
                    if (focus != null) {
                        problems.add(Problem.warning(location(index, keyAt), upper,
                                "the focus is set again (first at line " + (focusLine + 1) + "); the last one counts"));
                    }
                    focus = value.isEmpty() ? null : value;
                    focusLine = index;
                }
                case "PRIORITY" -> {
                    if (!value.isEmpty()) {
                        priorities.add(value);
                    }
                }
                case "BLOCKED" -> {
                    if (!value.isEmpty() && !NONE.matcher(value).matches()) {
                        blockers.add(value);
                    }
                }
                case "STATUS", "PAUSED" -> problems.add(Problem.warning(location(index, keyAt), upper,
                        "ignored outside a '## Bot: <name>' section; to pause every bot set 'status: paused' in _meta"));
                default -> {
                    if (limit) {
                        problems.add(Problem.warning(location(index, keyAt), key,
                                "ignored outside a '## Bot: <name>' section; limits are changed per bot"));
                    }
                }
            }
        }

        private void botDirective(int index, int keyAt, int valueAt, String upper, String[] words, boolean limit, String value) {
            if (limit) {
                limit(index, keyAt, valueAt, words, value);
                return;
            }
            switch (upper) {
                case "FOCUS", "CURRENT FOCUS" -> {
                    if (bot.focus != null) {
                        problems.add(Problem.warning(location(index, keyAt), upper, "the focus of " + bot.name
                                + " is set again (first at line " + (bot.focusLine + 1) + "); the last one counts"));
                    }
                    bot.focus = value.isEmpty() ? null : value;
                    bot.focusLine = index;
                }
                case "STATUS" -> {
                    String status = value.toLowerCase(Locale.ROOT);
                    if (!status.equals("paused") && !status.equals("active")) {
                        problems.add(Problem.error(location(index, valueAt), upper,
                                "expected 'paused' or 'active', got '" + value + "'"));
                        return;
                    }
                    pause(index, keyAt, upper, status.equals("paused"));
                }
                case "PAUSED" -> {
                    String paused = value.toLowerCase(Locale.ROOT);
                    if (!paused.equals("true") && !paused.equals("false")) {
                        problems.add(Problem.error(location(index, valueAt), upper,
                                "expected 'true' or 'false', got '" + value + "'"));
                        return;
                    }
                    pause(index, keyAt, upper, paused.equals("true"));
                }
                default -> problems.add(Problem.warning(location(index, keyAt), upper,
                        "unknown directive in the section of " + bot.name
                                + "; ignored (a bot section reads FOCUS, STATUS, PAUSED and LIMIT <name>)"));
            }
        }

        private void pause(int index, int keyAt, String key, boolean paused) {
            if (bot.paused != null) {
                problems.add(Problem.warning(location(index, keyAt), key, "whether " + bot.name
                        + " is paused is set again (first at line " + (bot.pausedLine + 1) + "); the last one counts"));
            }
            bot.paused = paused;
            bot.pausedLine = index;
        }

        private void limit(int index, int keyAt, int valueAt, String[] words, String value) {
            String written = String.join(" ", words);
            String example = "one limit per directive, such as <!-- LIMIT changesPerCycle: 10 -->; limits: "
                    + String.join(", ", LimitOverrides.NAMES);
            if (words.length != 2 || !words[0].equalsIgnoreCase("LIMIT")) {
                problems.add(Problem.error(location(index, keyAt), written, "write " + example));
                return;
            }
            String name = LimitOverrides.canonicalName(words[1]);
            if (name == null) {
                int nameAt = lines.get(index).indexOf(words[1], keyAt + words[0].length());
                problems.add(Problem.error(location(index, nameAt), written, "unknown limit '" + words[1] + "'; write " + example));
                return;
            }
            String field = "LIMIT " + name;
            try {
                bot.limits = bot.limits.with(name, value);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(location(index, valueAt), field, e.getMessage()));
                return;
            }
            Integer previous = bot.limitLines.put(name, index);
            if (previous != null) {
                problems.add(Problem.warning(location(index, keyAt), field, name + " of " + bot.name
                        + " is set again (first at line " + (previous + 1) + "); the last one counts"));
            }
        }

        private void heading(int index, int level, String rawTitle) {
            if (level > 2) {
                return;
            }
            section = SectionKind.OTHER;
            bot = null;
            if (level == 1) {
                return;
            }
            String title = rawTitle.replaceAll("[ \\t]+#+$", "").strip();
            Matcher botHeading = BOT_HEADING.matcher(title);
            if (botHeading.matches()) {
                botSection(index, botHeading.group(1).strip());
                return;
            }
            String name = title.replaceAll(":$", "").strip().toLowerCase(Locale.ROOT);
            section = switch (name) {
                case "priority queue", "priorities" -> SectionKind.PRIORITIES;
                case "blockers" -> SectionKind.BLOCKERS;
                case "notes" -> SectionKind.NOTES;
                default -> SectionKind.OTHER;
            };
        }

        private void botSection(int index, String written) {
            String name = written.length() > 1 && written.startsWith("`") && written.endsWith("`")
                    ? written.substring(1, written.length() - 1).strip()
                    : written;
            String line = lines.get(index);
            int at = written.isEmpty() ? line.length() : line.indexOf(written);
            section = SectionKind.IGNORED_BOT;
            if (name.length() > BOT_NAME_MAX || !BOT_NAME.matcher(name).matches()) {
                problems.add(Problem.error(location(index, at), "Bot", (name.isEmpty() ? "a bot section without a name"
                        : "'" + name + "' is not a bot name")
                        + "; expected lower-case letters, digits and '-', at most 63 characters, as in '## Bot: format-bot'"));
                return;
            }
            BotSection first = bots.get(name);
            if (first != null) {
                problems.add(Problem.error(location(index, at), "Bot: " + name,
                        "a second section for bot " + name + " (the first is at " + file + ":" + (first.line + 1)
                                + "); keep one section per bot"));
                return;
            }
            bot = new BotSection(name, index);
            bots.put(name, bot);
            section = SectionKind.BOT;
        }

        /** Ends the list item or paragraph being read and files it under the current section. */
        private void flush() {
            if (item == null) {
                return;
            }
            String text = item.clean();
            boolean listItem = item.listItem;
            item = null;
            if (text.isEmpty()) {
                return;
            }
            switch (section) {
                case PRIORITIES -> {
                    if (listItem) {
                        priorities.add(text);
                    }
                }
                case BLOCKERS -> {
                    if (listItem && !NONE.matcher(text).matches()) {
                        blockers.add(text);
                    }
                }
                case NOTES -> notes.add(text);
                case BOT -> bot.notes.add(text);
                default -> { }
            }
        }

        private SourceLocation location(int index, int charIndex) {
            String line = lines.get(index);
            int column = line.codePointCount(0, Math.min(Math.max(charIndex, 0), line.length())) + 1;
            return new SourceLocation(file, index + 1, column);
        }

        /** Whether {@code line} closes a fenced code block opened with {@code fence} (as long or longer, nothing else). */
        private static boolean closesFence(String line, String fence) {
            int n = 0;
            while (n < line.length() && line.charAt(n) == ' ') {
                n++;
            }
            String stripped = line.strip();
            return n <= 3 && stripped.startsWith(fence) && stripped.chars().allMatch(c -> c == fence.charAt(0));
        }

        private static int indent(String whitespace) {
            int n = 0;
            for (char c : whitespace.toCharArray()) {
                n += c == '\t' ? 4 : 1;
            }
            return n;
        }
    }
}
