package io.manybot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.ownership.Entry;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.repo.WorkingTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ownership engine and the naive resolver of the benchmark ({@link SimpleOwnersResolver}) must
 * name the same owners for every file of a generated tree (both formats, filters, aliases,
 * no_parent_owners, emeritus approvers).
 */
class OwnershipAgreementTest {

    @Test
    void indexAndSimpleResolverAgreeOnEveryFile(@TempDir Path dir) throws Exception {
        OwnershipTreeGenerator.Summary summary =
                new OwnershipTreeGenerator(new OwnershipTreeGenerator.Config(2_000, 150, 40, 7)).generate(dir);
        assertTrue(summary.prowWithFilters() > 0 && summary.noParentOwners() > 0 && summary.manybotFiles() > 0,
                summary.describe());

        WorkingTree tree = new WorkingTree(dir);
        OwnershipIndex index = OwnershipIndex.load(tree);
        assertEquals(List.of(), index.problems(), "the generated OWNERS files are valid");
        assertEquals(150, index.files().size());

        SimpleOwnersResolver simple = new SimpleOwnersResolver(dir);
        List<String> files = tree.files();
        assertEquals(2_000, files.size());
        List<String> disagreements = new ArrayList<>();
        int withOwners = 0;
        for (String file : files) {
            Set<String> expected = new TreeSet<>(simple.owners(file));
            Set<String> actual = index.resolve(file).owners().stream()
                    .map(Entry::principal).map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
            withOwners += actual.isEmpty() ? 0 : 1;
            if (!expected.equals(actual)) {
                disagreements.add(file + ": index " + actual + ", simple " + expected);
            }
        }
        assertEquals(List.of(), disagreements.subList(0, Math.min(5, disagreements.size())),
                disagreements.size() + " of " + files.size() + " files disagree");
        assertTrue(withOwners > files.size() * 9 / 10, "most files have owners: " + withOwners);
    }
}
