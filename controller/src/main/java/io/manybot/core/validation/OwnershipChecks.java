package io.manybot.core.validation;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Located;
import io.manybot.core.ownership.CodeOwners;
import io.manybot.core.ownership.Decision;
import io.manybot.core.ownership.Entry;
import io.manybot.core.ownership.Glob;
import io.manybot.core.ownership.ManybotOwners;
import io.manybot.core.ownership.OwnersFile;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.Principal;
import io.manybot.core.ownership.ProwOwners;
import io.manybot.core.ownership.Verdict;
import io.manybot.core.problem.Problem;
import io.manybot.core.yaml.FieldPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks between ownership files and bots: every bot an ownership file names should be declared,
 * and every path a bot claims should be given to it by the ownership files (both warnings: the
 * repository still works, but not as its authors meant).
 */
final class OwnershipChecks {
    private OwnershipChecks() {}

    /** Stands for a file not yet in the tree, where a claim covers none. */
    private static final String NEW_FILE = "new-file";

    static List<Problem> check(OwnershipIndex ownership, Declarations declarations, List<String> files) {
        List<Problem> problems = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (Entry entry : namedPrincipals(ownership).toList()) {
            Principal principal = entry.principal();
            if (principal.isBot() && !declarations.bots().containsKey(principal.id())
                    && reported.add(principal.id() + "@" + entry.location())) {
                problems.add(Problem.warning(entry.location(), "",
                        principal + " is named here but no Manybot '" + principal.id() + "' is declared"));
            }
        }
        for (Located<Bot> located : declarations.bots().values()) {
            Bot bot = located.value();
            for (int i = 0; i < bot.owns().size(); i++) {
                checkClaim(bot, i, located, files, ownership, problems);
            }
        }
        return problems;
    }

    /**
     * A claimed glob is given to the bot when it may write every file of the tree the glob covers
     * (ownership files aside: bots change those only through review); a glob that covers no file yet
     * is judged on a new file under its directory part.
     */
    /** Whether the ownership files give {@code located}'s bot every path it claims (warnings when not). */
    static List<Problem> claims(Located<Bot> located, OwnershipIndex ownership, List<String> files) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < located.value().owns().size(); i++) {
            checkClaim(located.value(), i, located, files, ownership, problems);
        }
        return problems;
    }

    private static void checkClaim(
            Bot bot, int i, Located<Bot> located, List<String> files, OwnershipIndex ownership, List<Problem> problems) {
        String claim = bot.owns().get(i);
        Glob glob;
        try {
            glob = Glob.compile(claim);
        } catch (IllegalArgumentException e) {
            return;
        }
        Principal principal = Principal.bot(bot.name());
        List<String> covered = files.stream()
                .filter(path -> glob.matches(path) && !ownership.isOwnership(path))
                .toList();
        if (covered.isEmpty()) {
            String directory = staticPrefix(claim);
            covered = List.of(directory.isEmpty() ? NEW_FILE : directory + "/" + NEW_FILE);
        }
        List<Verdict> notGiven = covered.stream()
                .map(path -> ownership.verdict(path, principal))
                .filter(verdict -> verdict.decision() != Decision.WRITE)
                .toList();
        if (!notGiven.isEmpty()) {
            Verdict first = notGiven.get(0);
            problems.add(located.document().warning(FieldPath.of("spec", "owns", i),
                    bot.principal() + " claims '" + claim + "' but the ownership files do not give it "
                            + notGiven.size() + " of " + covered.size() + " path(s) there; first: " + first.path() + " -> "
                            + first.decision().name().toLowerCase(Locale.ROOT) + " (" + first.reason() + ")"));
        }
    }

    /** The directory part of a glob before its first wildcard ("src/api/**" → "src/api"). */
    static String staticPrefix(String glob) {
        String trimmed = glob.startsWith("/") ? glob.substring(1) : glob;
        int wildcard = trimmed.length();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                wildcard = i;
                break;
            }
        }
        String prefix = trimmed.substring(0, wildcard);
        if (wildcard < trimmed.length()) {
            int slash = prefix.lastIndexOf('/');
            prefix = slash < 0 ? "" : prefix.substring(0, slash);
        }
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private static Stream<Entry> namedPrincipals(OwnershipIndex ownership) {
        Stream<Entry> fromFiles = ownership.files().stream().flatMap(OwnershipChecks::entries);
        Stream<Entry> fromAliases = ownership.aliases().all().values().stream().flatMap(List::stream);
        CodeOwners codeOwners = ownership.codeOwners();
        Stream<Entry> fromCodeOwners = codeOwners == null ? Stream.empty()
                : codeOwners.rules().stream().flatMap(rule -> rule.owners().stream());
        return Stream.of(fromFiles, fromAliases, fromCodeOwners).flatMap(s -> s);
    }

    private static Stream<Entry> entries(OwnersFile file) {
        if (file instanceof ManybotOwners m) {
            return Stream.of(Stream.of(m.primary()), m.delegates().stream().map(ManybotOwners.Delegate::entry),
                    m.requiredReviewers().stream(), m.optionalReviewers().stream()).flatMap(s -> s);
        }
        if (file instanceof ProwOwners p) {
            return Stream.concat(p.emeritusApprovers().stream(), p.rules().stream().flatMap(rule -> Stream.of(
                    rule.approvers().stream(), rule.reviewers().stream(), rule.requiredReviewers().stream()).flatMap(s -> s)));
        }
        return Stream.empty();
    }
}
