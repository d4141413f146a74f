package io.manybot.core.ownership;

import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A GitHub CODEOWNERS file, consulted for paths no OWNERS file governs. The last matching pattern
 * wins; a pattern without owners makes its paths unowned. Owners are {@code @login},
 * {@code @org/team}, an e-mail address, or (a Manybot extension) {@code manybot:<bot>}. As on GitHub,
 * a line with an invalid pattern or owner is skipped (reported as a problem); the other lines hold.
 * Patterns: {@link CodeOwnersPattern}.
 */
public final class CodeOwners {
    /** Where GitHub looks for the file, in its order of precedence. */
    public static final List<String> LOCATIONS = List.of(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS");
    private static final Pattern LOGIN = Pattern.compile("@[A-Za-z0-9][-A-Za-z0-9_.]*");
    private static final Pattern TEAM = Pattern.compile("@[A-Za-z0-9][-A-Za-z0-9_.]*/[A-Za-z0-9][-A-Za-z0-9_.]*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern BOT = Pattern.compile("manybot:[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final String path;
    private final List<Rule> rules;

    private CodeOwners(String path, List<Rule> rules) {
        this.path = path;
        this.rules = List.copyOf(rules);
    }

    /** One line: a pattern and its owners (none: the paths are unowned). */
    public record Rule(CodeOwnersPattern pattern, List<Entry> owners, SourceLocation location) {
        public Rule {
            owners = List.copyOf(owners);
        }
    }

    public static CodeOwners read(String path, String text, List<Problem> problems) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            List<int[]> spans = tokens(lines[n]);
            if (spans.isEmpty()) {
                continue;
            }
            String line = lines[n];
            int[] first = spans.get(0);
            SourceLocation at = new SourceLocation(path, n + 1, first[0] + 1);
            CodeOwnersPattern pattern;
            try {
                pattern = CodeOwnersPattern.compile(line.substring(first[0], first[1]));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(at, "pattern", e.getMessage() + "; the line is skipped"));
                continue;
            }
            List<Entry> owners = new ArrayList<>();
            boolean valid = true;
            for (int[] span : spans.subList(1, spans.size())) {
                String token = line.substring(span[0], span[1]);
                SourceLocation ownerAt = new SourceLocation(path, n + 1, span[0] + 1);
                Principal owner = owner(token);
                if (owner == null) {
                    problems.add(Problem.error(ownerAt, "owner", "'" + token
                            + "' is not an owner; expected @login, @org/team, an e-mail address or manybot:<bot>;"
                            + " the line is skipped, as GitHub does"));
                    valid = false;
                } else {
                    owners.add(new Entry(owner, ownerAt));
                }
            }
            if (valid) {
                rules.add(new Rule(pattern, owners, at));
            }
        }
        return new CodeOwners(path, rules);
    }

    private static Principal owner(String token) {
        if (TEAM.matcher(token).matches()) {
            return new Principal(Principal.Kind.TEAM, token.substring(1));
        }
        if (LOGIN.matcher(token).matches()) {
            return new Principal(Principal.Kind.HUMAN, token.substring(1));
        }
        if (BOT.matcher(token).matches()) {
            return Principal.parse(token);
        }
        if (EMAIL.matcher(token).matches()) {
            return new Principal(Principal.Kind.HUMAN, token);
        }
        return null;
    }

    /** Start and end of each whitespace-separated token before a comment; '\' escapes the next character. */
    private static List<int[]> tokens(String line) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= line.length() || line.charAt(i) == '#') {
                break;
            }
            int start = i;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                i += line.charAt(i) == '\\' && i + 1 < line.length() ? 2 : 1;
            }
            spans.add(new int[] {start, i});
        }
        return spans;
    }

    public String path() {
        return path;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The last rule whose pattern matches {@code path}. */
    public Optional<Rule> match(String path) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (rules.get(i).pattern().matches(path)) {
                return Optional.of(rules.get(i));
            }
        }
        return Optional.empty();
    }
}
