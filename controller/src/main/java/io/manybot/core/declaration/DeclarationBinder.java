package io.manybot.core.declaration;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.problem.Problem;
import io.manybot.core.yaml.FieldPath;
import io.manybot.core.yaml.YamlDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns schema-valid documents into declaration records. Values the schema cannot judge (a date
 * that does not exist, a duration out of range) become located problems.
 */
final class DeclarationBinder {
    private final YamlDocument document;
    private final List<Problem> problems;

    DeclarationBinder(YamlDocument document, List<Problem> problems) {
        this.document = document;
        this.problems = problems;
    }

    static String name(JsonNode root) {
        return root.path("metadata").path("name").asText();
    }

    Goal goal() {
        JsonNode spec = document.root().path("spec");
        FieldPath at = FieldPath.of("spec");
        List<KeyResult> keyResults = new ArrayList<>();
        JsonNode krs = spec.path("keyResults");
        for (int i = 0; i < krs.size(); i++) {
            keyResults.add(keyResult(krs.get(i), at.key("keyResults").index(i)));
        }
        return new Goal(
                name(document.root()),
                spec.path("objective").asText(),
                text(spec, "rationale"),
                spec.has("timeHorizon") ? Goal.TimeHorizon.valueOf(upper(spec.path("timeHorizon").asText())) : null,
                date(spec, at, "start", false),
                date(spec, at, "deadline", true),
                text(spec, "parent"),
                spec.path("onTrackThreshold").asDouble(Goal.DEFAULT_ON_TRACK_THRESHOLD),
                keyResults);
    }

    private KeyResult keyResult(JsonNode kr, FieldPath at) {
        Measurement measurement = null;
        if (kr.has("measurement")) {
            JsonNode m = kr.path("measurement");
            measurement = new Measurement(
                    strings(m.path("command")), text(m, "script"), text(m, "regex"), text(m, "jsonPointer"),
                    duration(m, at.key("measurement"), "timeout", Measurement.DEFAULT_TIMEOUT));
        }
        return new KeyResult(
                kr.path("name").asText(),
                text(kr, "description"),
                kr.path("baseline").asDouble(),
                kr.path("target").asDouble(),
                text(kr, "unit"),
                KeyResult.Direction.valueOf(upper(kr.path("direction").asText())),
                kr.has("deadline") ? date(kr, at, "deadline", true) : null,
                kr.has("current") ? kr.path("current").asDouble() : null,
                kr.path("weight").asDouble(1.0),
                measurement);
    }

    Bot bot() {
        JsonNode spec = document.root().path("spec");
        FieldPath at = FieldPath.of("spec");
        JsonNode repo = spec.path("repository");
        JsonNode schedule = spec.path("schedule");
        JsonNode executor = spec.path("executor");
        JsonNode limits = spec.path("limits");
        Bot.Model model = null;
        if (executor.has("model")) {
            JsonNode m = executor.path("model");
            model = new Bot.Model(m.path("provider").asText(), m.path("name").asText(), text(m, "baseUrl"),
                    text(m, "apiKeyEnv"), text(m, "apiKeyFile"),
                    m.has("temperature") ? m.path("temperature").asDouble() : null,
                    m.has("maxTokens") ? m.path("maxTokens").asInt() : null);
        }
        Map<String, String> env = new LinkedHashMap<>();
        executor.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        Bot.Limits defaults = Bot.Limits.DEFAULT;
        return new Bot(
                name(document.root()),
                spec.path("goal").asText(),
                strings(spec.path("owns")),
                new Bot.Repository(text(repo, "url"), repo.path("branch").asText(Bot.Repository.DEFAULT_BRANCH), text(repo, "credentialsSecret"),
                        new Bot.ReviewHost(text(repo, "host"), text(repo, "apiUrl"), text(repo, "tokenSecret"), text(repo, "tokenEnv"),
                                text(repo, "tokenFile"))),
                spec.has("mode") ? Bot.Mode.valueOf(upper(spec.path("mode").asText())) : Bot.Mode.CONTINUOUS,
                new Bot.Schedule(
                        duration(schedule, at.key("schedule"), "minSleep", Bot.Schedule.DEFAULT.minSleep()),
                        duration(schedule, at.key("schedule"), "maxSleep", Bot.Schedule.DEFAULT.maxSleep()),
                        schedule.path("adaptive").asBoolean(Bot.Schedule.DEFAULT.adaptive())),
                new Bot.Executor(
                        Bot.ExecutorType.valueOf(upper(executor.path("type").asText())),
                        strings(executor.path("command")),
                        executor.path("shell").asBoolean(false),
                        env,
                        duration(executor, at.key("executor"), "timeout", null),
                        model),
                spec.has("tests")
                        ? new Bot.TestCommand(strings(spec.path("tests").path("command")),
                                duration(spec.path("tests"), at.key("tests"), "timeout", Duration.ofMinutes(10)))
                        : null,
                new Bot.Limits(
                        limits.path("tasksPerCycle").asInt(defaults.tasksPerCycle()),
                        limits.path("changesPerCycle").asInt(defaults.changesPerCycle()),
                        duration(limits, at.key("limits"), "cycleTimeout", defaults.cycleTimeout()),
                        limits.path("toolIterations").asInt(defaults.toolIterations()),
                        limits.has("tokensPerCycle") ? limits.path("tokensPerCycle").asLong() : null,
                        limits.path("openProposals").asInt(defaults.openProposals()),
                        limits.path("proposalsPerHour").asInt(defaults.proposalsPerHour())),
                strings(spec.path("reviewers")),
                spec.path("suspend").asBoolean(false),
                spec.path("dryRun").asBoolean(false),
                spec.path("rollbackOnTestFailure").asBoolean(true),
                text(spec, "parent"),
                mcpServers(spec.path("mcpServers")),
                landing(spec.path("landing")),
                team(spec.path("team"), at.key("team")));
    }

    /** {@code spec.team}; absent parts the defaults. */
    private Bot.Team team(JsonNode team, FieldPath at) {
        JsonNode plan = team.path("plan");
        JsonNode judge = team.path("judge");
        return new Bot.Team(
                plan.isObject() ? new Bot.PlanCommand(strings(plan.path("command")), duration(plan, at.key("plan"), "timeout", null)) : null,
                new Bot.JudgePolicy(
                        judge.path("requireKeyResultMove").asBoolean(false),
                        judge.has("onReject") ? Bot.JudgePolicy.OnReject.valueOf(upper(judge.path("onReject").asText())) : null,
                        judge.path("retries").asInt(Bot.JudgePolicy.DEFAULT_RETRIES),
                        judge.path("llm").asBoolean(false)),
                team.path("scratchpadChars").asInt(Bot.Team.DEFAULT_SCRATCHPAD_CHARS));
    }

    /** {@code spec.landing}; values the schema has already checked (enums), absent ones the defaults. */
    private static Bot.LandingPolicy landing(JsonNode landing) {
        return new Bot.LandingPolicy(
                landing.has("onTargetMoved") ? Bot.LandingPolicy.OnTargetMoved.valueOf(upper(landing.path("onTargetMoved").asText())) : null,
                landing.has("retest") ? Bot.LandingPolicy.Retest.valueOf(upper(landing.path("retest").asText())) : null);
    }

    private static List<Bot.McpServer> mcpServers(JsonNode servers) {
        List<Bot.McpServer> out = new ArrayList<>();
        for (JsonNode server : servers) {
            List<Bot.McpEnv> env = new ArrayList<>();
            for (JsonNode variable : server.path("env")) {
                JsonNode ref = variable.path("secretKeyRef");
                env.add(new Bot.McpEnv(variable.path("name").asText(), text(variable, "value"), text(variable, "fromEnv"),
                        text(variable, "fromFile"), ref.isObject() ? new Bot.SecretKeyRef(text(ref, "name"), text(ref, "key")) : null));
            }
            out.add(new Bot.McpServer(server.path("name").asText(), strings(server.path("command")), env, text(server, "url")));
        }
        return out;
    }

    Subscription subscription() {
        JsonNode spec = document.root().path("spec");
        return new Subscription(
                name(document.root()),
                spec.path("bot").asText(),
                text(spec, "repository"),
                text(spec, "branch"),
                strings(spec.path("paths")),
                Subscription.Trigger.valueOf(upper(spec.path("trigger").asText())),
                text(spec, "schedule"),
                spec.path("suspend").asBoolean(false));
    }

    Meeting meeting() {
        JsonNode spec = document.root().path("spec");
        return new Meeting(
                name(document.root()),
                spec.path("topic").asText(),
                spec.path("schedule").asText(),
                strings(spec.path("attendees")),
                text(spec, "facilitator"),
                spec.path("conflictThreshold").asInt(Meeting.DEFAULT_CONFLICT_THRESHOLD),
                spec.path("suspend").asBoolean(false));
    }

    private Instant date(JsonNode node, FieldPath at, String field, boolean endOfDay) {
        String text = node.path(field).asText();
        try {
            return endOfDay ? Dates.endOf(text) : Dates.startOf(text);
        } catch (IllegalArgumentException e) {
            problems.add(document.error(at.key(field), e.getMessage()));
            return Instant.EPOCH;
        }
    }

    private Duration duration(JsonNode node, FieldPath at, String field, Duration fallback) {
        if (!node.has(field)) {
            return fallback;
        }
        try {
            return Durations.parse(node.path(field).asText());
        } catch (IllegalArgumentException e) {
            problems.add(document.error(at.key(field), e.getMessage()));
            return fallback;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }

    private static String upper(String enumText) {
        return enumText.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
