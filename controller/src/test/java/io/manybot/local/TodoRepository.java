package io.manybot.local;

import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/**
 * A small repository for `manybot run` tests: bot {@code fixer} owns {@code mine/} and works toward
 * goal {@code no-todos} (files under {@code mine/} holding a TODO, measured by grep).
 */
public final class TodoRepository {
    public static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata:
              name: no-todos
            spec:
              objective: No TODO left
              start: 2026-11-01
              deadline: 2027-03-31
              keyResults:
                - name: files-with-todo
                  baseline: 2
                  target: 0
                  direction: decrease
                  measurement:
                    command: ["sh", "-c", "grep -rl TODO mine | wc -l"]
                    timeout: 30s
            """;
    static final String BOT = """
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata:
              name: fixer
            spec:
              goal: no-todos
              owns: ["mine/**"]
              mode: %s
              executor:
                type: command
                command: ["sh", "-c", "%s"]
                timeout: 5m
            """;

    private TodoRepository() {}

    /** The bot's declaration with the given mode and shell command. */
    public static String bot(String mode, String command) {
        return BOT.formatted(mode, command);
    }

    /** Writes and commits the repository in {@code work}, then returns a bare clone of it beside it. */
    static Path create(Path work, String botMode, String command) throws Exception {
        GitRepos.write(work, Map.of("mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                ".manybot/goal.yaml", GOAL, ".manybot/fixer.yaml", bot(botMode, command)));
        GitRepos.initAndCommit(work, "initial");
        Path bare = work.resolveSibling(work.getFileName() + ".git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }
}
