package io.manybot.core.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceSourceTest {
    @TempDir
    Path dir;

    @Test
    void opensWorkTreesAndBareRepositoriesAndRefusesTheRest() throws Exception {
        Path repo = dir.resolve("repo");
        Fixtures.workTree(repo);
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository tree = SourceRepository.open(repo); SourceRepository bareSource = SourceRepository.open(bare)) {
            assertEquals(repo, tree.directory());
            assertTrue(bareSource.repository().isBare());
            assertEquals(bare.resolve("objects").toRealPath(), bareSource.objectsDirectory().toRealPath());
        }
        IOException notRepo = assertThrows(IOException.class, () -> SourceRepository.open(Files.createDirectories(dir.resolve("plain"))));
        assertTrue(notRepo.getMessage().contains("not a git repository"), notRepo.getMessage());
        assertThrows(IOException.class, () -> SourceRepository.open(repo.resolve("src")), "a subdirectory is not the repository");
        assertThrows(IOException.class, () -> SourceRepository.open(dir.resolve("missing")));
    }

    @Test
    void baseFallsBackToTheBranchAndNamesAMissingOne() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId main = source.tip("refs/heads/main").orElseThrow();
            assertEquals(main, source.base(new LandingTarget("main", "refs/heads/manybot/main", true)));
            IOException missing = assertThrows(IOException.class, () -> source.base(source.target("nope")));
            assertTrue(missing.getMessage().contains("branch nope does not exist"), missing.getMessage());
            assertEquals(Optional.empty(), source.tip("refs/heads/nope"));
            assertThrows(IllegalArgumentException.class, () -> source.target("bad..name"));
        }
    }

    @Test
    void commitsBetweenListsChangedPathsAndTrailersNewestFirst() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit root = Fixtures.workTree(repo);
        GitRepos.write(repo, Map.of("src/app.py", "print('two')\n", "docs/new.md", "new\n"));
        RevCommit second = GitRepos.commitAll(repo, CommitMessages.compose("Second", "Why it changed.",
                trailers("Manybot-Bot", "fixer", "Manybot-Cycle", "c2")));
        Files.delete(repo.resolve("docs/guide.md"));
        RevCommit third = GitRepos.commitAll(repo, "Third");
        try (SourceRepository source = SourceRepository.open(repo)) {
            List<CommitInfo> all = source.commitsBetween(null, third, 10);
            assertEquals(List.of(third.name(), second.name(), root.name()), all.stream().map(CommitInfo::id).toList());
            CommitInfo info = all.get(1);
            assertEquals("Second", info.subject());
            assertEquals("Test Author", info.author());
            assertEquals("test@manybot.io", info.authorEmail());
            assertEquals(second.getAuthorIdent().getWhenAsInstant(), info.when());
            assertEquals(List.of("docs/new.md", "src/app.py"), info.changedPaths());
            assertEquals(List.of("Manybot-Bot", "Manybot-Cycle"), List.copyOf(info.trailers().keySet()));
            assertEquals("c2", info.trailers().get("Manybot-Cycle"));
            assertEquals(List.of("docs/guide.md"), all.get(0).changedPaths());
            assertEquals(List.of(".gitignore", "README.md", "docs/guide.md", "src/app.py", "src/util.py"), all.get(2).changedPaths(),
                    "a root commit changes every path");

            assertEquals(List.of(third.name(), second.name()), source.commitsBetween(root, third, 10).stream().map(CommitInfo::id).toList());
            assertEquals(1, source.commitsBetween(null, third, 1).size());

            assertEquals(Optional.of(second), source.findCycleCommit("refs/heads/main", "c2", 10));
            assertEquals(Optional.empty(), source.findCycleCommit("refs/heads/main", "c2", 1), "beyond the depth");
            assertEquals(Optional.empty(), source.findCycleCommit("refs/heads/main", "c3", 10));
            assertEquals(Optional.empty(), source.findCycleCommit("refs/heads/missing", "c2", 10));
        }
    }

    @Test
    void commitMessagesComposeAndParseTrailers() {
        String message = CommitMessages.compose("Fix the parser", "It dropped the last line.\n\nNow it does not.",
                trailers("Manybot-Bot", "fixer", "Manybot-Cycle", "2026-11-24-abc", "Manybot-Goal", "fewer-bugs"));
        assertEquals("""
                Fix the parser

                It dropped the last line.

                Now it does not.

                Manybot-Bot: fixer
                Manybot-Cycle: 2026-11-24-abc
                Manybot-Goal: fewer-bugs
                """, message);
        assertEquals(trailers("Manybot-Bot", "fixer", "Manybot-Cycle", "2026-11-24-abc", "Manybot-Goal", "fewer-bugs"),
                CommitMessages.trailers(message));
        assertEquals("Subject only\n", CommitMessages.compose("Subject only", null, Map.of()));
        assertEquals("S\n\nK: v\n", CommitMessages.compose("S", " ", Map.of("K", "v")));
        assertEquals(Map.of(), CommitMessages.trailers("Key: looks like a trailer but is the subject\n"));
        assertEquals(Map.of(), CommitMessages.trailers("S\n\nA: 1\n\nA body paragraph last.\n"));
        assertThrows(IllegalArgumentException.class, () -> CommitMessages.compose("two\nlines", null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> CommitMessages.compose("S", null, Map.of("bad key", "v")));
        assertThrows(IllegalArgumentException.class, () -> CommitMessages.compose("S", null, Map.of("K", "multi\nline")));
    }

    @Test
    void aMessageNeedsAOneLineSubjectAndOneLineTrailerValuesAndIsTrimmed() {
        assertEquals("Fix it\n\nBecause.\n\nManybot-Bot: fixer\n",
                CommitMessages.compose("  Fix it \n", "\n Because.\n\n", Map.of("Manybot-Bot", " fixer ")));
        assertEquals("Fix it\n\nManybot-Bot: fixer\n", CommitMessages.compose("Fix it", null, Map.of("Manybot-Bot", "fixer")));
        assertEquals("Fix it\n", CommitMessages.compose("Fix it", "", null));
        for (String subject : new String[] {null, "", "   ", "one\ntwo"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> CommitMessages.compose(subject, null, null));
            assertEquals("a commit subject must be one non-blank line: " + subject, refused.getMessage());
        }
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("Manybot-Bot", null);
        for (Map<String, String> bad : List.of(Map.of("Manybot-Bot", " "), Map.of("Manybot-Bot", "a\rb"), Map.of("Manybot-Bot", "a\nb"), nullValue)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> CommitMessages.compose("S", null, bad));
            assertTrue(refused.getMessage().startsWith("trailer Manybot-Bot needs a one-line value: "), refused.getMessage());
        }
        for (String key : new String[] {"-Bot", "Bot:", "Bö"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> CommitMessages.compose("S", null, Map.of(key, "v")));
            assertEquals("trailer key must be letters, digits and '-': " + key, refused.getMessage());
        }
        Map<String, String> nullKey = new java.util.HashMap<>();
        nullKey.put(null, "v");
        assertThrows(IllegalArgumentException.class, () -> CommitMessages.compose("S", null, nullKey));
        assertEquals(Map.of(), CommitMessages.trailers(null));
        assertEquals(Map.of("A", "1"), CommitMessages.trailers("S\n\nA: 1\nA: 2\n"), "the first value of a repeated key");
    }

    @Test
    void onlyTheBranchHeadNamesInAWorkTreeCountsAsCheckedOut() throws Exception {
        Path repo = dir.resolve("repo");
        Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo)) {
            assertTrue(source.isCheckedOut("refs/heads/main"));
            assertFalse(source.isCheckedOut("refs/heads/other"));
            assertFalse(source.isCheckedOut("refs/heads/mai"));
        }
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            assertFalse(source.isCheckedOut("refs/heads/main"), "a bare repository has nothing checked out");
        }
    }

    private static Map<String, String> trailers(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
