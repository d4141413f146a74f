package io.manybot.core.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing by the repository's OWNERS files: to the owning child (also through a grandchild), kept when unowned or contested, escalated when refused. */
class TaskRouterTest {
    @TempDir
    Path repo;

    private TaskRouter router;

    private static Bot bot(String name, String parent) {
        return new Bot(name, "g", List.of(), new Bot.Repository(null, "main", null), Bot.Mode.CONTINUOUS, Bot.Schedule.DEFAULT,
                new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("true"), false, Map.of(), Duration.ofSeconds(5), null), null,
                Bot.Limits.DEFAULT, List.of(), false, false, true, parent);
    }

    @BeforeEach
    void ownership() throws Exception {
        GitRepos.write(repo, Map.ofEntries(
                Map.entry("OWNERS", "primary: manybot:lead\n"),
                Map.entry("api/OWNERS", "primary: manybot:api\n"),
                Map.entry("api/v2/OWNERS", "primary: manybot:api-v2\n"),
                Map.entry("web/OWNERS", "primary: manybot:web\n"),
                Map.entry("both/OWNERS", "approvers:\n  - manybot:api\n  - manybot:web\n"),
                Map.entry("legal/OWNERS", "primary: human:lena\noptions:\n  no_parent_owners: true\n"),
                Map.entry("api/a.py", "a\n"),
                Map.entry("api/v2/b.py", "b\n"),
                Map.entry("web/c.js", "c\n"),
                Map.entry("both/d.txt", "d\n"),
                Map.entry("legal/e.md", "e\n"),
                Map.entry("top.txt", "t\n")));
        var commit = GitRepos.initAndCommit(repo, "ownership");
        try (var git = org.eclipse.jgit.api.Git.open(repo.toFile())) {
            OwnershipIndex index = new io.manybot.core.ownership.OwnershipCache(git.getRepository()).at(commit);
            TeamTree tree = new TeamTree(List.of(bot("lead", null), bot("api", "lead"), bot("api-v2", "api"), bot("web", "lead")));
            router = new TaskRouter(tree, index);
        }
    }

    @Test
    void aTaskGoesToTheChildThatOwnsItsPathsEvenWhenAGrandchildIsTheDri() {
        Route direct = router.route("lead", List.of("api/a.py"));
        assertEquals(new Route(Route.Kind.CHILD, "api", List.of("api"), "owned by manybot:api"), direct);
        Route deep = router.route("lead", List.of("api/v2/b.py"));
        assertEquals(Route.Kind.CHILD, deep.kind());
        assertEquals("api", deep.to());
        assertEquals(List.of("api-v2"), deep.owners());
        assertEquals("api-v2", router.route("api", List.of("api/v2/b.py")).to(), "the child routes it on");
    }

    @Test
    void unownedContestedSplitOrPathlessWorkStaysWithTheParent() {
        Route top = router.route("lead", List.of("top.txt"));
        assertEquals(Route.Kind.KEEP, top.kind());
        assertEquals("nobody below lead owns top.txt", top.reason());
        Route contested = router.route("lead", List.of("both/d.txt"));
        assertEquals(Route.Kind.KEEP, contested.kind());
        assertTrue(contested.reason().startsWith("contested below: both/d.txt (api, web)"), contested.reason());
        Route split = router.route("lead", List.of("api/a.py", "web/c.js"));
        assertEquals(Route.Kind.KEEP, split.kind());
        assertTrue(split.reason().contains("several children (api, web)"), split.reason());
        assertEquals(Route.Kind.KEEP, router.route("lead", List.of()).kind());
    }

    @Test
    void workTheBotMayNotChangeAndNobodyBelowOwnsGoesUpToItsParent() {
        Route up = router.route("web", List.of("legal/e.md"));
        assertEquals(Route.Kind.ESCALATE, up.kind());
        assertEquals("lead", up.to());
        assertEquals(Route.Kind.KEEP, router.route("lead", List.of("legal/e.md")).kind(), "a root has nobody to escalate to");
    }
}
