package io.manybot.core.event;

import io.manybot.core.declaration.Bot;
import io.manybot.core.ownership.CodeOwners;
import io.manybot.core.ownership.DelegateLevel;
import io.manybot.core.ownership.Entry;
import io.manybot.core.ownership.ManybotOwners;
import io.manybot.core.ownership.OwnersFile;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.OwnershipResolution;
import io.manybot.core.ownership.Principal;
import io.manybot.core.ownership.ProwOwners;
import io.manybot.core.repo.PathRefusedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commands to bots written in issue and pull (merge) request comments, and who may give them.
 *
 * <h2>Syntax</h2>
 * {@code @manybot <verb> [bot]} with the verbs {@code trigger}, {@code pause}, {@code resume} and
 * {@code status}; mention and verb in any case; the bot name is a declared bot's name (trailing
 * punctuation such as {@code .} or {@code ,} is dropped). The mention counts only at the start of a line
 * or after whitespace ({@code mail@manybot.io} is no mention, nor is {@code @manybot-dev}). Not read:
 * quoted lines ({@code > …}), fenced code blocks ({@code ```} or {@code ~~~}), indented code blocks
 * and inline code spans — so quoting or showing a command does not run it. Unknown verbs, and names
 * that cannot be bot names, are skipped. At most {@value #MAX_COMMANDS} commands are read from one
 * comment, each distinct command once.
 *
 * <h2>Who may command a bot</h2>
 * The author of the comment must be an <em>owner</em> of at least one of the paths the bot owns,
 * according to the repository's {@link OwnershipIndex}:
 * <ul>
 *   <li>the paths a bot owns are the literal directories of its {@code owns} globs
 *       ({@code src/format/**} → {@code src/format}; a glob with no literal directory, such as
 *       {@code *.py}, stands for the repository root), plus the directories of the OWNERS files that
 *       name the bot (as primary, delegate or approver) and the CODEOWNERS patterns that do;</li>
 *   <li>an owner of such a path is whoever {@link OwnershipIndex#resolve} lists among its owners —
 *       a manybot-format primary or writing delegate (maintainer, owner), a Prow approver (not
 *       emeritus) or a CODEOWNERS owner, in the nearest OWNERS file or one above it — or a
 *       contributor delegate. Observer delegates, reviewers and emeritus approvers may not command
 *       bots, nor may teams (team membership is not known here).</li>
 * </ul>
 * Without an ownership index, or when the bot owns no path, every command is refused. The rule is
 * the same for every verb, {@code status} included.
 */
public final class ChatCommands {
    public static final String MENTION = "@manybot";
    public static final int MAX_COMMANDS = 20;

    private static final Pattern COMMAND = Pattern.compile("(?<![^\\s])@manybot(?![\\w-])[ \\t]+([A-Za-z]+)(?![\\w-])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(?!`)(.+?)(?<!`)\\1(?!`)");
    private static final String TRAILING_PUNCTUATION = ".,;:!?)";

    private ChatCommands() {}

    /** Whether {@code allowed}, and why (or why not): naming the rule and the OWNERS line that decided. */
    public record Authorization(boolean allowed, String reason) {}

    /**
     * What to do with one command of a comment for one bot.
     *
     * @param bot the bot the command is for, or null when it names no (declared) bot
     */
    public record Decision(ChatCommand command, String bot, boolean allowed, String reason) {}

    /** The commands in {@code body} (a comment in Markdown), in order; see the class comment. */
    public static List<ChatCommand> parse(String body) {
        if (body == null || body.isEmpty()) {
            return List.of();
        }
        Map<String, ChatCommand> found = new LinkedHashMap<>();
        String[] lines = body.split("\r\n|\r|\n", -1);
        char fence = 0;
        int fenceLength = 0;
        boolean previousBlank = true;
        boolean inIndentedCode = false;
        for (int i = 0; i < lines.length && found.size() < MAX_COMMANDS; i++) {
            String line = lines[i];
            int indent = indent(line);
            String rest = line.substring(Math.min(line.length(), indent));
            if (fence != 0) {
                if (indent <= 3 && run(rest, fence) >= fenceLength && rest.substring(run(rest, fence)).isBlank()) {
                    fence = 0;
                }
                previousBlank = false;
                continue;
            }
            if (line.isBlank()) {
                previousBlank = true;
                continue;
            }
            if (indent <= 3 && (run(rest, '`') >= 3 || run(rest, '~') >= 3)) {
                fence = rest.charAt(0);
                fenceLength = run(rest, fence);
                previousBlank = false;
                continue;
            }
            if (indent >= 4 && (previousBlank || inIndentedCode)) {
                inIndentedCode = true;
                previousBlank = false;
                continue;
            }
            inIndentedCode = false;
            previousBlank = false;
            if (indent <= 3 && rest.startsWith(">")) {
                continue;
            }
            read(INLINE_CODE.matcher(line).replaceAll(" "), i + 1, found);
        }
        return List.copyOf(found.values());
    }

    /** Columns of leading spaces (a tab counts as 4). */
    private static int indent(String line) {
        int columns = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                columns++;
            } else if (c == '\t') {
                columns += 4;
            } else {
                return columns;
            }
        }
        return columns;
    }

    private static int run(String text, char c) {
        int n = 0;
        while (n < text.length() && text.charAt(n) == c) {
            n++;
        }
        return n;
    }

    private static void read(String line, int number, Map<String, ChatCommand> found) {
        Matcher m = COMMAND.matcher(line);
        while (m.find() && found.size() < MAX_COMMANDS) {
            ChatCommand.Verb verb;
            try {
                verb = ChatCommand.Verb.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                continue;
            }
            String after = line.substring(m.end());
            int start = 0;
            while (start < after.length() && (after.charAt(start) == ' ' || after.charAt(start) == '\t')) {
                start++;
            }
            int end = start;
            while (end < after.length() && !Character.isWhitespace(after.charAt(end))) {
                end++;
            }
            String token = after.substring(start, end);
            if (start == 0 && !token.isEmpty() && TRAILING_PUNCTUATION.indexOf(token.charAt(0)) < 0) {
                continue; // not separated from the verb
            }
            while (!token.isEmpty() && TRAILING_PUNCTUATION.indexOf(token.charAt(token.length() - 1)) >= 0) {
                token = token.substring(0, token.length() - 1);
            }
            String bot = null;
            if (!token.isEmpty() && !token.startsWith("@") && start > 0) {
                String name = token.toLowerCase(Locale.ROOT);
                if (!BOT_NAME.matcher(name).matches()) {
                    continue; // not a bot name: skip rather than guess
                }
                bot = name;
            }
            ChatCommand command = new ChatCommand(verb, bot, number);
            found.putIfAbsent(verb + " " + bot, command);
        }
    }

    /** Whether {@code author} may give {@code command} to {@code bot}; see the class comment for the rule. */
    public static Authorization authorize(ChatCommand command, Principal author, Bot bot, OwnershipIndex ownership) {
        String what = command == null ? "the command" : "'" + command.verb().name().toLowerCase(Locale.ROOT) + "'";
        if (bot == null) {
            return new Authorization(false, "no such bot" + (command != null && command.bot() != null ? ": " + command.bot() : ""));
        }
        if (author == null) {
            return new Authorization(false, "the comment has no known author");
        }
        if (ownership == null) {
            return new Authorization(false, "no ownership information for the repository: " + what + " for " + bot.name()
                    + " is refused");
        }
        Set<String> areas = ownedAreas(bot, ownership);
        if (areas.isEmpty()) {
            return new Authorization(false, bot.name() + " owns no paths, so nobody may give it " + what + " from a comment");
        }
        for (String area : areas) {
            OwnershipResolution resolution;
            try {
                resolution = ownership.resolve(area);
            } catch (PathRefusedException e) {
                continue;
            }
            String shown = area.isEmpty() ? "the repository root" : area;
            for (Entry owner : resolution.owners()) {
                if (owner.principal().equals(author)) {
                    return new Authorization(true, author + " owns " + shown + " (" + owner.describe() + "), which "
                            + bot.name() + " owns: " + what + " allowed");
                }
            }
            for (ManybotOwners.Delegate delegate : resolution.delegates()) {
                if (delegate.entry().principal().equals(author) && delegate.level() != DelegateLevel.OBSERVER) {
                    return new Authorization(true, author + " is a " + delegate.level().name().toLowerCase(Locale.ROOT)
                            + " delegate of " + shown + " (" + delegate.entry().describe() + "), which " + bot.name()
                            + " owns: " + what + " allowed");
                }
            }
        }
        List<String> shown = areas.stream().map(a -> a.isEmpty() ? "/" : a).limit(5).toList();
        return new Authorization(false, author + " is not an owner, delegate or approver of any path " + bot.name() + " owns ("
                + String.join(", ", shown) + (areas.size() > 5 ? ", …" : "") + "): " + what + " refused");
    }

    /**
     * The commands of {@code comment}, each decided for the bot it names: allowed or refused by
     * {@link #authorize}. A command naming no bot: {@code status} stands for every bot in {@code bots}
     * (each decided on its own); other verbs are refused ("name the bot"). A name matching no bot in
     * {@code bots} is refused. {@code bots} are those working on the comment's repository (see
     * {@link EventRouter#worksOn}), and {@code ownership} that repository's index.
     */
    public static List<Decision> decide(RepositoryEvent.Comment comment, Collection<Bot> bots, OwnershipIndex ownership) {
        Map<String, Bot> byName = new TreeMap<>();
        for (Bot bot : bots) {
            byName.putIfAbsent(bot.name(), bot);
        }
        Principal author = comment.authorPrincipal();
        List<Decision> decisions = new ArrayList<>();
        for (ChatCommand command : parse(comment.body())) {
            if (command.bot() == null) {
                if (command.verb() != ChatCommand.Verb.STATUS) {
                    decisions.add(new Decision(command, null, false,
                            "name the bot: @manybot " + command.verb().name().toLowerCase(Locale.ROOT) + " <bot>"));
                    continue;
                }
                for (Bot bot : byName.values()) {
                    Authorization a = authorize(command, author, bot, ownership);
                    decisions.add(new Decision(command, bot.name(), a.allowed(), a.reason()));
                }
                continue;
            }
            Bot bot = byName.get(command.bot());
            if (bot == null) {
                decisions.add(new Decision(command, null, false, "no bot named " + command.bot() + " works on "
                        + LogText.line(comment.repository().fullName(), 200)));
                continue;
            }
            Authorization a = authorize(command, author, bot, ownership);
            decisions.add(new Decision(command, bot.name(), a.allowed(), a.reason()));
        }
        return decisions;
    }

    /** Representative paths of what {@code bot} owns: see the class comment. */
    static Set<String> ownedAreas(Bot bot, OwnershipIndex ownership) {
        Set<String> areas = new LinkedHashSet<>();
        for (String glob : bot.owns()) {
            areas.add(literalDirectory(glob));
        }
        Principal self = Principal.bot(bot.name());
        for (OwnersFile file : ownership.files()) {
            if (names(file, self)) {
                areas.add(file.directory());
            }
        }
        CodeOwners codeOwners = ownership.codeOwners();
        if (codeOwners != null) {
            for (CodeOwners.Rule rule : codeOwners.rules()) {
                if (rule.owners().stream().anyMatch(e -> e.principal().equals(self))) {
                    areas.add(literalDirectory(rule.pattern().pattern()));
                }
            }
        }
        return areas;
    }

    private static boolean names(OwnersFile file, Principal principal) {
        if (file instanceof ManybotOwners m) {
            return (m.primary() != null && m.primary().principal().equals(principal))
                    || m.delegates().stream().anyMatch(d -> d.entry().principal().equals(principal));
        }
        if (file instanceof ProwOwners p) {
            return p.rules().stream().anyMatch(r -> r.approvers().stream().anyMatch(e -> e.principal().equals(principal)));
        }
        return false;
    }

    /**
     * The directory a glob is rooted at: its text up to the first wildcard, cut back to the last
     * slash ({@code src/format/**} → {@code src/format}, {@code docs/} → {@code docs},
     * {@code *.py} → the root "").
     */
    static String literalDirectory(String glob) {
        String g = glob.strip();
        int meta = -1;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                meta = i;
                break;
            }
        }
        String literal;
        if (meta < 0) {
            literal = g;
        } else {
            int slash = g.lastIndexOf('/', meta);
            literal = slash < 0 ? "" : g.substring(0, slash);
        }
        while (literal.startsWith("/")) {
            literal = literal.substring(1);
        }
        while (literal.endsWith("/")) {
            literal = literal.substring(0, literal.length() - 1);
        }
        return literal;
    }
}
