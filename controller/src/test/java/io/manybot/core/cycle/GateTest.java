package io.manybot.core.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.ChangedFile.Change;
import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.ownership.Decision;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.repo.WorkingTree;
import io.manybot.core.workspace.FileChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on real OWNERS files in a working tree: the OWNERS policies {@code require_tests} (a bot
 * without a test command only proposes there) and {@code max_changes_per_pr} (counted per OWNERS
 * file that sets it), the bot's {@code changesPerCycle}, refusals.
 */
class GateTest {
    @TempDir
    Path repo;

    private OwnershipIndex ownership;
    private final Gate gate = new Gate();

    @BeforeEach
    void owners() throws Exception {
        write(Map.of(
                "OWNERS", "primary: human:root\n",
                "tested/OWNERS", "primary: manybot:fixer\npolicies: {require_tests: true}\n",
                "untested/OWNERS", "primary: manybot:fixer\npolicies: {require_tests: false}\n",
                "few/OWNERS", "primary: manybot:fixer\npolicies: {max_changes_per_pr: 2}\n",
                "few/more/OWNERS", "primary: manybot:fixer\npolicies: {max_changes_per_pr: 1}\n",
                "free/OWNERS", "primary: manybot:fixer\n",
                "theirs/OWNERS", "primary: human:alice\npolicies: {allow_proposals: false}\n"));
        ownership = OwnershipIndex.load(new WorkingTree(repo));
    }

    @Test
    void requireTestsTurnsAWriteIntoAProposalForABotWithoutATestCommand() {
        List<ChangedFile> untested = gate.check(CycleFixture.bot("true", null, false),
                changes("tested/a.py", "untested/b.py", "free/c.py"), ownership, 10);
        ChangedFile tested = find(untested, "tested/a.py");
        assertEquals(Decision.REVIEW, tested.decision(), tested.toString());
        assertTrue(tested.reason().startsWith("policy require_tests at tested/OWNERS:2"), tested.reason());
        assertEquals(Disposition.NOT_LANDED, tested.disposition());
        assertEquals(Decision.WRITE, find(untested, "untested/b.py").decision(), "require_tests: false requires nothing");
        assertEquals(Decision.WRITE, find(untested, "free/c.py").decision(), "no policy, no requirement");

        List<ChangedFile> withTests = gate.check(CycleFixture.bot("true", List.of("true"), false),
                changes("tested/a.py"), ownership, 10);
        assertEquals(Decision.WRITE, withTests.get(0).decision(), "a bot with a test command writes: " + withTests);
    }

    @Test
    void maxChangesPerPrDropsWhatIsOverTheLimitOfTheOwnersFileThatSetsIt() {
        List<ChangedFile> gated = gate.check(CycleFixture.bot("true", null, false),
                changes("few/a", "few/b", "few/c", "few/more/d", "few/more/e", "free/f", "free/g", "free/h"), ownership, 100);
        assertEquals(List.of("few/a", "few/b"), kept(gated).stream().filter(p -> p.startsWith("few/") && !p.startsWith("few/more/")).toList());
        ChangedFile third = find(gated, "few/c");
        assertEquals(Disposition.DROPPED, third.disposition());
        assertEquals("over max_changes_per_pr 2 (few/OWNERS:2:32)", third.reason());
        // the nearer OWNERS file's own limit governs its directory, counted apart from its parent's
        assertEquals(Disposition.NOT_LANDED, find(gated, "few/more/d").disposition());
        assertEquals(Disposition.DROPPED, find(gated, "few/more/e").disposition());
        assertTrue(find(gated, "few/more/e").reason().startsWith("over max_changes_per_pr 1 (few/more/OWNERS:2"),
                find(gated, "few/more/e").reason());
        assertEquals(List.of("free/f", "free/g", "free/h"), kept(gated).stream().filter(p -> p.startsWith("free/")).toList());
    }

    @Test
    void theBotsLimitPerCycleAndRefusalsDropChangesWithTheReason() {
        List<ChangedFile> gated = gate.check(CycleFixture.bot("true", null, false),
                changes("free/a", "theirs/b", "free/c", "free/d"), ownership, 2);
        assertEquals(List.of("free/a", "free/c"), kept(gated));
        ChangedFile refused = find(gated, "theirs/b");
        assertEquals(Decision.REFUSED, refused.decision());
        assertEquals(Disposition.DROPPED, refused.disposition());
        assertTrue(refused.reason().startsWith("refused: "), refused.reason());
        ChangedFile over = find(gated, "free/d");
        assertEquals(Disposition.DROPPED, over.disposition());
        assertEquals("over the bot's limit of 2 changes per cycle", over.reason());
        assertEquals(List.of("free/a", "theirs/b", "free/c", "free/d"), gated.stream().map(ChangedFile::path).toList(), "in the given order");
        assertEquals("free/OWNERS:1:10", find(gated, "free/a").decidedBy(), "the line that decided it");
    }

    @Test
    void aPathNoOwnersFileGovernsIsRefusedWithNoRuleToPointAt(@TempDir Path unowned) throws Exception {
        Files.writeString(unowned.resolve("README.md"), "no OWNERS here\n");
        List<ChangedFile> gated = gate.check(CycleFixture.bot("true", null, false), changes("README.md"),
                OwnershipIndex.load(new WorkingTree(unowned)), 10);
        assertEquals(Disposition.DROPPED, gated.get(0).disposition());
        assertEquals(null, gated.get(0).decidedBy());
        assertTrue(gated.get(0).reason().startsWith("refused: no OWNERS file"), gated.get(0).reason());
    }

    private void write(Map<String, String> files) throws Exception {
        for (var file : files.entrySet()) {
            Path path = repo.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
    }

    private static List<FileChange> changes(String... paths) {
        return Stream.of(paths).map(path -> new FileChange(path, Change.MODIFIED)).toList();
    }

    private static ChangedFile find(List<ChangedFile> gated, String path) {
        return gated.stream().filter(file -> file.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError(path + " in " + gated));
    }

    private static List<String> kept(List<ChangedFile> gated) {
        return gated.stream().filter(file -> file.disposition() != Disposition.DROPPED).map(ChangedFile::path).toList();
    }
}
