package io.manybot.core.team.specialist;

import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Located;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.executor.TaskExecutor;
import io.manybot.core.ownership.OwnershipFiles;
import io.manybot.core.repo.WorkingTree;
import io.manybot.core.team.BotDraftCheck;
import io.manybot.core.validation.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Carries out a bot's specialist tasks in the cycle's checkout (every other task goes to the bot's own executor): checks the
 * {@link SpecialistProposal}'s files against the checkout as {@code manybot validate} would see them, and writes them there. The
 * cycle's gate then sends them to review — a bot changes ownership files and declarations only through review — so they leave
 * the cycle as its proposal branch (a pull request where the repository has a review host), never as a landing.
 */
public final class SpecialistExecutor implements TaskExecutor {
    private final TaskExecutor delegate;
    private final Map<String, SpecialistProposal> proposals;
    private final String declarations;
    private final Clock clock;

    /** @param proposals the cycle's specialist tasks, by task id */
    public SpecialistExecutor(TaskExecutor delegate, Map<String, SpecialistProposal> proposals, String declarations, Clock clock) {
        this.delegate = delegate;
        this.proposals = proposals;
        this.declarations = declarations;
        this.clock = clock;
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) throws InterruptedException {
        SpecialistProposal proposal = proposals.get(request.task().id());
        if (proposal == null) {
            return delegate.execute(request);
        }
        long started = System.nanoTime();
        String what = "propose specialist " + proposal.name();
        try {
            WorkingTree tree = new WorkingTree(request.checkout());
            ValidationReport before = BotDraftCheck.before(tree, declarations);
            Located<Bot> existing = before.declarations().bots().get(proposal.name());
            if (existing != null && request.bot().name().equals(existing.value().parent())) {
                return done(request, what, true, "manybot:" + proposal.name() + " is declared already (its proposal was merged): nothing to propose",
                        "", started);
            }
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            BotDraftCheck.Checked checked = BotDraftCheck.check(tree, before, declarations,
                    proposal.draft(request.bot(), request.goal(), today), "the specialist's parent");
            if (!checked.valid()) {
                return done(request, what, false, "the specialist " + proposal.name() + " was not proposed: " + String.join("; ", checked.problems()),
                        String.join("\n", checked.problems()), started);
            }
            OwnershipFiles reviewed = OwnershipFiles.declaredIn(declarations);
            List<String> direct = checked.files().keySet().stream().filter(path -> !reviewed.contains(path)).toList();
            if (!direct.isEmpty()) {
                return done(request, what, false, "the specialist " + proposal.name() + " was not proposed: " + String.join(", ", direct)
                        + " would not go through review", "", started);
            }
            for (Map.Entry<String, byte[]> file : checked.files().entrySet()) {
                Path target = request.checkout().resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            String files = String.join(", ", checked.files().keySet());
            return done(request, what, true, "proposed specialist manybot:" + proposal.name() + " for " + String.join(", ", proposal.owns())
                    + " (" + files + "); it starts once the proposal is merged", files, started);
        } catch (IOException | RuntimeException e) {
            return done(request, what, false, "the specialist " + proposal.name() + " was not proposed: " + e.getMessage(), "", started);
        }
    }

    private static ExecutionResult done(ExecutionRequest request, String what, boolean ok, String summary, String output, long started) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new ExecutionResult(ok, List.of(new ExecutedStep(request.task().id(), "tool", what, null, ok, output, millis)), summary);
    }
}
