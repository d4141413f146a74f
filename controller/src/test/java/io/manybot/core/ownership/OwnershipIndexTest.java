package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.problem.Problem;
import io.manybot.core.repo.WorkingTree;
import io.manybot.core.yaml.YamlReader;
import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building the index of a tree (files on disk): which ownership files are read, what happens when
 * one cannot be, and which chain of OWNERS files governs each directory, including directories the
 * tree does not have yet.
 */
class OwnershipIndexTest {
    @TempDir
    Path dir;

    private OwnershipIndex load(String tree, Map<String, String> files) throws Exception {
        Path root = dir.resolve(tree);
        Files.createDirectories(root);
        GitRepos.write(root, files);
        return OwnershipIndex.load(new WorkingTree(root));
    }

    private static List<String> owners(OwnershipIndex index, String path) {
        return index.resolve(path).owners().stream().map(e -> e.principal().toString()).toList();
    }

    private static List<String> governing(OwnershipIndex index, String path) {
        return index.resolve(path).governingFiles().stream().map(OwnersFile::path).toList();
    }

    private static List<String> problems(OwnershipIndex index) {
        return index.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void codeOwnersIsReadFromDotGithubThenTheRootThenDocsAsGitHubDoes() throws Exception {
        Map<String, String> all = Map.of(".github/CODEOWNERS", "* @from-github\n", "CODEOWNERS", "* @from-root\n",
                "docs/CODEOWNERS", "* @from-docs\n");
        OwnershipIndex three = load("three", all);
        assertEquals(".github/CODEOWNERS", three.codeOwners().path());
        assertEquals(List.of("human:from-github"), owners(three, "src/x.c"));
        OwnershipIndex two = load("two", Map.of("CODEOWNERS", all.get("CODEOWNERS"), "docs/CODEOWNERS", all.get("docs/CODEOWNERS")));
        assertEquals(List.of("human:from-root"), owners(two, "src/x.c"));
        OwnershipIndex one = load("one", Map.of("docs/CODEOWNERS", all.get("docs/CODEOWNERS"), "src/x.c", ""));
        assertEquals(List.of("human:from-docs"), owners(one, "src/x.c"));
        OwnershipIndex elsewhere = load("elsewhere", Map.of("src/CODEOWNERS", "* @nobody\n"));
        assertNull(elsewhere.codeOwners(), "GitHub reads no other place");
        assertEquals(OwnershipResolution.Source.NONE, elsewhere.resolve("src/x.c").source());
    }

    @Test
    void anUnreadableOwnersAliasesIsReportedAndNoAliasesApply() throws Exception {
        Map<String, String> table = Map.of(
                "", "OWNERS_ALIASES:1:1: empty OWNERS_ALIASES file: expected 'aliases:'",
                "aliases: {a: [x]}\n---\naliases: {}\n", "OWNERS_ALIASES:1:1: OWNERS_ALIASES holds one YAML document; found 2",
                "groups: {a: [x]}\n", "OWNERS_ALIASES:1:1: aliases: required field is missing",
                "aliases: {a: [x\n", "OWNERS_ALIASES:2:1: ",
                "x".repeat(YamlReader.MAX_BYTES + 1),
                "OWNERS_ALIASES: OWNERS_ALIASES is 1048577 bytes; the limit is 1048576 bytes");
        int n = 0;
        for (Map.Entry<String, String> row : table.entrySet()) {
            OwnershipIndex index = load("t" + n++, Map.of("OWNERS_ALIASES", row.getKey(), "OWNERS", "approvers: [a]\n"));
            assertTrue(problems(index).get(0).startsWith(row.getValue()), problems(index).toString());
            assertEquals(List.of("human:a"), owners(index, "x.c"), "'a' is read as a login, not as the alias");
            assertTrue(index.aliases().all().isEmpty());
        }
    }

    @Test
    void anOwnersAliasesOrCodeOwnersLinkedOutsideTheRepositoryIsNotRead() throws Exception {
        Path outside = dir.resolve("outside");
        Files.writeString(outside, "aliases: {a: [mallory]}\n");
        Path root = dir.resolve("linked");
        Files.createDirectories(root.resolve(".github"));
        Files.createSymbolicLink(root.resolve("OWNERS_ALIASES"), outside);
        Files.createSymbolicLink(root.resolve(".github/CODEOWNERS"), outside);
        Files.writeString(root.resolve("x.c"), "");
        OwnershipIndex index = OwnershipIndex.load(new WorkingTree(root));
        assertEquals(List.of(
                        ".github/CODEOWNERS: path '.github/CODEOWNERS' refused: symbolic link leads outside the repository",
                        "OWNERS_ALIASES: path 'OWNERS_ALIASES' refused: symbolic link leads outside the repository"),
                problems(index));
        assertNull(index.codeOwners());
        assertTrue(index.aliases().all().isEmpty());
    }

    @Test
    void tooLargeOwnershipFilesAreReportedAndAnOversizedOwnersFileFailsClosed() throws Exception {
        String huge = "# " + "x".repeat(YamlReader.MAX_BYTES) + "\n";
        OwnershipIndex index = load("huge", Map.of("OWNERS", "approvers: [root]\n", "big/OWNERS", huge, "CODEOWNERS", huge,
                "small/OWNERS", "approvers: [sam]\n"));
        assertEquals(List.of(
                        "CODEOWNERS: CODEOWNERS is 1048579 bytes; the limit is 1048576 bytes",
                        "big/OWNERS: file is 1048579 bytes; the limit is 1048576 bytes"),
                problems(index));
        assertNull(index.codeOwners());
        Verdict verdict = index.verdict("big/x.c", Principal.parse("root"));
        assertEquals(Decision.REFUSED, verdict.decision(), "the root's owner does not regain big/");
        assertEquals("big/OWNERS is invalid (big/OWNERS: file is 1048579 bytes; the limit is 1048576 bytes);"
                + " changes below it are refused until it is fixed", verdict.reason());
        assertEquals(List.of("human:sam", "human:root"), owners(index, "small/y.c"));
    }

    @Test
    void problemsOfAllFilesComeInFileAndLineOrder() throws Exception {
        OwnershipIndex index = load("order", Map.of(
                "b/OWNERS", "approvers: [org/team]\n",
                "a/OWNERS", "primary: human:a\nlabels: [x]\n",
                "CODEOWNERS", "* @ok\n/x/ bad\n"));
        assertEquals(List.of("CODEOWNERS:2:5", "a/OWNERS:2:1", "b/OWNERS:1:13"),
                index.problems().stream().map(p -> p.location().toString()).toList());
    }

    @Test
    void theTreesDirectoriesAreKnownParentsFirst() throws Exception {
        OwnershipIndex index = load("dirs", Map.of("OWNERS", "approvers: [root]\n", "a/b/c/f.txt", "", "a/g.txt", "", "z/h.txt", ""));
        assertEquals(List.of("", "a", "a/b", "a/b/c", "z"), List.copyOf(index.directories()));
        assertTrue(index.isDirectory(""));
        assertTrue(index.isDirectory("a/b"));
        assertFalse(index.isDirectory("a/g.txt"));
        assertFalse(index.isDirectory("a/b/c/f.txt"));
        assertEquals(List.of("OWNERS"), index.files().stream().map(OwnersFile::path).toList());
    }

    @Test
    void aDirectoryIsGovernedByItsOwnOwnersFileAndANewPathByItsNearestAncestor() throws Exception {
        OwnershipIndex index = load("chain", Map.of(
                "OWNERS", "approvers: [root]\n",
                "src/OWNERS", "approvers: [sara]\n",
                "src/lib/OWNERS", "approvers: [lin]\n",
                "src/lib/util.c", "",
                "docs/readme.md", ""));
        assertEquals(List.of("OWNERS"), governing(index, ""));
        assertEquals(List.of("src/OWNERS", "OWNERS"), governing(index, "src"), "a directory: its own file first");
        assertEquals(List.of("src/lib/OWNERS", "src/OWNERS", "OWNERS"), governing(index, "src/lib"));
        assertEquals(List.of("src/lib/OWNERS", "src/OWNERS", "OWNERS"), governing(index, "src/lib/util.c"));
        assertEquals(List.of("OWNERS"), governing(index, "docs/readme.md"));
        assertEquals(List.of("human:lin", "human:sara", "human:root"), owners(index, "src/lib/new/deeper/file.c"),
                "a directory the tree does not have yet");
        assertEquals(List.of("human:sara", "human:root"), owners(index, "src/new/file.c"));
        assertEquals(List.of("human:root"), owners(index, "brand/new/file.c"));
        assertEquals("src/lib/new/deeper/file.c", index.resolve("src/lib/new/deeper/file.c").path());
        assertEquals(OwnershipResolution.Source.OWNERS, index.resolve("src/new/file.c").source());
    }

    @Test
    void aManybotFileWithNoParentOwnersOrABrokenFileEndsTheChain() throws Exception {
        OwnershipIndex index = load("cut", Map.of(
                "OWNERS", "approvers: [root]\n",
                "own/OWNERS", "primary: human:olga\noptions: {no_parent_owners: true}\n",
                "own/sub/OWNERS", "approvers: [sub]\n",
                "kept/OWNERS", "primary: human:kim\noptions: {no_parent_owners: false}\n",
                "broken/OWNERS", "approvers: [\n",
                "broken/sub/OWNERS", "approvers: [sub]\n"));
        assertEquals(List.of("own/OWNERS"), governing(index, "own/x.c"));
        assertEquals(List.of("human:olga"), owners(index, "own/x.c"));
        assertEquals(List.of("own/sub/OWNERS", "own/OWNERS"), governing(index, "own/sub/x.c"));
        assertEquals(List.of("human:sub", "human:olga"), owners(index, "own/sub/x.c"));
        assertEquals(List.of("human:kim", "human:root"), owners(index, "kept/x.c"));
        assertEquals(List.of("broken/OWNERS"), governing(index, "broken/x.c"));
        assertEquals(List.of("broken/sub/OWNERS", "broken/OWNERS"), governing(index, "broken/sub/x.c"));
        assertEquals(Decision.REFUSED, index.verdict("broken/x.c", Principal.parse("root")).decision());
    }

    @Test
    void aTreeWithoutOwnershipFilesGovernsNothing() throws Exception {
        OwnershipIndex index = load("bare", Map.of("src/a.c", ""));
        assertEquals(List.of(), problems(index));
        assertNull(index.codeOwners());
        assertTrue(index.files().isEmpty());
        OwnershipResolution r = index.resolve("src/a.c");
        assertEquals(OwnershipResolution.Source.NONE, r.source());
        assertEquals(List.of(), r.owners());
        assertEquals(List.of(), r.nearestOwners());
        assertEquals(Decision.REFUSED, index.verdict("src/a.c", Principal.parse("anyone")).decision());
    }

    @Test
    void ownershipFilesAreTheFilesThatDecideOwnership() {
        for (String path : List.of("OWNERS", "src/OWNERS", "OWNERS_ALIASES", "CODEOWNERS", ".github/CODEOWNERS",
                "docs/CODEOWNERS", ".manybot/bots.yaml", ".manybot/goals/x.yaml", ".manybot")) {
            assertTrue(OwnershipIndex.isOwnershipFile(path), path);
        }
        for (String path : List.of("OWNERS.md", "src/owners", "MY_OWNERS", "src/.manybot/x", "manybot/x", ".manybotrc")) {
            assertFalse(OwnershipIndex.isOwnershipFile(path), path);
        }
    }

    @Test
    void aHomesDeclarationsDirectoryHoldsOwnershipFilesWhereverItIs() {
        OwnershipFiles files = OwnershipFiles.declaredIn("deploy/manybot/");
        for (String path : List.of("deploy/manybot/bot.yaml", "deploy/manybot/team/goals.yml", ".manybot/x.yaml", "src/OWNERS")) {
            assertTrue(files.contains(path), path);
        }
        for (String path : List.of("deploy/manybot/README.md", "deploy/manybotx/bot.yaml", "deploy/bot.yaml", "src/a.yaml")) {
            assertFalse(files.contains(path), path);
        }
        assertTrue(OwnershipFiles.declaredIn("").contains("any/where.yaml"), "the repository root: every YAML file is a declaration");
        assertEquals(OwnershipFiles.DEFAULT, OwnershipFiles.declaredIn(".manybot"));
    }
}
