package io.manybot.core.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.process.ProcessResult;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import io.manybot.core.repo.RepoPath;
import io.manybot.core.team.specialist.SpecialistProposal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a command bot decomposes its goal ({@code spec.team.plan}): its command runs in the cycle's checkout and prints one task
 * per line as a JSON object, {@code {"title": …, "paths": [...], "priority": "high", "rationale": …}}; other lines are ignored.
 * A line that starts like a task but is not one, a path that leaves the repository, or a command that fails ends the plan with
 * an error naming the line. A line with a {@code "specialist"} object ({@link SpecialistProposal#fromJson}) proposes a specialist
 * for the delegated directories: its title may be left out, its paths are the specialist's {@code owns}.
 */
public final class PlanCommand {
    /** At most this many tasks are read from one run. */
    public static final int MAX_TASKS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessRunner processes;

    public PlanCommand(ProcessRunner processes) {
        this.processes = processes;
    }

    /**
     * A task as the command printed it, with its priority.
     *
     * @param specialist the specialist the task proposes, or null for ordinary work
     */
    public record Planned(Task task, Priority priority, SpecialistProposal specialist) {}

    /** @param handoffs the handoffs the plan reads, one line each: the command sees them in {@code MANYBOT_HANDOFFS} */
    public List<Planned> run(Bot bot, Path checkout, List<String> handoffs) throws InterruptedException {
        Bot.PlanCommand plan = bot.team().plan();
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>(bot.executor().env());
        if (!handoffs.isEmpty()) {
            env.put("MANYBOT_HANDOFFS", String.join("\n", handoffs));
        }
        ProcessResult result = processes.run(new ProcessSpec(plan.command(), checkout, ProcessRunner.restrictedEnvironment(env),
                plan.timeout(), ProcessSpec.DEFAULT_OUTPUT_LIMIT));
        String shown = String.join(" ", plan.command());
        if (!result.succeeded()) {
            throw new IllegalStateException("the plan command `" + shown + "` failed: " + (result.failure() != null ? result.failure()
                    : result.timedOut() ? "timed out after " + plan.timeout().toSeconds() + " s" : "exit " + result.exitCode()));
        }
        List<Planned> tasks = new ArrayList<>();
        String[] lines = result.output().split("\n");
        for (int i = 0; i < lines.length && tasks.size() < MAX_TASKS; i++) {
            String line = lines[i].strip();
            if (line.startsWith("{")) {
                tasks.add(parse(line, i + 1, tasks.size() + 1, shown));
            }
        }
        return tasks;
    }

    private static Planned parse(String line, int number, int index, String shown) {
        String where = "line " + number + " of the plan command `" + shown + "`";
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(where + " is not a JSON object: " + e.getOriginalMessage());
        }
        SpecialistProposal specialist = null;
        if (node.has("specialist")) {
            try {
                specialist = SpecialistProposal.fromJson(node.get("specialist"));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage());
            }
        }
        String title = node.path("title").asText(specialist == null ? "" : specialist.title()).strip();
        if (title.isEmpty()) {
            throw new IllegalStateException(where + " has no \"title\"");
        }
        List<String> paths = new ArrayList<>();
        List<String> named = new ArrayList<>();
        node.path("paths").forEach(path -> named.add(path.asText()));
        if (specialist != null && named.isEmpty()) {
            named.addAll(specialist.owns());
        }
        for (String path : named) {
            try {
                paths.add(RepoPath.normalize(path));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": path '" + path + "': " + e.getMessage());
            }
        }
        Priority priority = node.has("priority") ? Priority.parse(node.path("priority").asText()) : Priority.NORMAL;
        if (priority == null) {
            throw new IllegalStateException(where + ": priority is '" + node.path("priority").asText()
                    + "'; expected critical, high, normal or low");
        }
        String rationale = node.path("rationale").asText(specialist == null ? "from the plan command"
                : "delegate " + String.join(", ", specialist.owns()) + " to a specialist (a reviewed OWNERS change)").strip();
        return new Planned(new Task("p" + index, Task.Kind.WORK, title, rationale, Task.State.PLANNED, null, paths), priority, specialist);
    }
}
