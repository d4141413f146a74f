package io.manybot.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes a synthetic repository on disk for benchmarking and cross-checking the ownership engine.
 * Deterministic: the same {@link Config} always gives the same tree, byte for byte.
 *
 * <p>The tree: a few top-level directories, then nested directories 2 to 8 levels deep; ordinary
 * files spread over them (Go, Java, Python, Markdown...); a root {@code OWNERS_ALIASES} with
 * {@link Config#aliases()} aliases (a few nested, a few with one member, referenced in any letter
 * case); a root {@code OWNERS} and further {@code OWNERS} files in random directories, about half in
 * the manybot format (primary, delegates of every level, reviewers, auto_approve, policies) and half
 * in the Prow format (approvers, reviewers, required_reviewers, labels, emeritus_approvers), ~10% of
 * the Prow ones with {@code filters}, ~5% of all with {@code options.no_parent_owners}.
 * {@link Config#files()} counts every file written, OWNERS files and OWNERS_ALIASES included.
 */
public final class OwnershipTreeGenerator {

    /**
     * @param files every file of the tree, ownership files included
     * @param ownersFiles OWNERS files, the root one included
     * @param aliases aliases in OWNERS_ALIASES
     */
    public record Config(int files, int ownersFiles, int aliases, long seed) {
        public static final Config BENCHMARK = new Config(100_000, 5_000, 200, 42);

        public Config {
            if (ownersFiles < 1 || files < ownersFiles + 1 || aliases < 12) {
                throw new IllegalArgumentException("need files > ownersFiles >= 1 and aliases >= 12");
            }
        }

        String describe() {
            return "files=" + files + " ownersFiles=" + ownersFiles + " aliases=" + aliases + " seed=" + seed;
        }
    }

    /** What was written. */
    public record Summary(
            int files, int directories, int ownersFiles, int manybotFiles, int prowFiles, int prowWithFilters,
            int noParentOwners, int aliases, int maxDepth, double meanFileDepth) {

        public String describe() {
            return String.format(Locale.ROOT,
                    "%,d files in %,d directories (depth up to %d, mean file depth %.1f); %,d OWNERS files: "
                            + "%,d manybot, %,d Prow (%,d with filters), %,d with no_parent_owners; %d aliases",
                    files, directories, maxDepth, meanFileDepth, ownersFiles, manybotFiles, prowFiles,
                    prowWithFilters, noParentOwners, aliases);
        }
    }

    private static final int MAX_DEPTH = 8;
    /** Relative weights of directory depths 2..8 (depth 1 is a fixed handful of top-level directories). */
    private static final double[] DEPTH_WEIGHTS = {1.5, 3, 3.5, 3, 2.5, 1.5, 1};
    private static final String[] DIRECTORY_WORDS = {
        "api", "apis", "pkg", "cmd", "internal", "core", "util", "utils", "server", "client", "controller",
        "storage", "network", "auth", "config", "scheduler", "proxy", "metrics", "logging", "docs", "test",
        "e2e", "integration", "vendor", "third_party", "plugin", "plugins", "cache", "queue", "events",
        "runtime", "kubelet", "apiserver", "registry", "volume", "admission", "webhook", "cli", "ui", "web",
        "frontend", "backend", "model", "models", "service", "services", "handlers", "middleware", "db",
        "migrations", "schema", "proto", "gen", "generated", "tools", "scripts", "hack", "build", "deploy",
        "charts", "manifests", "examples", "fixtures", "testdata", "v1", "v1beta1", "v2", "alpha", "beta"};
    private static final String[] FILE_WORDS = {
        "main", "handler", "types", "helpers", "doc", "server", "client", "reconcile", "validation",
        "defaults", "conversion", "register", "util", "config", "options", "factory", "store", "cache",
        "watch", "informer", "lister", "plugin", "admission", "metrics", "errors", "README", "CHANGELOG"};
    private static final String[] EXTENSIONS = {
        ".go", ".go", ".go", ".go", ".go", "_test.go", "_test.go", ".java", ".java", ".java", ".py", ".py",
        ".py", ".md", ".md", ".yaml", ".yaml", ".proto", ".ts", ".ts", ".ts", ".sh", ".txt", ".json"};
    private static final String[] FIRST_NAMES = {
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
        "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yolanda", "zoe",
        "amir", "bea", "chen", "dana", "emeka", "farah", "goran", "hana", "ines", "jonas", "kofi", "lena"};
    private static final String[] LABEL_WORDS = {
        "area/storage", "area/network", "area/api", "area/docs", "sig/node", "sig/apps", "sig/auth",
        "kind/cleanup", "lang/go", "lang/java", "needs-review", "tide/merge-method-squash"};
    /** Prow filters: regular expressions over paths relative to the OWNERS file's directory. */
    private static final String[] FILTERS = {
        ".*", "\\.go$", "_test\\.go$", "\\.(md|txt)$", "^docs/", "(^|/)vendor/", "\\.proto$",
        "\\.ya?ml$", "^[a-m]", "(^|/)testdata/", "\\.(ts|js)$", "^cmd/.*\\.go$"};
    private static final String[] GLOBS = {"*.md", "docs/", "**/*_test.go", "testdata/**", "*.txt", "gen/"};

    private final Config config;
    private final Random random;
    private final List<String> humans = new ArrayList<>();
    private final List<String> bots = new ArrayList<>();
    private final List<String> teams = new ArrayList<>();
    private final List<String> aliasNames = new ArrayList<>();

    public OwnershipTreeGenerator(Config config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    /** Writes the tree into {@code root} (created if needed; expected empty). */
    public Summary generate(Path root) throws IOException {
        Files.createDirectories(root);
        principals();
        List<String> directories = directories();
        Map<String, Integer> depthOf = new HashMap<>();
        for (String directory : directories) {
            depthOf.put(directory, depth(directory));
        }
        for (String directory : directories) {
            if (!directory.isEmpty()) {
                Files.createDirectories(root.resolve(directory));
            }
        }
        write(root, "OWNERS_ALIASES", aliasesFile());

        List<String> ownersDirectories = new ArrayList<>();
        ownersDirectories.add("");
        List<String> candidates = new ArrayList<>(directories.subList(1, directories.size()));
        shuffle(candidates);
        ownersDirectories.addAll(candidates.subList(0, Math.min(candidates.size(), config.ownersFiles() - 1)));
        int manybot = 0;
        int prow = 0;
        int filtered = 0;
        int noParent = 0;
        for (String directory : ownersDirectories) {
            boolean isRoot = directory.isEmpty();
            boolean cutOff = !isRoot && random.nextDouble() < 0.05;
            noParent += cutOff ? 1 : 0;
            String content;
            if (isRoot || random.nextBoolean()) {
                manybot++;
                content = manybotOwners(directory, cutOff);
            } else {
                prow++;
                boolean filters = random.nextDouble() < 0.10;
                filtered += filters ? 1 : 0;
                content = prowOwners(directory, cutOff, filters);
            }
            write(root, join(directory, "OWNERS"), content);
        }

        int ordinary = config.files() - ownersDirectories.size() - 1;
        long depthSum = 0;
        for (int i = 0; i < ordinary; i++) {
            // Leaves and deep directories hold more files than the upper levels, as in real trees.
            String directory = directories.get(random.nextInt(directories.size()));
            if (depthOf.get(directory) < 2 && random.nextInt(3) > 0) {
                directory = directories.get(random.nextInt(directories.size()));
            }
            String name = pick(FILE_WORDS) + "_" + i + pick(EXTENSIONS);
            write(root, join(directory, name), "// generated file " + i + "\n");
            depthSum += depthOf.get(directory) + 1;
        }
        for (String directory : ownersDirectories) {
            depthSum += depthOf.get(directory) + 1;
        }
        int maxDepth = depthOf.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int files = ordinary + ownersDirectories.size() + 1;
        return new Summary(files, directories.size(), ownersDirectories.size(), manybot, prow, filtered, noParent,
                config.aliases(), maxDepth, (double) (depthSum + 1) / files);
    }

    // ---------------------------------------------------------------- principals and aliases

    private void principals() {
        int people = Math.max(50, config.ownersFiles() / 3);
        Set<String> seen = new HashSet<>();
        while (humans.size() < people) {
            String login = pick(FIRST_NAMES) + random.nextInt(Math.max(100, people));
            if (seen.add(login)) {
                humans.add(login);
            }
        }
        int botCount = Math.max(20, config.ownersFiles() / 15);
        for (int i = 0; i < botCount; i++) {
            bots.add("bot-" + pick(DIRECTORY_WORDS).replace('_', '-') + "-" + i);
        }
        for (int i = 0; i < 12; i++) {
            teams.add("acme/" + pick(DIRECTORY_WORDS).replace('_', '-') + "-" + i);
        }
        for (int i = 0; i < config.aliases(); i++) {
            aliasNames.add((i % 3 == 0 ? "sig-" : "team-") + pick(DIRECTORY_WORDS).replace('_', '-') + "-" + i);
        }
    }

    /**
     * Aliases 0..9 have a single member (usable as a primary); about 5% of the others also list an
     * earlier alias, so nesting never makes a cycle.
     */
    private String aliasesFile() {
        StringBuilder out = new StringBuilder("# Groups usable in every OWNERS file\naliases:\n");
        for (int i = 0; i < aliasNames.size(); i++) {
            out.append("  ").append(aliasNames.get(i)).append(":\n");
            int members = i < 10 ? 1 : 2 + random.nextInt(7);
            for (int m = 0; m < members; m++) {
                String member = i >= 10 && m == 0 && random.nextDouble() < 0.05
                        ? recase(aliasNames.get(random.nextInt(i)))
                        : writtenPrincipal(i < 10 ? 0.3 : 0.15);
                out.append("    - ").append(member).append('\n');
            }
        }
        return out.toString();
    }

    /** A principal as people write it: bare or prefixed login (any case), bot, or team. */
    private String writtenPrincipal(double botShare) {
        double roll = random.nextDouble();
        if (roll < botShare) {
            return "manybot:" + pick(bots);
        }
        if (roll < botShare + 0.03) {
            return "team:" + pick(teams);
        }
        String login = pick(humans);
        return switch (random.nextInt(6)) {
            case 0 -> "human:" + login;
            case 1 -> mixCase(login);
            case 2 -> "human:" + login.toUpperCase(Locale.ROOT);
            default -> login;
        };
    }

    /** An entry of an OWNERS list: an alias (in any letter case) about a third of the time. */
    private String listed(double botShare) {
        if (random.nextDouble() < 0.35) {
            String alias = aliasNames.get(random.nextInt(aliasNames.size()));
            return random.nextInt(5) == 0 ? recase(alias) : alias;
        }
        return writtenPrincipal(botShare);
    }

    /** The same principal or alias in another letter case (bot names and prefixes are case-sensitive). */
    private String recase(String written) {
        if (written.startsWith("human:")) {
            return "human:" + mixCase(written.substring("human:".length()));
        }
        return written.contains(":") ? written : mixCase(written);
    }

    private String mixCase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(random.nextInt(3) == 0 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- OWNERS contents

    private String manybotOwners(String directory, boolean noParentOwners) {
        StringBuilder out = new StringBuilder("# Owners of /").append(directory).append("\n");
        String primary = random.nextDouble() < 0.05
                ? aliasNames.get(random.nextInt(10))
                : random.nextDouble() < 0.7 ? "manybot:" + pick(bots) : writtenPrincipal(0);
        out.append("primary: ").append(primary).append('\n');
        if (random.nextDouble() < 0.8) {
            out.append("delegates:\n");
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                if (random.nextBoolean()) {
                    out.append("  - ").append(listed(0.4)).append('\n');
                } else {
                    out.append("  - principal: ").append(listed(0.4)).append('\n');
                    int level = random.nextInt(5);
                    if (level < 4) {
                        out.append("    level: ").append(List.of("observer", "contributor", "maintainer", "owner").get(level)).append('\n');
                    }
                }
            }
        }
        if (random.nextDouble() < 0.6) {
            out.append("reviewers:\n");
            if (random.nextBoolean()) {
                out.append("  required:\n    - ").append(listed(0.1)).append('\n');
            }
            out.append("  optional:\n");
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                out.append("    - ").append(listed(0.1)).append('\n');
            }
        }
        if (random.nextDouble() < 0.3) {
            out.append("auto_approve:\n");
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                out.append("  - '").append(pick(GLOBS)).append("'\n");
            }
        }
        if (random.nextDouble() < 0.3) {
            out.append("policies:\n");
            out.append("  max_changes_per_pr: ").append(5 + random.nextInt(50)).append('\n');
            out.append("  require_tests: ").append(random.nextBoolean()).append('\n');
            if (random.nextBoolean()) {
                out.append("  min_coverage: ").append(50 + random.nextInt(40)).append(".5\n");
            }
            if (random.nextInt(4) == 0) {
                out.append("  allow_proposals: false\n");
            }
        }
        if (random.nextDouble() < 0.05) {
            out.append("meetings:\n  - 'Tuesdays 16:00 UTC, #").append(pick(DIRECTORY_WORDS)).append("'\n");
        }
        if (noParentOwners) {
            out.append("options:\n  no_parent_owners: true\n");
        }
        return out.toString();
    }

    private String prowOwners(String directory, boolean noParentOwners, boolean filters) {
        StringBuilder out = new StringBuilder("# See the docs/owners.md guide for /").append(directory).append("\n");
        Set<String> approvers = new LinkedHashSet<>();
        if (filters) {
            out.append("filters:\n");
            List<String> chosen = new ArrayList<>(List.of(FILTERS));
            shuffle(chosen);
            for (String filter : chosen.subList(0, 1 + random.nextInt(4))) {
                out.append("  '").append(filter).append("':\n");
                out.append("    approvers:\n");
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    String approver = listed(0.3);
                    approvers.add(approver);
                    out.append("      - ").append(approver).append('\n');
                }
                if (random.nextBoolean()) {
                    out.append("    reviewers:\n      - ").append(listed(0.1)).append('\n');
                }
                if (random.nextInt(3) == 0) {
                    out.append("    labels:\n      - ").append(pick(LABEL_WORDS)).append('\n');
                }
            }
        } else {
            out.append("approvers:\n");
            // One file in 50 leaves the list empty (null): its directory falls back on the owners above.
            for (int i = 0, n = random.nextInt(50) == 0 ? 0 : 1 + random.nextInt(5); i < n; i++) {
                String approver = listed(0.3);
                approvers.add(approver);
                out.append("  - ").append(approver).append('\n');
            }
            out.append("reviewers:\n");
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                out.append("  - ").append(listed(0.1)).append('\n');
            }
            if (random.nextDouble() < 0.1) {
                out.append("required_reviewers:\n  - ").append(listed(0.1)).append('\n');
            }
            if (random.nextDouble() < 0.4) {
                out.append("labels:\n");
                for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                    out.append("  - ").append(pick(LABEL_WORDS)).append('\n');
                }
            }
        }
        if (!filters && random.nextDouble() < 0.2) {
            out.append("emeritus_approvers:\n");
            // Sometimes a listed approver, in another letter case: it must not approve.
            if (!approvers.isEmpty() && random.nextBoolean()) {
                String former = new ArrayList<>(approvers).get(random.nextInt(approvers.size()));
                out.append("  - ").append(recase(former)).append('\n');
            }
            out.append("  - ").append(writtenPrincipal(0)).append('\n');
        }
        if (noParentOwners) {
            out.append("options:\n  no_parent_owners: true\n");
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- directories

    /** The directories, root ("") first then in creation order (parents before children). */
    private List<String> directories() {
        int count = Math.max(config.ownersFiles() + config.ownersFiles() / 2, config.files() / 12);
        List<String> all = new ArrayList<>(count);
        List<List<String>> byDepth = new ArrayList<>();
        for (int d = 0; d <= MAX_DEPTH; d++) {
            byDepth.add(new ArrayList<>());
        }
        Map<String, Set<String>> children = new HashMap<>();
        all.add("");
        byDepth.get(0).add("");
        int topLevel = Math.max(3, Math.min(30, count / 300));
        for (int i = 0; i < topLevel; i++) {
            add("", 1, all, byDepth, children);
        }
        double total = 0;
        for (double weight : DEPTH_WEIGHTS) {
            total += weight;
        }
        while (all.size() < count) {
            double roll = random.nextDouble() * total;
            int depth = 2;
            while (depth < MAX_DEPTH && roll >= DEPTH_WEIGHTS[depth - 2]) {
                roll -= DEPTH_WEIGHTS[depth - 2];
                depth++;
            }
            while (byDepth.get(depth - 1).isEmpty()) {
                depth--;
            }
            List<String> parents = byDepth.get(depth - 1);
            add(parents.get(random.nextInt(parents.size())), depth, all, byDepth, children);
        }
        return all;
    }

    private void add(String parent, int depth, List<String> all, List<List<String>> byDepth, Map<String, Set<String>> children) {
        Set<String> taken = children.computeIfAbsent(parent, p -> new HashSet<>());
        String name = pick(DIRECTORY_WORDS);
        for (int n = 2; !taken.add(name); n++) {
            name = pick(DIRECTORY_WORDS) + "-" + n;
        }
        String directory = join(parent, name);
        all.add(directory);
        byDepth.get(depth).add(directory);
    }

    // ---------------------------------------------------------------- helpers

    private static void write(Path root, String path, String content) throws IOException {
        Files.writeString(root.resolve(path), content, StandardCharsets.UTF_8);
    }

    private static String join(String directory, String name) {
        return directory.isEmpty() ? name : directory + "/" + name;
    }

    private static int depth(String directory) {
        return directory.isEmpty() ? 0 : (int) directory.chars().filter(c -> c == '/').count() + 1;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private <T> void shuffle(List<T> values) {
        Collections.shuffle(values, random);
    }

    public Config config() {
        return config;
    }
}
