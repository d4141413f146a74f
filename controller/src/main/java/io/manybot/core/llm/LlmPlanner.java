package io.manybot.core.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import io.manybot.core.cycle.PlanningContext;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.Task;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.team.specialist.SpecialistPlanner;
import io.manybot.core.team.specialist.SpecialistProposal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The planner of {@code llm} bots: asks the model for a structured plan (langchain4j AI service
 * returning {@link PlanAnswer}) and turns it into at most {@code maxTasks} {@link Task.Kind#WORK} tasks
 * in state {@link Task.State#PLANNED}, ids {@code t1}, {@code t2}, … The context's review tasks are
 * shown to the model for information and appended unchanged after the work tasks.
 *
 * <p>An answer that cannot be read gives one general task whose rationale says so and why. A model
 * that cannot be reached throws {@link ModelException} (redacted message), so the cycle can retry.
 */
public final class LlmPlanner implements SpecialistPlanner {
    static final int TITLE_LIMIT_CHARS = 200;
    static final int RATIONALE_LIMIT_CHARS = 1000;

    private final ChatModel model;
    private final SecretRedactor redactor;
    private final TokenBudget budget;

    public LlmPlanner(ChatModel model, SecretRedactor redactor) {
        this(model, redactor, new TokenBudget());
    }

    /** Counting what it spends in the cycle's budget. */
    public LlmPlanner(ChatModel model, SecretRedactor redactor, TokenBudget budget) {
        this.model = model;
        this.redactor = redactor;
        this.budget = budget;
    }

    /** The structured answer the model is asked for. */
    public record PlanAnswer(List<PlannedTask> tasks) {}

    /**
     * One task as the model proposes it.
     *
     * @param specialist a new bot to propose for directories the bot delegates (in a team only), or null for ordinary work
     */
    public record PlannedTask(String title, String rationale, List<String> paths, SpecialistAnswer specialist) {
        /** A task that names no paths. */
        public PlannedTask(String title, String rationale) {
            this(title, rationale, List.of(), null);
        }

        public PlannedTask(String title, String rationale, List<String> paths) {
            this(title, rationale, paths, null);
        }
    }

    /**
     * A specialist as the model proposes it: the shape of a plan command's {@code "specialist"} object
     * ({@link SpecialistProposal#fromJson}), read by the same rules.
     */
    public record SpecialistAnswer(String name, String objective, List<String> keyResults, List<String> measure, List<String> owns,
            List<String> reviewers, String executor, String command, String deadline) {}

    interface PlanningAgent {
        PlanAnswer plan(String context);
    }

    /** The plan of a bot working alone: a specialist the answer may hold is not proposed (its task is archived, saying why). */
    @Override
    public List<Task> plan(PlanningContext context) throws InterruptedException {
        return plan(context, false).tasks();
    }

    /** The plan of a bot in a team: the prompt offers specialists, and each one the answer proposes is read as the plan command's. */
    @Override
    public Plan planWithSpecialists(PlanningContext context) throws InterruptedException {
        return plan(context, true);
    }

    private Plan plan(PlanningContext context, boolean specialists) throws InterruptedException {
        List<Task> review = context.reviewTasks();
        Map<String, SpecialistProposal> proposed = new LinkedHashMap<>();
        if (context.maxTasks() <= 0) {
            return new Plan(review, proposed);
        }
        MeteredChatModel metered = new MeteredChatModel(model, 0, budget, context.bot().limits() == null ? null : context.bot().limits().tokensPerCycle(), null);
        PlanningAgent agent = AiServices.builder(PlanningAgent.class)
                .chatModel(metered)
                .systemMessage("You are the planner of " + context.bot().name()
                        + ", an autonomous coding bot. Answer only with the requested JSON.")
                .build();
        PlanAnswer answer;
        String unreadable = null;
        try {
            answer = agent.plan(prompt(context, specialists));
        } catch (RuntimeException e) {
            AgentStopped stopped = AgentStopped.find(e);
            if (stopped != null && stopped.reason() == AgentStopped.Reason.INTERRUPTED) {
                throw new InterruptedException("interrupted while planning");
            }
            if (metered.lastText() == null) {
                throw new ModelException("the planning model failed: " + LlmText.describe(e, redactor));
            }
            answer = StructuredAnswers.read(metered.lastText(), PlanAnswer.class);
            unreadable = StructuredAnswers.whyUnreadable(metered.lastText(), redactor);
        }
        List<Task> tasks = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        review.forEach(task -> taken.add(task.id()));
        if (answer == null || answer.tasks() == null) {
            tasks.add(fallback(context, freeId(taken, 1), unreadable != null ? unreadable : "the answer holds no task list"));
        } else {
            int next = 1;
            for (PlannedTask planned : answer.tasks()) {
                if (tasks.size() >= context.maxTasks()) {
                    break;
                }
                if (planned == null) {
                    continue;
                }
                if (planned.specialist() != null) {
                    String id = freeId(taken, next);
                    next = Integer.parseInt(id.substring(1)) + 1;
                    tasks.add(specialistTask(id, planned, specialists, proposed));
                    continue;
                }
                if (planned.title() == null || planned.title().isBlank()) {
                    continue;
                }
                String id = freeId(taken, next);
                next = Integer.parseInt(id.substring(1)) + 1;
                String rationale = planned.rationale() == null || planned.rationale().isBlank()
                        ? "(the planner gave no rationale)"
                        : planned.rationale().strip();
                tasks.add(new Task(id, Task.Kind.WORK, clean(planned.title(), TITLE_LIMIT_CHARS),
                        clean(rationale, RATIONALE_LIMIT_CHARS), Task.State.PLANNED, null, paths(planned.paths())));
            }
            if (tasks.isEmpty() && !answer.tasks().isEmpty()) {
                tasks.add(fallback(context, freeId(taken, 1), "every task in the answer lacks a title"));
            }
        }
        tasks.addAll(review);
        return new Plan(tasks, proposed);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The task proposing {@code planned}'s specialist (its paths the delegated directories), put in {@code proposed}; archived,
     * saying why, when the bot is not in a team or the specialist cannot be read (e.g. no name).
     */
    private Task specialistTask(String id, PlannedTask planned, boolean inTeam, Map<String, SpecialistProposal> proposed) {
        String rationale = planned.rationale() == null || planned.rationale().isBlank() ? null : clean(planned.rationale(), RATIONALE_LIMIT_CHARS);
        SpecialistProposal specialist;
        try {
            specialist = SpecialistProposal.fromJson(JSON.valueToTree(planned.specialist()));
        } catch (IllegalArgumentException e) {
            String title = planned.title() == null || planned.title().isBlank() ? "Propose a specialist" : planned.title();
            return new Task(id, Task.Kind.WORK, clean(title, TITLE_LIMIT_CHARS), rationale, Task.State.ARCHIVED,
                    clean("not proposed: " + e.getMessage(), RATIONALE_LIMIT_CHARS));
        }
        String title = clean(planned.title() == null || planned.title().isBlank() ? specialist.title() : planned.title(), TITLE_LIMIT_CHARS);
        List<String> owns = paths(specialist.owns());
        if (rationale == null) {
            rationale = "delegate " + String.join(", ", specialist.owns()) + " to a specialist (a reviewed OWNERS change)";
        }
        if (!inTeam) {
            return new Task(id, Task.Kind.WORK, title, rationale, Task.State.ARCHIVED,
                    "not proposed: a specialist is proposed by a bot in a team (a parent, children or spec.team)", owns);
        }
        proposed.put(id, specialist);
        return new Task(id, Task.Kind.WORK, title, rationale, Task.State.PLANNED, null, owns);
    }

    /** The paths a planned task names that stay inside the repository (others are left out). */
    private static List<String> paths(List<String> named) {
        List<String> out = new ArrayList<>();
        for (String path : named == null ? List.<String>of() : named) {
            try {
                if (path != null && !path.isBlank()) {
                    out.add(io.manybot.core.repo.RepoPath.normalize(path));
                }
            } catch (IllegalArgumentException e) {
                // a path leaving the repository routes nowhere
            }
        }
        return out;
    }

    /** The first of t{from}, t{from+1}, … that no review task uses. */
    private static String freeId(Set<String> taken, int from) {
        int n = from;
        while (taken.contains("t" + n)) {
            n++;
        }
        return "t" + n;
    }

    private Task fallback(PlanningContext context, String id, String why) {
        String objective = context.goal() == null ? context.bot().goal() : context.goal().objective();
        String focus = context.focus() == null || context.focus().isBlank() ? "" : " (focus: " + context.focus().strip() + ")";
        return new Task(id, Task.Kind.WORK, clean("Work toward the goal: " + objective + focus, TITLE_LIMIT_CHARS),
                clean("The plan could not be read (" + why + "); one general task toward the goal instead.", RATIONALE_LIMIT_CHARS),
                Task.State.PLANNED, null);
    }

    private String clean(String text, int limit) {
        return WorkspaceTools.cut(redactor.redact(text.strip().replaceAll("\\s*\\R\\s*", " ")), limit);
    }

    static String prompt(PlanningContext context) {
        return prompt(context, false);
    }

    static String prompt(PlanningContext context, boolean specialists) {
        StringBuilder text = new StringBuilder();
        text.append("Plan the next work cycle of bot ").append(context.bot().name()).append(".\n\n");
        text.append(LlmText.goal(context.goal(), context.evaluation())).append("\n");
        if (!context.bot().owns().isEmpty()) {
            text.append("\nThe bot owns: ").append(String.join(", ", context.bot().owns())).append("\n");
        }
        List<MeasuredValue> failed = context.measurements().stream().filter(m -> !m.known()).toList();
        if (!failed.isEmpty()) {
            text.append("\nMeasurements that failed (value unknown):\n");
            failed.forEach(m -> text.append("- ").append(m.keyResult()).append(": ")
                    .append(WorkspaceTools.cut(m.failure(), 300)).append("\n"));
        }
        Reflection previous = context.previous();
        if (previous != null) {
            text.append("\nThe last cycle's reflection:\n");
            previous.outcomes().forEach(o -> text.append("- outcome: ").append(o).append("\n"));
            previous.lessons().forEach(l -> text.append("- lesson: ").append(l).append("\n"));
            if (previous.nextFocus() != null && !previous.nextFocus().isBlank()) {
                text.append("- next focus: ").append(previous.nextFocus()).append("\n");
            }
        }
        io.manybot.core.cycle.TeamBrief team = context.team();
        if (!team.children().isEmpty()) {
            text.append("\nThe bot leads a team: ").append(String.join(", ", team.children()))
                    .append(". Name the paths each task is about (\"paths\"): a task goes to the child that owns them.\n");
        }
        if (!team.handoffs().isEmpty()) {
            text.append("\nHandoffs from the team since the last plan:\n");
            team.handoffs().stream().limit(20).forEach(h -> text.append("- ").append(WorkspaceTools.cut(h, 600)).append("\n"));
        }
        if (!team.queued().isEmpty()) {
            text.append("\nFor information, these queued tasks are already planned; do not repeat them:\n");
            team.queued().stream().limit(20).forEach(t -> text.append("- ").append(t.title()).append("\n"));
            if (team.queued().size() > 20) {
                text.append("(and ").append(team.queued().size() - 20).append(" more)\n");
            }
        }
        if (!team.scratchpad().isBlank()) {
            text.append("\nThe bot's scratchpad:\n").append(WorkspaceTools.cut(team.scratchpad(), 4000)).append("\n");
        }
        if (context.focus() != null && !context.focus().isBlank()) {
            text.append("\nFocus set for this bot: ").append(context.focus().strip()).append("\n");
        }
        if (!context.reviewTasks().isEmpty()) {
            text.append("\nFor information, these review tasks are already planned (others changed owned paths); "
                    + "do not repeat them:\n");
            context.reviewTasks().forEach(t -> text.append("- ").append(t.title())
                    .append(t.rationale() == null ? "" : " (" + WorkspaceTools.cut(t.rationale(), 300) + ")").append("\n"));
        }
        if (specialists) {
            text.append("\nA directory the bot keeps working on that none of its children owns can be delegated to a new bot, a "
                    + "specialist working for it: a task with a \"specialist\" object (name: a DNS label; objective; keyResults, each "
                    + "'<what> from <baseline> to <target>'; measure: a shell command per key result printing its value; owns: the "
                    + "delegated directories, like \"api/\"; optionally reviewers, executor, command, deadline YYYY-MM-DD) proposes its "
                    + "Goal, Manybot and OWNERS files for review. Propose one only for such a directory; leave \"specialist\" "
                    + "null on every other task.\n");
        }
        text.append("\nChoose at most ").append(context.maxTasks()).append(context.maxTasks() == 1 ? " task" : " tasks")
                .append(" that move the goal, most important first. Each task has a short imperative title and a rationale "
                        + "(why this task, now). A coding agent with file and test tools will carry out each task in the "
                        + "repository. Fewer tasks are fine; an empty list when nothing is worth doing.");
        return text.toString();
    }
}
