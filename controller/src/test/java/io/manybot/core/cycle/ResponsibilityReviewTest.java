package io.manybot.core.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manybot.core.ownership.OwnershipCache;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.workspace.CommitMessages;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits by others under paths a bot owns become review tasks, on a real repository. */
class ResponsibilityReviewTest {
    @TempDir
    Path repo;

    private final ResponsibilityReview review = new ResponsibilityReview();

    @Test
    void commitsOfOthersInOwnedPathsBecomeReviewTasksNewestFirst() throws Exception {
        RevCommit first = start();
        GitRepos.write(repo, Map.of("mine/a.txt", "alice was here\n", "theirs/b.txt", "and here\n"));
        RevCommit alice = GitRepos.commitAll(repo, "Tweak a");
        GitRepos.write(repo, Map.of("theirs/b.txt", "only theirs\n"));
        GitRepos.commitAll(repo, "Only in paths the bot does not own");
        GitRepos.write(repo, Map.of("mine/a.txt", "the bot's own work\n"));
        GitRepos.commitAll(repo, CommitMessages.compose("fixer: its own change", null, trailers("Manybot-Bot", "fixer")));
        GitRepos.write(repo, Map.of("mine/1.txt", "1\n", "mine/2.txt", "2\n", "mine/3.txt", "3\n", "mine/4.txt", "4\n",
                "mine/5.txt", "5\n", "mine/6.txt", "6\n"));
        RevCommit many = GitRepos.commitAll(repo, CommitMessages.compose("Another bot's change", null, trailers("Manybot-Bot", "other")));

        List<Task> tasks = tasks(first.name(), many);

        assertEquals(List.of(
                new Task("r1", Task.Kind.REVIEW, "Review " + many.name().substring(0, 7) + " by Test Author: Another bot's change",
                        "changes 6 path(s) this bot owns: mine/1.txt, mine/2.txt, mine/3.txt, mine/4.txt, mine/5.txt, …",
                        Task.State.CREATED, null),
                new Task("r2", Task.Kind.REVIEW, "Review " + alice.name().substring(0, 7) + " by Test Author: Tweak a",
                        "changes 1 path(s) this bot owns: mine/a.txt", Task.State.CREATED, null)), tasks);
    }

    @Test
    void fiveOwnedPathsAreAllNamed() throws Exception {
        RevCommit first = start();
        GitRepos.write(repo, Map.of("mine/1.txt", "1\n", "mine/2.txt", "2\n", "mine/3.txt", "3\n", "mine/4.txt", "4\n", "mine/5.txt", "5\n"));
        RevCommit five = GitRepos.commitAll(repo, "Five");
        assertEquals(List.of("changes 5 path(s) this bot owns: mine/1.txt, mine/2.txt, mine/3.txt, mine/4.txt, mine/5.txt"),
                tasks(first.name(), five).stream().map(Task::rationale).toList());
    }

    @Test
    void atMostFiveReviewTasksAndNoneOnTheFirstCycleOrWithoutNewCommits() throws Exception {
        RevCommit first = start();
        List<RevCommit> edits = new java.util.ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            GitRepos.write(repo, Map.of("mine/a.txt", "edit " + i + "\n"));
            edits.add(GitRepos.commitAll(repo, "Edit " + i));
        }
        RevCommit last = edits.get(6);
        List<Task> tasks = tasks(first.name(), last);
        assertEquals(List.of("r1", "r2", "r3", "r4", "r5"), tasks.stream().map(Task::id).toList());
        assertEquals(List.of(7, 6, 5, 4, 3).stream().map(i -> "Review " + edits.get(i - 1).name().substring(0, 7) + " by Test Author: Edit " + i)
                .toList(), tasks.stream().map(Task::title).toList(), "the newest five");

        assertEquals(List.of(), tasks(null, last), "the first cycle reviews nothing");
        assertEquals(List.of(), tasks(last.name(), last), "nothing new since the last cycle");
    }

    private RevCommit start() {
        GitRepos.write(repo, Map.of("OWNERS", "primary: human:olivia\n", "mine/OWNERS", "primary: manybot:fixer\n",
                "mine/a.txt", "a\n", "theirs/b.txt", "b\n"));
        return GitRepos.initAndCommit(repo, "initial");
    }

    private List<Task> tasks(String lastSeen, RevCommit base) throws Exception {
        try (SourceRepository source = SourceRepository.open(repo)) {
            OwnershipIndex owners = new OwnershipCache(source.repository()).at(base);
            return review.tasks(source, "fixer", lastSeen, base, owners);
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
