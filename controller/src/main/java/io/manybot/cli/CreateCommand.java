package io.manybot.cli;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Located;
import io.manybot.core.problem.Problem;
import io.manybot.core.repo.OverlayTree;
import io.manybot.core.repo.WorkingTree;
import io.manybot.core.team.BotDraft;
import io.manybot.core.validation.RepositoryValidator;
import io.manybot.core.validation.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @Option(names = "--parent", paramLabel = "BOT", description = "The bot this one works for (it routes tasks here and reads its handoffs).")
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
        WorkingTree tree = new WorkingTree(repository);
        ValidationReport before = new RepositoryValidator().validate(tree, declarations);
        List<String> problems = new ArrayList<>();
        Located<Bot> parentBot = parent == null ? null : before.declarations().bots().get(parent);
        if (parent != null && parentBot == null) {
            problems.add("--parent " + parent + ": no Manybot named '" + parent + "' is declared here");
        }
        if (before.declarations().bots().containsKey(name) || before.declarations().goals().containsKey(name)) {
            problems.add("NAME " + name + ": a Manybot or Goal of that name is already declared");
        }
        BotDraft draft = new BotDraft(name, goal, keyResults, measurements, owns, reviewers, parent,
                parentBot == null ? null : parentBot.value().goal(), executor, command, start, deadline);
        problems.addAll(draft.problems());
        Map<String, byte[]> files = problems.isEmpty() ? draft.files(declarations) : Map.of();
        for (String path : files.keySet()) {
            if (tree.isFile(path)) {
                problems.add(path + " exists already: add manybot:" + name + " to it by hand, or choose another --owns or NAME");
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("manybot create: " + p));
            return ExitCodes.INVALID;
        }
        ValidationReport after = new RepositoryValidator().validate(new OverlayTree(tree, files), declarations);
        Set<String> known = new HashSet<>();
        before.problems().forEach(p -> known.add(p.toString()));
        List<Problem> added = after.problems().stream().filter(p -> p.isError() && !known.contains(p.toString())).toList();
        if (!added.isEmpty()) {
            added.forEach(p -> err.println(p));
            err.println("manybot create: nothing written; the files would not be valid");
            return ExitCodes.INVALID;
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = repository.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
            out.println("wrote " + RepositoryOptions.display(repository, file.getKey()));
        }
        after.problems().stream().filter(p -> !p.isError() && !known.contains(p.toString())).forEach(p -> out.println(p));
        out.println("valid: commit these files; `manybot run` starts " + name + " once they are on the branch it watches");
        out.flush();
        return ExitCodes.OK;
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
