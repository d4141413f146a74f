package io.manybot.cli;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Located;
import io.manybot.core.repo.BranchCommit;
import io.manybot.core.repo.GitCommitTree;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.core.repo.WorkingTree;
import io.manybot.core.team.BotDraft;
import io.manybot.core.team.BotDraftCheck;
import io.manybot.core.validation.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.manybot.local.ProposalBranchPublisher;
import org.eclipse.jgit.lib.PersonIdent;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {
            "Declare a new bot: its Goal, its Manybot and the OWNERS files of the directories it owns.",
            "Writes <declarations>/NAME.yaml and an OWNERS file in each --owns directory making the bot primary (the --parent bot",
            "a maintainer delegate, the --reviewer people required reviewers). Everything is validated with the repository first",
            "(as `manybot validate` would see it); nothing is written when it would not be valid.",
            "--propose commits the files on a branch manybot/proposals/NAME/create for review instead (the working tree is untouched),",
            "pushes it to the repository's remote (--remote, default origin; git credentials from MANYBOT_GIT_* as `manybot run URL`)",
            "and opens the pull request where a declared bot names that remote's review host (spec.repository host/apiUrl/tokenEnv);",
            "-n NS applies the Goal and Manybot to a cluster namespace (the OWNERS files still go to the repository or the proposal).",
            "Exit 0 when written, 1 when the input or the result would have errors (all listed), 2 when it could not run."})
final class CreateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The bot's (and its goal's) name, a DNS-1123 label.")
    String name;

    @Option(names = "--goal", required = true, paramLabel = "OBJECTIVE", description = "The goal's objective.")
    String goal;

    @Option(names = "--kr", paramLabel = "KEY-RESULT", description = "A key result, '<what> from <baseline> to <target>' (repeatable).")
    List<String> keyResults = new ArrayList<>();

    @Option(names = "--measure", paramLabel = "SCRIPT", description = "How the key result of the same position is measured (sh -c; repeatable).")
    List<String> measurements = new ArrayList<>();

    @Option(names = "--owns", paramLabel = "DIR", arity = "1..*", description = "Directories the bot owns (an OWNERS file is written in each).")
    List<String> owns = new ArrayList<>();

    @Option(names = "--reviewer", paramLabel = "PRINCIPAL", arity = "1..*", description = "Required reviewers, e.g. human:tech-lead.")
    List<String> reviewers = new ArrayList<>();

    @Option(names = "--parent", paramLabel = "BOT", description = "The bot this one works for (it routes tasks here and reads its handoffs); the new bot takes its "
            + "repository, tests and, for the same executor type, its model, environment and timeout.")
    String parent;

    @Option(names = "--executor", defaultValue = "claude-code", paramLabel = "TYPE",
            description = "command, llm, claude-code, codex, opencode, gemini, aider or goose (default: ${DEFAULT-VALUE}).")
    String executor;

    @Option(names = "--command", paramLabel = "SCRIPT", description = "The command of a command bot (sh -c).")
    String command;

    @Option(names = "--timeline", defaultValue = "90d", paramLabel = "DURATION",
            description = "From today to the deadline: 6w, 90d, … (default: ${DEFAULT-VALUE}); days (d) or weeks (w).")
    String timeline;

    @Option(names = "--declarations", paramLabel = "DIR", defaultValue = DeclarationLoader.DEFAULT_DIRECTORY,
            description = "Directory of the Goal, Manybot and Subscription files (default: ${DEFAULT-VALUE}).")
    String declarations;

    @Option(names = "--repo", paramLabel = "REPO", defaultValue = ".", description = "The repository's working tree (default: .).")
    Path repository;

    @Option(names = "--propose", description = "Commit the files on a new branch manybot/proposals/NAME/create (based on --base) "
            + "instead of writing them to the working tree, for review as a pull request.")
    boolean propose;

    @Option(names = "--remote", defaultValue = "origin", paramLabel = "NAME",
            description = "With --propose: the remote the branch is pushed to and the pull request opened on (default: ${DEFAULT-VALUE}).")
    String remote;

    @Option(names = "--no-push", description = "With --propose: keep the branch in this repository (no push, no pull request).")
    boolean noPush;

    @Option(names = "--base", defaultValue = "HEAD", paramLabel = "REV",
            description = "With --propose: the commit the proposal is based on and validated at (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Apply the Goal and the Manybot to this namespace of the cluster (the OWNERS files are still written, or proposed).")
    String namespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "With -n: the kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, or the pod's service account).")
    Path kubeconfig;

    @CommandLine.ParentCommand
    ManybotCommand manybot;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(repository)) {
            err.println("no repository at " + repository);
            return ExitCodes.FAILURE;
        }
        LocalDate start = LocalDate.ofInstant(manybot.clock.instant(), ZoneOffset.UTC);
        LocalDate deadline;
        try {
            deadline = start.plusDays(days(timeline));
        } catch (IllegalArgumentException e) {
            err.println("--timeline " + timeline + ": " + e.getMessage());
            return ExitCodes.INVALID;
        }
        RepositoryTree tree;
        try {
            tree = propose ? GitCommitTree.open(repository, base) : new WorkingTree(repository);
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("manybot create --propose: " + (e.getReason() == null ? e.getMessage() : e.getReason() + ": " + e.getFile()));
            return ExitCodes.FAILURE;
        }
        try {
            ValidationReport before = BotDraftCheck.before(tree, declarations);
            Located<Bot> parentBot = parent == null ? null : before.declarations().bots().get(parent);
            BotDraft draft = new BotDraft(name, goal, keyResults, measurements, owns, reviewers, parent,
                    parentBot == null ? null : parentBot.value().goal(), executor, command, start, deadline,
                    parentBot == null ? null : parentBot.value());
            BotDraftCheck.Checked checked = BotDraftCheck.check(tree, before, declarations, draft, "--parent");
            if (!checked.valid()) {
                checked.problems().forEach(p -> err.println("manybot create: " + p));
                return ExitCodes.INVALID;
            }
            Map<String, byte[]> files = new LinkedHashMap<>(checked.files());
            String branch = "manybot/proposals/" + name + "/create";
            if (propose && ((GitCommitTree) tree).repository().exactRef("refs/heads/" + branch) != null) {
                err.println("manybot create --propose: the branch " + branch + " exists already: delete it, or choose another NAME");
                return ExitCodes.FAILURE;
            }
            if (namespace != null) {
                files.remove(draft.declarationPath(declarations));
                try {
                    new ClusterDeclarations(kubeconfig).apply(namespace, draft.goalYaml(), draft.botYaml());
                } catch (RuntimeException e) {
                    err.println("manybot create -n " + namespace + ": could not apply the Goal and Manybot: " + ClusterDeclarations.describe(e));
                    return ExitCodes.FAILURE;
                }
                out.println("applied Goal " + name + " and Manybot " + name + " in namespace " + namespace);
            }
            if (propose) {
                try {
                    propose((GitCommitTree) tree, files, branch, out);
                } catch (java.io.IOException e) {
                    err.println("manybot create --propose: " + e.getMessage());
                    return ExitCodes.FAILURE;
                }
                if (!noPush && !publish((GitCommitTree) tree, files, branch, draft, parentBot, before, out, err)) {
                    return ExitCodes.FAILURE;
                }
            } else {
                write(files, out);
            }
            checked.warnings().forEach(p -> out.println(p));
            if (namespace != null) {
                out.println("valid: the operator runs " + name + " in " + namespace + "; until its OWNERS files are on its branch, "
                        + "what it changes there goes to review");
            } else if (!propose) {
                out.println("valid: commit these files; `manybot run` starts " + name + " once they are on the branch it watches");
            }
            out.flush();
            return ExitCodes.OK;
        } finally {
            RepositoryOptions.close(tree);
        }
    }

    /** The files on a new branch based on the tree's commit; the working tree and the current branch stay as they are. */
    private void propose(GitCommitTree base, Map<String, byte[]> files, String branch, PrintWriter out) throws java.io.IOException {
        String message = "Propose bot " + name + ": " + goal.strip() + "\n\n" + files.size() + " file(s):\n"
                + String.join("\n", files.keySet().stream().map(f -> "- " + f).toList())
                + "\n\nWritten by manybot create " + name + " --propose; review and merge it to start the bot.\n";
        BranchCommit.create(base.repository(), base.commit(), files, branch, message, author(base.repository()));
        files.keySet().forEach(path -> out.println("proposed " + path));
        out.println("on branch " + branch + " (based on " + this.base + ", " + base.commit().abbreviate(7).name() + ")"
                + (noPush ? ": push it and open a pull request, e.g. git push " + remote + " " + branch : ""));
    }

    /**
     * Pushes the proposal branch to {@link #remote} and opens its pull request (see {@link ProposalBranchPublisher}); false when
     * the remote or the host refused (the branch stays in this repository either way).
     */
    private boolean publish(GitCommitTree base, Map<String, byte[]> files, String branch, BotDraft draft, Located<Bot> parentBot,
            ValidationReport before, PrintWriter out, PrintWriter err) throws InterruptedException, java.io.IOException {
        List<Bot.Repository> declared = new ArrayList<>();
        if (parentBot != null) {
            declared.add(parentBot.value().repository());
        }
        before.declarations().bots().values().forEach(bot -> declared.add(bot.value().repository()));
        String body = "Proposes the bot **" + name + "**: " + goal.strip() + "\n\n"
                + String.join("\n", files.keySet().stream().map(f -> "- `" + f + "`").toList())
                + "\n\nWritten by `manybot create " + name + " --propose`, checked as `manybot validate` would. Once this is merged, "
                + "`manybot run` (or the operator) starts " + name + (parent == null ? "" : ", working for " + parent) + ".\n";
        ProposalBranchPublisher.Request request = new ProposalBranchPublisher.Request(branch, baseBranch(base.repository()),
                "manybot create: propose bot " + name, body, reviewers, List.copyOf(files.keySet()));
        ProposalBranchPublisher.Published published = new ProposalBranchPublisher(System.getenv(), manybot.clock)
                .publish(base.repository(), remote, request, declared);
        for (String line : published.lines()) {
            (published.failed() ? err : out).println((published.failed() ? "manybot create --propose: " : "") + line);
        }
        return !published.failed();
    }

    /** The branch the pull request merges into: {@code --base} when it names a branch, else the checked-out branch, else main. */
    private String baseBranch(org.eclipse.jgit.lib.Repository repository) throws java.io.IOException {
        if (repository.exactRef("refs/heads/" + base) != null) {
            return base;
        }
        String current = repository.getFullBranch();
        return current != null && current.startsWith("refs/heads/") ? current.substring("refs/heads/".length()) : Bot.Repository.DEFAULT_BRANCH;
    }

    private void write(Map<String, byte[]> files, PrintWriter out) throws java.io.IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = repository.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
            out.println("wrote " + RepositoryOptions.display(repository, file.getKey()));
        }
    }

    private static PersonIdent author(org.eclipse.jgit.lib.Repository repository) {
        org.eclipse.jgit.lib.UserConfig user = repository.getConfig().get(org.eclipse.jgit.lib.UserConfig.KEY);
        String who = user.getAuthorName() == null || user.getAuthorName().isBlank() ? "manybot create" : user.getAuthorName();
        String mail = user.getAuthorEmail() == null || user.getAuthorEmail().isBlank() ? "create@manybot.io" : user.getAuthorEmail();
        return new PersonIdent(who, mail);
    }

    private static long days(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.matches("\\d{1,4}w")) {
            return 7L * Long.parseLong(t.substring(0, t.length() - 1));
        }
        if (t.matches("\\d{1,5}d")) {
            return Long.parseLong(t.substring(0, t.length() - 1));
        }
        throw new IllegalArgumentException("expected a number of days or weeks, e.g. 90d or 6w");
    }
}
