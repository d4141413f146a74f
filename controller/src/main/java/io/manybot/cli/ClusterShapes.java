package io.manybot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.Landing;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.TestRun;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.core.ownership.Decision;
import io.manybot.local.state.Event;
import io.manybot.local.state.StateJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The cluster home's JSON (Manybot and WorkCycle status, Subscription resources) in the shapes of the
 * local home's API, so that {@code list}, {@code status}, {@code logs}, {@code result} and
 * {@code subscriptions} print both one way. What the cluster does not say (a
 * cycle's steps and timings) stays empty.
 */
final class ClusterShapes {
    private static final Set<String> TROUBLE = Set.of("FAILED", "TIMED_OUT", "ROLLED_BACK", "INTERRUPTED", "ABANDONED");

    private ClusterShapes() {}

    /** A bot of {@code GET .../bots} as the local API's {@code GET /bots} shows one. */
    static ObjectNode bot(JsonNode cluster) {
        JsonNode status = cluster.path("status");
        JsonNode last = cluster.path("lastCycle");
        String phase = text(cluster, "phase");
        ObjectNode bot = StateJson.MAPPER.createObjectNode();
        bot.put("name", cluster.path("name").asText());
        bot.put("namespace", text(cluster, "namespace"));
        bot.put("mode", text(cluster, "mode"));
        bot.put("goal", text(cluster, "goal"));
        bot.put("createdAt", text(cluster, "createdAt"));
        bot.put("paused", "Paused".equals(phase));
        bot.put("phase", phase == null ? "Pending" : phase);
        if (status.hasNonNull("progressPercent")) {
            bot.put("progress", status.get("progressPercent").asDouble());
        }
        if (status.hasNonNull("atRisk")) {
            bot.put("atRisk", status.get("atRisk").asBoolean());
        }
        bot.put("lastCycleId", text(last, "id"));
        bot.put("lastCycleAt", last.hasNonNull("finishedAt") ? text(last, "finishedAt") : text(last, "startedAt"));
        bot.put("lastCycleOutcome", last.hasNonNull("outcome") ? text(last, "outcome") : last.hasNonNull("id") ? "running" : null);
        bot.put("consecutiveFailures", status.path("consecutiveFailures").asInt(0));
        bot.put("nextCycleAt", text(status, "nextCycleAt"));
        for (JsonNode condition : cluster.path("conditions")) {
            if ("Ready".equals(text(condition, "type"))) {
                bot.put("message", text(condition, "message"));
            }
        }
        bot.set("pendingTriggers", cluster.path("pendingTriggers").isArray() ? cluster.get("pendingTriggers") : StateJson.MAPPER.createArrayNode());
        if (cluster.path("team").isObject()) {
            bot.set("team", cluster.get("team")); // the same short shape as the local home's
        }
        return bot;
    }

    /** A subscription of {@code GET .../subscriptions} ({@code name, spec, status}) as the local API shows one. */
    static ObjectNode subscription(JsonNode cluster) {
        ObjectNode s = StateJson.MAPPER.createObjectNode();
        s.put("name", cluster.path("name").asText());
        JsonNode spec = cluster.path("spec");
        for (String field : List.of("bot", "trigger", "branch", "schedule", "repository")) {
            s.put(field, text(spec, field));
        }
        s.set("paths", spec.path("paths").isArray() ? spec.get("paths") : StateJson.MAPPER.createArrayNode());
        s.put("suspend", spec.path("suspend").asBoolean(false));
        s.put("source", "cluster");
        s.set("status", cluster.path("status"));
        return s;
    }

    /** The events of a bot's WorkCycles ({@code GET .../bots/NAME/cycles}), oldest first: each one's start and end. */
    static List<Event> events(JsonNode cycles) {
        String bot = cycles.path("bot").asText();
        List<Event> events = new ArrayList<>();
        for (JsonNode cycle : cycles.path("cycles")) {
            String id = text(cycle, "id");
            JsonNode status = cycle.path("status");
            Instant started = instant(status, "startedAt");
            if (started != null) {
                events.add(new Event(0, started, bot, id, "info", "cycle started (trigger: " + cycle.path("trigger").asText("-") + ")"));
            }
            Instant finished = instant(status, "finishedAt");
            String outcome = text(status, "outcome");
            if (finished != null && outcome != null) {
                events.add(new Event(0, finished, bot, id, TROUBLE.contains(outcome) ? "error" : "info", finishedMessage(status, outcome)));
            } else if (started != null && status.hasNonNull("phase")) {
                events.add(new Event(0, started, bot, id, "info", "phase " + status.get("phase").asText()));
            }
        }
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    private static String finishedMessage(JsonNode status, String outcome) {
        StringBuilder text = new StringBuilder("cycle finished: ").append(outcome);
        if (status.hasNonNull("landedCommit")) {
            text.append(", landed ").append(status.get("landedCommit").asText())
                    .append(status.hasNonNull("targetRef") ? " on " + status.get("targetRef").asText() : "");
        }
        if (status.hasNonNull("proposalBranch")) {
            text.append(", proposed on ").append(status.get("proposalBranch").asText());
            JsonNode pr = status.path("pullRequest");
            if (pr.hasNonNull("number")) {
                text.append(" (pull request #").append(pr.get("number").asInt()).append(' ').append(pr.path("state").asText()).append(')');
            }
        }
        if (status.hasNonNull("error")) {
            text.append(": ").append(status.get("error").asText());
        }
        return text.toString();
    }

    /** A cycle of {@code GET .../bots/NAME/cycles} (its WorkCycle status) as the core records it, as far as the status tells. */
    static WorkCycle cycle(String bot, JsonNode cycle) {
        JsonNode s = cycle.path("status");
        String outcome = text(s, "outcome");
        CyclePhase phase = outcome != null ? CyclePhase.DONE : parse(CyclePhase.class, text(s, "phase"));
        List<Task> tasks = new ArrayList<>();
        for (JsonNode t : s.path("tasks")) {
            tasks.add(new Task(text(t, "id"), parse(Task.Kind.class, text(t, "kind")), text(t, "title"), text(t, "rationale"),
                    parse(Task.State.class, text(t, "state")), text(t, "result")));
        }
        List<ChangedFile> changes = new ArrayList<>();
        for (JsonNode c : s.path("changes")) {
            changes.add(new ChangedFile(text(c, "path"), parse(ChangedFile.Change.class, text(c, "change")),
                    parse(Decision.class, text(c, "decision")), text(c, "reason"), null, strings(c.path("reviewers")),
                    parse(ChangedFile.Disposition.class, text(c, "disposition"))));
        }
        JsonNode t = s.path("tests");
        TestRun tests = t.isObject() ? new TestRun(List.of(), t.hasNonNull("exitCode") ? t.get("exitCode").asInt() : null,
                t.path("passed").asBoolean(false), t.path("timedOut").asBoolean(false), text(t, "output"), t.path("millis").asLong(0)) : null;
        Landing landing = s.hasNonNull("landedCommit") || s.hasNonNull("proposalBranch") || s.hasNonNull("conflicts")
                ? new Landing(text(s, "targetRef"), text(s, "landedCommit"), text(s, "proposalBranch"), null, strings(s.path("reviewers")), false,
                        s.path("rebasedOver").asInt(0), s.path("retested").asBoolean(false), strings(s.path("conflicts")))
                : null;
        JsonNode pr = s.path("pullRequest");
        if (landing != null && pr.isObject()) {
            landing = landing.withPullRequest(new io.manybot.core.cycle.PullRequestLink(text(pr, "host"),
                    pr.hasNonNull("number") ? pr.get("number").asInt() : null, text(pr, "url"), text(pr, "state"), text(pr, "reason")));
        }
        JsonNode r = s.path("reflection");
        Reflection reflection = r.isObject() ? new Reflection(strings(r.path("outcomes")), strings(r.path("lessons")), text(r, "nextFocus")) : null;
        return new WorkCycle(text(cycle, "id"), bot, null, text(cycle, "trigger"), phase, parse(CycleOutcome.class, outcome),
                instant(s, "startedAt"), instant(s, "finishedAt"), text(s, "baseCommit"), text(s, "directivesVersion"),
                progress(s, "progressBefore"), progress(s, "progressAfter"), measured(s.path("keyResultsBefore")),
                measured(s.path("keyResultsAfter")), tasks, List.of(), changes, tests, landing, reflection, List.of(), text(s, "error"),
                s.path("tokens").isObject() ? new io.manybot.core.cycle.TokenUsage(s.path("tokens").path("input").asLong(0),
                        s.path("tokens").path("output").asLong(0)) : null);
    }

    private static GoalEvaluation progress(JsonNode status, String field) {
        return status.hasNonNull(field) ? new GoalEvaluation(null, null, status.get(field).asDouble(), null, false, List.of()) : null;
    }

    private static List<MeasuredValue> measured(JsonNode values) {
        List<MeasuredValue> measured = new ArrayList<>();
        for (JsonNode v : values) {
            measured.add(new MeasuredValue(null, text(v, "name"), v.hasNonNull("value") ? v.get("value").asDouble() : null, text(v, "failure"),
                    instant(v, "measuredAt"), 0, text(v, "commit")));
        }
        return measured;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(item -> list.add(item.asText()));
        return list;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name) {
        try {
            return name == null ? null : Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return node.hasNonNull(field) ? Instant.parse(node.get(field).asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
