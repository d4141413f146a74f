package io.manybot.core.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manybot.core.workspace.CommitMessages;
import io.manybot.core.workspace.IsolatedCheckout;
import io.manybot.core.workspace.LandResult;
import io.manybot.core.workspace.Lander;
import io.manybot.core.workspace.SourceRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** What cycle tests do to and read from a real repository beside the cycle under test. */
final class CycleRepos {
    static final String MAIN = "refs/heads/main";

    private CycleRepos() {}

    /**
     * Someone else's commit on main (Olivia's, writing {@code content} to {@code path}), made in a checkout of its own at
     * {@code checkoutDirectory} and landed with the same compare-and-swap as a cycle's; its trailer names {@code cycle}.
     */
    static ObjectId landElsewhere(Path repo, Path checkoutDirectory, String cycle, String path, String content) {
        try (SourceRepository other = SourceRepository.open(repo)) {
            ObjectId base = other.tip(MAIN).orElseThrow();
            try (IsolatedCheckout checkout = IsolatedCheckout.create(other, base, checkoutDirectory)) {
                Files.createDirectories(checkout.directory().resolve(path).getParent());
                Files.writeString(checkout.directory().resolve(path), content);
                ObjectId commit = checkout.commit(List.of(path), CommitMessages.compose("Elsewhere", null, Map.of("Manybot-Cycle", cycle)),
                        new PersonIdent("Olivia", "olivia@example.com"));
                LandResult result = new Lander().land(other, checkout, commit, MAIN, base, cycle);
                assertEquals(LandResult.Status.LANDED, result.status(), result.detail());
                return commit;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ObjectId tip(Path repo, String ref) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            return git.getRepository().resolve(ref);
        }
    }

    /** The file at {@code path} on {@code ref}, or null when it has none. */
    static String readAt(Path repo, String ref, String path) throws Exception {
        try (Git git = Git.open(repo.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            var tree = walk.parseCommit(git.getRepository().resolve(ref)).getTree();
            try (TreeWalk found = TreeWalk.forPath(git.getRepository(), path, tree)) {
                return found == null ? null : new String(git.getRepository().open(found.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    static Map<String, ChangedFile> byPath(WorkCycle cycle) {
        Map<String, ChangedFile> map = new HashMap<>();
        cycle.changes().forEach(change -> map.put(change.path(), change));
        return map;
    }
}
