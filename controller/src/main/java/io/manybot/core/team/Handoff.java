package io.manybot.core.team;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a bot reports up to its parent when it finished a task: what was done, which files, how the key results moved, what
 * the tests said, what is open and what worries it. Information flows up only: the parent reads it in its next plan.
 *
 * @param outcome the cycle's outcome ({@code LANDED}, {@code PROPOSED}, {@code ROLLED_BACK}, …)
 * @param done what came of the task, in a sentence
 * @param files the files the cycle landed or proposed, each with where it went ({@code src/a.py landed})
 * @param tests {@code passed}, {@code failed …}, or null when the bot has no tests
 */
public record Handoff(String bot, String to, String taskId, String task, String cycleId, String outcome, String done, List<String> files,
        List<KeyResultDelta> keyResults, String tests, List<String> openQuestions, List<String> concerns, Instant at) {

    public Handoff {
        files = List.copyOf(files);
        keyResults = List.copyOf(keyResults);
        openQuestions = List.copyOf(openQuestions);
        concerns = List.copyOf(concerns);
    }

    /** One key result before and after the cycle (null when unknown). */
    public record KeyResultDelta(String goal, String keyResult, Double before, Double after) {
        public String describe() {
            return keyResult + " " + number(before) + " → " + number(after);
        }
    }

    /** The handoff in one line, as a parent's planner reads it. */
    public String line() {
        List<String> parts = new ArrayList<>();
        parts.add(bot + " on \"" + task + "\": " + outcome.toLowerCase(Locale.ROOT) + " — " + done);
        if (!files.isEmpty()) {
            parts.add("files: " + String.join(", ", files.subList(0, Math.min(5, files.size())))
                    + (files.size() > 5 ? " (+" + (files.size() - 5) + ")" : ""));
        }
        List<String> moved = keyResults.stream().filter(kr -> kr.before() == null || !kr.before().equals(kr.after()))
                .map(KeyResultDelta::describe).toList();
        if (!moved.isEmpty()) {
            parts.add("key results: " + String.join(", ", moved));
        }
        if (tests != null) {
            parts.add("tests " + tests);
        }
        if (!openQuestions.isEmpty()) {
            parts.add("open: " + String.join("; ", openQuestions));
        }
        if (!concerns.isEmpty()) {
            parts.add("concerns: " + String.join("; ", concerns));
        }
        return String.join("; ", parts);
    }

    static String number(Double value) {
        if (value == null) {
            return "?";
        }
        return value == Math.rint(value) ? String.valueOf(value.longValue()) : String.valueOf(value);
    }
}
