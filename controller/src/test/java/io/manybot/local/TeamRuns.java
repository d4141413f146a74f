package io.manybot.local;

import io.manybot.testing.GitRepos;
import io.manybot.testing.TeamYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/**
 * A team of three command bots on a real bare repository, for tests of the local home's team state: {@code lead} (owns
 * everything; its plan command lists a high-priority task per file with a TODO), {@code c1} (area-1) and {@code c2} (area-2)
 * under it. Which of them may work is declared per run ({@code suspend}); {@link #runOnce} runs a real controller until every
 * working bot has run one cycle.
 */
public final class TeamRuns {
    private final Path root;
    private final Path bare;

    private TeamRuns(Path root, Path bare) {
        this.root = root;
        this.bare = bare;
    }

    /** The repository in {@code root}, with only the bots {@code working} says allowed to work. */
    public static TeamRuns create(Path root, boolean leadWorks, boolean c1Works, boolean c2Works) throws Exception {
        Path work = root.resolve("work");
        GitRepos.write(work, Map.ofEntries(
                Map.entry("OWNERS", "primary: manybot:lead\n"),
                Map.entry("area-1/OWNERS", "primary: manybot:c1\n"), Map.entry("area-1/f.txt", "TODO one\n"),
                Map.entry("area-2/OWNERS", "primary: manybot:c2\n"), Map.entry("area-2/f.txt", "TODO two\n"),
                Map.entry("scripts/plan.sh", "grep -rl TODO area-1 area-2 | sort | while read f; do "
                        + "printf '{\"title\": \"Fix %s\", \"paths\": [\"%s\"], \"priority\": \"high\"}\\n' \"$f\" \"$f\"; done\n"),
                Map.entry("scripts/fix.sh", "for f in $MANYBOT_TASK_PATHS; do sed -i s/TODO/done/ \"$f\"; done\n"),
                Map.entry(".manybot/team.yaml", declarations(leadWorks, c1Works, c2Works))));
        GitRepos.initAndCommit(work, "a team");
        Path bare = root.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return new TeamRuns(root, bare);
    }

    public Path bare() {
        return bare;
    }

    /** Declares (commits and pushes to the bare repository) which bots may work from now on. */
    public void working(boolean leadWorks, boolean c1Works, boolean c2Works) throws Exception {
        Path clone = root.resolve("clone");
        if (!Files.exists(clone)) {
            Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call().close();
        } else {
            try (Git git = Git.open(clone.toFile())) {
                git.pull().call();
            }
        }
        GitRepos.write(clone, Map.of(".manybot/team.yaml", declarations(leadWorks, c1Works, c2Works)));
        GitRepos.commitAll(clone, "working: lead " + leadWorks + ", c1 " + c1Works + ", c2 " + c2Works);
        try (Git git = Git.open(clone.toFile())) {
            git.push().setRemote(bare.toUri().toString()).add("main").call();
        }
    }

    /** Runs a controller on {@code state} until every working bot has run one cycle; its terminal. */
    public String runOnce(Path state) throws Exception {
        StringWriter terminal = new StringWriter();
        new LocalController(new LocalController.Options(bare, state, 1, 2, ".manybot"), new PrintWriter(terminal, true), Clock.systemUTC()).run();
        return terminal.toString();
    }

    /** A controller on {@code state} that is not run: its view serves the HTTP API from the state file. */
    public LocalController idle(Path state) {
        return new LocalController(new LocalController.Options(bare, state, null, 1, ".manybot"), new PrintWriter(new StringWriter(), true),
                Clock.systemUTC());
    }

    static String declarations(boolean leadWorks, boolean c1Works, boolean c2Works) {
        return TeamYaml.goal("lead", "area-1 area-2") + "---\n" + TeamYaml.bot("lead", null, "**", null, !leadWorks, TeamYaml.PLAN_COMMAND)
                + "---\n" + TeamYaml.goal("c1", "area-1") + "---\n" + TeamYaml.bot("c1", "lead", "area-1/**", null, !c1Works, "")
                + "---\n" + TeamYaml.goal("c2", "area-2") + "---\n" + TeamYaml.bot("c2", "lead", "area-2/**", null, !c2Works, "");
    }
}
