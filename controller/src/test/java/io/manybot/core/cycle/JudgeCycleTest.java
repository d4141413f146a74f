package io.manybot.core.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.team.KeyResultJudge;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judge in a real cycle (CycleFixture's repository): a change that passes the tests but moves no key result is proposed
 * for review instead of landing with {@code onReject: review}, rejected with {@code reject}; a change that moves one lands.
 */
class JudgeCycleTest {
    @TempDir
    Path temp;

    private final ProcessRunner processes = new ProcessRunner();

    private WorkCycle run(Path repo, String fix, Bot.JudgePolicy policy) throws Exception {
        Bot plain = CycleFixture.bot(fix, List.of("true"), false);
        Bot bot = new Bot(plain.name(), plain.goal(), plain.owns(), plain.repository(), plain.mode(), plain.schedule(), plain.executor(),
                plain.tests(), plain.limits(), List.of("human:olivia"), false, false, true, null, List.of(), Bot.LandingPolicy.DEFAULT,
                new Bot.Team(null, policy, 0));
        try (SourceRepository source = SourceRepository.open(repo)) {
            CycleRequest request = new CycleRequest("c1", bot, CycleFixture.goal(), "test", source, temp.resolve("checkouts/c1"),
                    CycleFixture.commandAgents(processes).withJudge(new KeyResultJudge()), null, null, null, null, () -> false);
            return CycleFixture.runner(processes).run(request, CycleListener.NONE);
        }
    }

    private Path bare() throws Exception {
        Path work = temp.resolve("work");
        CycleFixture.writeRepository(work);
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("source.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }

    private static ObjectId ref(Path repo, String ref) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            return git.getRepository().resolve(ref);
        }
    }

    @Test
    void aChangeThatMovesNoKeyResultIsProposedForReviewInsteadOfLanding() throws Exception {
        Path repo = bare();
        ObjectId main = ref(repo, "refs/heads/main");
        WorkCycle cycle = run(repo, "echo more >> mine/a.txt", new Bot.JudgePolicy(true, Bot.JudgePolicy.OnReject.REVIEW, 2, false));
        assertEquals(CycleOutcome.PROPOSED, cycle.outcome(), cycle.error());
        assertEquals(main, ref(repo, "refs/heads/main"), "nothing landed");
        assertNotNull(ref(repo, "refs/heads/manybot/proposals/fixer/c1"));
        ChangedFile file = cycle.changes().get(0);
        assertEquals("mine/a.txt", file.path());
        assertEquals(ChangedFile.Disposition.PROPOSED, file.disposition());
        assertTrue(file.reason().startsWith("judge: the change passes the tests but moves no key result of goal no-todos"), file.reason());
        assertEquals(List.of("human:olivia"), cycle.landing().reviewers());
    }

    @Test
    void rejectedNothingLandsAndAMoveLands() throws Exception {
        Path repo = bare();
        ObjectId main = ref(repo, "refs/heads/main");
        WorkCycle rejected = run(repo, "echo more >> mine/a.txt", new Bot.JudgePolicy(true, Bot.JudgePolicy.OnReject.REJECT, 2, false));
        assertEquals(CycleOutcome.ROLLED_BACK, rejected.outcome());
        assertEquals(main, ref(repo, "refs/heads/main"));
        assertNull(ref(repo, "refs/heads/manybot/proposals/fixer/c1"));

        WorkCycle moved = run(repo, "sed -i s/TODO/done/ mine/a.txt", new Bot.JudgePolicy(true, Bot.JudgePolicy.OnReject.REJECT, 2, false));
        assertEquals(CycleOutcome.LANDED, moved.outcome(), moved.error());
        assertTrue(moved.landing().commit() != null && !ref(repo, "refs/heads/main").equals(main));
    }
}
