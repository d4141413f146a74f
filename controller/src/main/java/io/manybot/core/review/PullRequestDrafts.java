package io.manybot.core.review;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.cycle.Landing;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.TestRun;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.ownership.Principal;
import io.manybot.core.secret.SecretRedactor;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The pull request a cycle's proposal asks for: the title names the bot and its work; the body the goal, each key
 * result before → after, every proposed file with its verdict and the {@code file:line} that decided it, and the tests
 * run. Reviewers are the proposed files' OWNERS reviewers (people; {@code team:org/name} become team reviewers; bots
 * are left out), labels their Prow OWNERS {@code labels}. Every text passes the home's redactor.
 */
public final class PullRequestDrafts {
    static final int MAX_TITLE = 200;
    static final int MAX_BODY = 60_000;
    static final int MAX_TEST_OUTPUT = 2_000;
    /** A hidden marker in the body: which bot and proposal branch the pull request belongs to. */
    static final String MARKER = "<!-- manybot-proposal: ";

    private PullRequestDrafts() {}

    /** The draft for {@code cycle}'s proposal branch; null when the cycle proposed nothing. */
    public static PullRequestDraft of(WorkCycle cycle, SecretRedactor redactor) {
        Landing landing = cycle.landing();
        if (landing == null || landing.proposalBranch() == null) {
            return null;
        }
        List<ChangedFile> proposed = cycle.changes().stream().filter(file -> file.disposition() == Disposition.PROPOSED).toList();
        Set<String> people = new LinkedHashSet<>();
        Set<String> teams = new LinkedHashSet<>();
        Set<String> labels = new LinkedHashSet<>();
        for (ChangedFile file : proposed) {
            for (String reviewer : file.reviewers()) {
                Principal principal = Principal.parse(reviewer);
                switch (principal.kind()) {
                    case HUMAN -> people.add(principal.id().startsWith("@") ? principal.id().substring(1) : principal.id());
                    case TEAM -> teams.add(principal.id().startsWith("@") ? principal.id().substring(1) : principal.id());
                    case BOT -> { }
                }
            }
            labels.addAll(file.labels());
        }
        String base = landing.targetRef() != null && landing.targetRef().startsWith("refs/heads/")
                ? landing.targetRef().substring("refs/heads/".length()) : landing.targetRef();
        String title = redactor.redact(title(cycle, proposed));
        String body = redactor.redact(body(cycle, proposed));
        return new PullRequestDraft(title, body, landing.proposalBranch(), base, List.copyOf(people), List.copyOf(teams),
                List.copyOf(labels), proposed.stream().map(ChangedFile::path).toList());
    }

    static String title(WorkCycle cycle, List<ChangedFile> proposed) {
        String work = cycle.tasks().stream().filter(task -> task.kind() == Task.Kind.WORK).map(Task::title).findFirst()
                .orElse("propose " + proposed.size() + (proposed.size() == 1 ? " change" : " changes"));
        String title = "manybot(" + cycle.bot() + "): " + oneLine(work);
        return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…";
    }

    static String body(WorkCycle cycle, List<ChangedFile> proposed) {
        StringBuilder out = new StringBuilder();
        out.append("Bot **").append(cycle.bot()).append("** proposes ").append(proposed.size())
                .append(proposed.size() == 1 ? " change" : " changes").append(" that its OWNERS send to review");
        if (cycle.goal() != null) {
            out.append(", working on goal **").append(cycle.goal()).append("**");
        }
        out.append(" (cycle `").append(cycle.id()).append("`).\n\n");
        keyResults(out, cycle.before(), cycle.after());
        List<Task> work = cycle.tasks().stream().filter(task -> task.kind() == Task.Kind.WORK).toList();
        if (!work.isEmpty()) {
            out.append("### Tasks\n\n");
            for (Task task : work) {
                out.append("- ").append(oneLine(task.title()));
                if (task.rationale() != null && !task.rationale().isBlank()) {
                    out.append(" — ").append(oneLine(task.rationale()));
                }
                out.append('\n');
            }
            out.append('\n');
        }
        out.append("### Files\n\n| file | change | verdict | decided by |\n|---|---|---|---|\n");
        for (ChangedFile file : proposed) {
            out.append("| `").append(cell(file.path())).append("` | ").append(file.change().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(cell(file.decision().name().toLowerCase(Locale.ROOT)
                            + (file.reason() == null ? "" : ": " + file.reason())))
                    .append(" | ").append(file.decidedBy() == null ? "—" : "`" + cell(file.decidedBy()) + "`").append(" |\n");
        }
        out.append('\n');
        tests(out, cycle.tests());
        out.append("Merging this pull request lands the change; closing it drops it. A later cycle that proposes the same"
                + " change updates this pull request; one that proposes a newer version of these files closes it.\n\n");
        out.append(MARKER).append(cycle.bot()).append(' ').append(cycle.landing().proposalBranch()).append(" -->\n");
        String body = out.toString();
        return body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY) + "\n\n(truncated)\n";
    }

    private static void keyResults(StringBuilder out, GoalEvaluation before, GoalEvaluation after) {
        if (before == null || before.keyResults().isEmpty()) {
            return;
        }
        Map<String, KeyResultEvaluation> later = new LinkedHashMap<>();
        if (after != null) {
            after.keyResults().forEach(kr -> later.put(kr.name(), kr));
        }
        out.append("### Key results\n\n| key result | before | after |\n|---|---|---|\n");
        for (KeyResultEvaluation kr : before.keyResults()) {
            KeyResultEvaluation then = later.get(kr.name());
            out.append("| ").append(cell(kr.name())).append(" | ").append(value(kr)).append(" | ")
                    .append(then == null ? "—" : value(then)).append(" |\n");
        }
        out.append('\n');
    }

    private static void tests(StringBuilder out, TestRun tests) {
        out.append("### Tests\n\n");
        if (tests == null) {
            out.append("No test command is declared for this bot.\n\n");
            return;
        }
        out.append('`').append(cell(String.join(" ", tests.command()))).append("` ")
                .append(tests.timedOut() ? "timed out" : tests.passed() ? "passed" : "failed (exit " + tests.exitCode() + ")")
                .append(" in ").append(tests.millis()).append(" ms");
        String output = tests.output() == null ? "" : tests.output().strip();
        if (!output.isEmpty()) {
            if (output.length() > MAX_TEST_OUTPUT) {
                output = "…" + output.substring(output.length() - MAX_TEST_OUTPUT);
            }
            out.append("\n\n<details><summary>output</summary>\n\n```\n").append(output.replace("```", "'''")).append("\n```\n</details>");
        }
        out.append("\n\n");
    }

    private static String value(KeyResultEvaluation kr) {
        if (kr.current() == null) {
            return "unknown";
        }
        double v = kr.current();
        String number = v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v);
        return number + (kr.progress() == null ? "" : String.format(Locale.ROOT, " (%.0f %%)", kr.progress()));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|");
    }

    /** The proposal branch a pull request body names in its marker, or null. */
    public static String branchOf(String body) {
        if (body == null) {
            return null;
        }
        int at = body.indexOf(MARKER);
        if (at < 0) {
            return null;
        }
        int end = body.indexOf(" -->", at);
        String[] parts = body.substring(at + MARKER.length(), end < 0 ? body.length() : end).trim().split(" ");
        return parts.length == 2 ? parts[1] : null;
    }
}
