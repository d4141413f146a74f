package io.manybot.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.ownership.Glob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The router's path shortcuts (prefix ranges, name and extension indexes, remembered answers) give
 * exactly the answers of matching every path with {@link Glob}, and the repository names compare as
 * documented.
 */
class EventRoutingPathsTest {
    private static final String[] DIRECTORIES = {"", "src", "src/format", "src/format/sub", "docs", "docs/api.md", "services/api",
        "services/api/v2", "vendor/lib.py", ".github", "build", "a/b/c/d", "lib/docs", "x/build/y", "a/Makefile"};
    private static final String[] NAMES = {"core.py", "README.md", "Makefile", "index.md", ".gitignore", "x.tar.gz", "main.go",
        "go.mod", "OWNERS", "docs", "Lib.PY", "build", "a.b.c", "noext", ".md"};
    private static final String[] GLOBS = {"*.py", "*.md", "*.go", "*.gz", "*.PY", "*.c", "*.tar.gz", "*.none", "Makefile", "docs",
        "docs/", "build/", "OWNERS", "nothing-here", "src/**", "src/format/*.py", "src/format/", "/src/format/**", "docs/*.md",
        "docs/**/*.md", "**/*.md", "**/api/**", "services/api/v2/main.go", "services/*/v2/", "a/b/c/d/*", "a/b", "/README.md",
        "README.md", "src/*", "[Mm]akefile", "*.[pP][yY]", "?ore.py", "vendor/", "vendor/lib.py", "**", "*", "x/y/z/**",
        ".github/", "*.gitignore", "src/format/sub/", "\\*.py", "docs/ ", "src", "**/docs", "**/docs/", "**/Makefile", "**/*.py",
        "**/build/", "**/x.tar.gz", "**/.md", ".md", "*.md/", "**/*.md/", "!negated", "*.", "*..md", "/src/*", " *.py",
        "src/format/sub/*.py", "**/format/", "src/", "/docs"};

    private static List<String> randomPaths(Random random, int count) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String directory = DIRECTORIES[random.nextInt(DIRECTORIES.length)];
            String name = NAMES[random.nextInt(NAMES.length)];
            paths.add(directory.isEmpty() ? name : directory + "/" + name);
        }
        return paths;
    }

    @Test
    void shortcutsAgreeWithMatchingEveryPath() {
        Random random = new Random(20240516);
        int checked = 0;
        // Compiled afresh (not through the process-wide cache), so the analysis itself is what is checked.
        Map<String, PathGlobs.Compiled> fresh = new HashMap<>();
        for (int round = 0; round < 2_000; round++) {
            List<String> paths = randomPaths(random, random.nextInt(13));
            PathSet set = new PathSet(paths, pattern -> fresh.computeIfAbsent(pattern, PathGlobs::compile));
            for (String pattern : GLOBS) {
                Glob glob;
                try {
                    glob = Glob.compile(pattern);
                } catch (IllegalArgumentException e) {
                    assertNull(set.firstMatch(pattern));
                    continue;
                }
                boolean expected = paths.stream().anyMatch(glob::matches);
                String found = set.firstMatch(pattern);
                assertEquals(expected, found != null, () -> "glob '" + pattern + "' over " + paths + ": found " + found);
                if (found != null) {
                    assertTrue(glob.matches(found), found);
                    assertTrue(paths.contains(found), found);
                }
                assertEquals(found, set.firstMatch(pattern), "the answer is remembered");
                checked++;
            }
        }
        assertTrue(checked > 10_000, "checked " + checked);
    }

    @Test
    void theFirstMatchIsTheFirstPathInSortedOrder() {
        PathSet set = new PathSet(List.of("src/b.py", "docs/x.md", "src/a.py", "README.md"), PathGlobs::compile);
        assertEquals(List.of("README.md", "docs/x.md", "src/a.py", "src/b.py"), set.paths());
        assertEquals("src/a.py", set.firstMatch("src/*.py"));
        assertEquals("src/a.py", set.firstMatch("*.py"));
        assertEquals("README.md", set.firstMatch("*.md"));
        assertEquals("README.md", set.firstMatch(List.of("*.go", "**/*.md", "*.py")));
        assertNull(set.firstMatch(List.of("*.go", "lib/**")));
        PathSet withoutA = set.without(java.util.Set.of("src/a.py", "README.md"));
        assertEquals(List.of("docs/x.md", "src/b.py"), withoutA.paths());
        assertEquals("src/b.py", withoutA.firstMatch("*.py"));
        assertEquals(2, withoutA.size());
        assertSame(set, set.without(java.util.Set.of()));
        assertTrue(new PathSet(List.of()).isEmpty());
        assertNull(new PathSet(List.of()).firstMatch("**"));
    }

    @Test
    void theGlobCacheGivesOneCompiledGlobPerPatternAndStaysBounded() {
        PathGlobs.Compiled first = PathGlobs.of("cache-test/**");
        PathGlobs.Compiled other = PathGlobs.of("cache-test-other/**");
        assertSame(first, PathGlobs.of("cache-test/**"), "a pattern seen before is not compiled again");
        assertSame(other, PathGlobs.of("cache-test-other/**"));
        assertNull(PathGlobs.of("!never").glob());
        for (int i = 0; i < 17_000; i++) {
            PathGlobs.Compiled compiled = PathGlobs.of("bounded-" + i + "/**");
            assertTrue(compiled.matches("bounded-" + i + "/x"));
            if (PathGlobs.cached() > 16_384) {
                throw new AssertionError("the glob cache holds " + PathGlobs.cached());
            }
        }
        assertTrue(PathGlobs.cached() > 0, "the cache is cleared when full, then filled again");
    }

    @Test
    void shortcutsAreChosenAsDocumented() {
        assertEquals(PathGlobs.Shortcut.PREFIX, PathGlobs.compile("src/format/**").shortcut());
        assertEquals("src/format/", PathGlobs.compile("/src/format/*.py").key());
        assertEquals(PathGlobs.Shortcut.EXTENSION, PathGlobs.compile("*.md").shortcut());
        assertEquals(PathGlobs.Shortcut.NAME, PathGlobs.compile("Makefile").shortcut());
        assertTrue(PathGlobs.compile("docs/").directoryOnly());
        assertEquals(PathGlobs.Shortcut.EXTENSION, PathGlobs.compile("**/*.md").shortcut());
        assertEquals(PathGlobs.Shortcut.NAME, PathGlobs.compile("**/docs").shortcut());
        assertEquals(PathGlobs.Shortcut.SCAN, PathGlobs.compile("**/docs/").shortcut());
        assertEquals(PathGlobs.Shortcut.SCAN, PathGlobs.compile("**/api/**").shortcut());
        assertEquals(PathGlobs.Shortcut.SCAN, PathGlobs.compile("*.tar.gz").shortcut());
        assertNull(PathGlobs.compile("!negated").glob());
        assertEquals(PathGlobs.Shortcut.SCAN, PathGlobs.compile("*.").shortcut(), "no extension after the dot");
        assertEquals(PathGlobs.Shortcut.SCAN, PathGlobs.compile("*..md").shortcut(), "an extension with a dot");
        assertEquals(PathGlobs.Shortcut.SCAN, PathGlobs.compile("*.[ch]").shortcut());
        assertEquals(PathGlobs.Shortcut.SCAN, PathGlobs.compile(" src/**").shortcut(), "surrounding spaces: no shortcut");
        assertEquals(PathGlobs.Shortcut.PREFIX, PathGlobs.compile("src/format/").shortcut());
        assertEquals("src/", PathGlobs.compile("src/format/").key());
        assertEquals(PathGlobs.Shortcut.NAME, PathGlobs.compile("build/").shortcut());
        assertEquals("build", PathGlobs.compile("build/").key());
        assertEquals("md", PathGlobs.compile("**/*.md").key());
        assertEquals("docs", PathGlobs.compile("**/docs").key());
    }

    @Test
    void repositoryNamesNormalise() {
        RepositoryNames.Name name = RepositoryNames.parse("https://github.com/o/r.git");
        assertEquals(new RepositoryNames.Name("github.com", "o/r"), name);
        for (String same : List.of("git@github.com:o/r.git", "ssh://git@github.com:22/o/r.git", "https://user:pw@GitHub.com/O/R/",
                "http://github.com/o/r", "github.com/o/r", "o/r", "O/R.git", "https://github.com/o/r.git?x=1")) {
            assertTrue(name.matches(RepositoryNames.parse(same)), same);
            assertTrue(RepositoryNames.same(same, "https://github.com/o/r"), same);
        }
        assertFalse(RepositoryNames.same("https://gitlab.com/o/r", "https://github.com/o/r"));
        assertFalse(RepositoryNames.same("o/r2", "o/r"));
        assertTrue(RepositoryNames.same("https://gitlab.example.com/group/sub/project.git", "group/sub/project"));
        assertFalse(RepositoryNames.same("https://gitlab.example.com/group/sub/project.git", "sub/project"));
        assertNull(RepositoryNames.parse("/srv/git/widgets"));
        assertNull(RepositoryNames.parse("file:///srv/git/widgets"));
        assertNull(RepositoryNames.parse("  "));
        assertFalse(RepositoryNames.same(null, "o/r"));
    }

    @Test
    void anEventsFullNameCarriesItsHost() {
        RepositoryEvent.Repository repository = new RepositoryEvent.Repository("acme/widgets", "https://github.com/acme/widgets",
                List.of("https://github.com/acme/widgets.git"), "main");
        List<RepositoryNames.Name> names = RepositoryNames.of(repository);
        assertEquals(List.of(new RepositoryNames.Name("github.com", "acme/widgets")), names);
        assertFalse(RepositoryNames.matchesAny(RepositoryNames.parse("https://gitlab.com/acme/widgets"), names));
        assertTrue(RepositoryNames.matchesAny(RepositoryNames.parse("acme/widgets"), names));
    }

    @Test
    void unusualButValidSpellingsOfARepository() {
        assertTrue(RepositoryNames.same("https://@github.com/o/r", "https://github.com/o/r"), "an empty user");
        assertTrue(RepositoryNames.same("https://[::1]:8443/o/r.git", "ssh://git@[::1]/o/r"), "an IPv6 host, with and without a port");
        assertFalse(RepositoryNames.same("https://[::1]/o/r", "https://[::2]/o/r"));
        assertNull(RepositoryNames.parse("https://:8443/o/r"), "no host");
        assertEquals(new RepositoryNames.Name(null, "my.group/project"), RepositoryNames.parse("my.group/project"),
                "a GitLab group with a dot is a full name, not a host");
        assertEquals(new RepositoryNames.Name("gitlab.example.com", "my.group/project"),
                RepositoryNames.parse("gitlab.example.com/my.group/project"));
        assertNull(RepositoryNames.parse("#readme"));
        assertEquals(new RepositoryNames.Name(null, ".git"), RepositoryNames.parse(".git"), "a name that is only '.git' stays");
        assertTrue(RepositoryNames.same("https://github.com/o/r/.git", "o/r"));
        assertEquals("github.com/o/r", RepositoryNames.parse("git@github.com:o/r.git").toString());
        assertEquals("o/r", RepositoryNames.parse("o/r").toString());
        assertFalse(RepositoryNames.matchesAny(null, List.of(new RepositoryNames.Name(null, "o/r"))));
    }

    @Test
    void aRepositoryGoesByEveryNameThePayloadGives() {
        RepositoryEvent.Repository full = new RepositoryEvent.Repository("acme/widgets", "https://github.com/acme/widgets",
                List.of("git@github.com:acme/widgets.git"), "main");
        assertEquals(List.of("acme/widgets", "https://github.com/acme/widgets", "git@github.com:acme/widgets.git"), full.names());
        assertEquals(List.of("git@github.com:acme/widgets.git"), new RepositoryEvent.Repository(null, null,
                List.of("git@github.com:acme/widgets.git"), null).names());
    }

    @Test
    void logLinesAreOneLineBoundedAndMasked() {
        assertNull(LogText.line(null, 10));
        assertEquals("hello world", LogText.line("  hello \n\t world  ", 40));
        assertEquals("abcde", LogText.line("abcde", 5));
        assertEquals("abcd…", LogText.line("abcdef", 5));
        assertEquals("…", LogText.line("abc", 1));
        assertEquals("…", LogText.line("abc", 0));
        assertEquals("", LogText.line("", 0));
    }

    @Test
    void aSummaryWithARedactorMasksTheRegisteredSecrets() {
        RepositoryEvent.PullRequest pr = new RepositoryEvent.PullRequest(Provider.GITHUB, "d-1", "pull_request",
                new RepositoryEvent.Repository("acme/widgets", null, null, "main"), 5, "opened", "fix", "main", null,
                "Rotate hunter2-registered", "alice", "alice", false, false);
        io.manybot.core.secret.SecretRedactor redactor = new io.manybot.core.secret.SecretRedactor();
        redactor.register("hunter2-registered");
        assertEquals(pr.summary().replace("hunter2-registered", "***"), pr.summary(redactor));
        assertEquals(pr.summary(), pr.summary(null));
        assertEquals("github pull_request opened acme/widgets #5 fix → main by alice: \"Rotate hunter2-registered\" [delivery d-1]",
                pr.summary());
    }
}
