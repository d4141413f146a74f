package io.manybot.core.team.specialist;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.team.BotDraft;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A specialist a bot proposes (issue 16): a new bot working for it on paths it delegates, with a Goal whose key results
 * contribute to its own (the new goal's parent is the proposing bot's goal) and an OWNERS file in each delegated directory making
 * the specialist primary and the proposing bot a maintainer delegate. The files come from {@link BotDraft}, as
 * {@code manybot create --parent} writes them; a bot never writes them directly: ownership files and declarations go through
 * review, so the proposal is a proposal branch (a pull request where the repository has a review host), and the specialist
 * starts once a person merges it.
 *
 * @param name the specialist's (and its goal's) name
 * @param keyResults each as {@code <what> from <baseline> to <target>}
 * @param measurements scripts measuring the key results in their order (possibly fewer)
 * @param owns the delegated directories
 * @param reviewers required reviewers of the delegated directories; empty: the proposing bot's reviewers
 * @param executor the executor type ({@code command}, {@code llm}, …); null: the proposing bot's
 * @param command a command bot's command ({@code sh -c}); null: the proposing bot's, when the executor is the same
 * @param deadline null: the proposing bot's goal's deadline
 */
public record SpecialistProposal(String name, String objective, List<String> keyResults, List<String> measurements, List<String> owns,
        List<String> reviewers, String executor, String command, LocalDate deadline) {

    public SpecialistProposal {
        keyResults = keyResults == null ? List.of() : List.copyOf(keyResults);
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
        owns = owns == null ? List.of() : List.copyOf(owns);
        reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
    }

    /** The task's title when the plan gives none. */
    public String title() {
        return "Propose specialist " + name + " for " + String.join(", ", owns);
    }

    /**
     * The draft of the files, for the proposing bot (the parent) and its goal, starting {@code today}; the specialist works on
     * the parent's repository with its tests and, for the same executor type, its model, environment and timeout.
     */
    public BotDraft draft(Bot parent, Goal parentGoal, LocalDate today) {
        String type = executor != null ? executor : typeName(parent.executor().type());
        String script = command;
        if (script == null && type.equals(typeName(parent.executor().type()))) {
            script = commandOf(parent.executor());
        }
        // a date-only deadline is read as the end of that day (the next day's first instant): back to the day itself
        LocalDate end = deadline != null ? deadline : LocalDate.ofInstant(parentGoal.deadline().minusNanos(1), ZoneOffset.UTC);
        return new BotDraft(name, objective, keyResults, measurements, owns, reviewers.isEmpty() ? parent.reviewers() : reviewers,
                parent.name(), parentGoal.name(), type, script, today, end, parent);
    }

    /**
     * A specialist as a plan command prints it: {@code {"specialist": {"name": …, "objective": …, "keyResults": ["…"],
     * "measure": ["…"], "owns": ["dir/"], "reviewers": ["human:…"], "executor": "command", "command": "…", "deadline": "2027-03-01"}}}.
     *
     * @throws IllegalArgumentException naming the field to fix
     */
    public static SpecialistProposal fromJson(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("\"specialist\" must be an object with name, objective, keyResults and owns");
        }
        String name = text(node, "name");
        if (name == null) {
            throw new IllegalArgumentException("the specialist has no \"name\"");
        }
        String objective = text(node, "objective");
        LocalDate deadline = null;
        if (text(node, "deadline") != null) {
            try {
                deadline = LocalDate.parse(text(node, "deadline"));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("the specialist's \"deadline\" '" + text(node, "deadline") + "' is not a date like 2027-03-01");
            }
        }
        return new SpecialistProposal(name, objective, strings(node, "keyResults"), strings(node, "measure"), strings(node, "owns"),
                strings(node, "reviewers"), text(node, "executor"), text(node, "command"), deadline);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText().strip();
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (value.isTextual()) {
            out.add(value.asText());
            return out;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("the specialist's \"" + field + "\" must be a list of strings");
        }
        value.forEach(item -> out.add(item.asText()));
        return out;
    }

    /** The executor type as declarations spell it ({@code claude-code}). */
    static String typeName(Bot.ExecutorType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A command bot's command as one {@code sh -c} script. */
    static String commandOf(Bot.Executor executor) {
        List<String> command = executor.command();
        if (command.isEmpty()) {
            return null;
        }
        if (command.size() == 3 && command.get(0).equals("sh") && command.get(1).equals("-c")) {
            return command.get(2);
        }
        return String.join(" ", command.stream().map(SpecialistProposal::quoted).toList());
    }

    private static String quoted(String word) {
        return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
