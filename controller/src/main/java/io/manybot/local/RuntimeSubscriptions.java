package io.manybot.local;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Located;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.ownership.Glob;
import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.yaml.FieldPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Subscriptions made at run time ({@code manybot subscribe}, {@code POST /api/v1/subscriptions}) next to
 * the ones declared in git: read with the same schema and binder as a {@code .manybot/} file
 * ({@link DeclarationLoader#loadText}), checked as the repository validator checks a declared one, and
 * merged with the declared ones for routing (a declared one wins a name).
 */
public final class RuntimeSubscriptions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** A checked subscription, or the problems (with field paths such as {@code spec.schedule}). */
    public record Checked(Subscription subscription, List<Problem> problems) {
        public boolean ok() {
            return subscription != null && problems.stream().noneMatch(Problem::isError);
        }
    }

    private RuntimeSubscriptions() {}

    /**
     * Reads a subscription from a request body: a whole document ({@code apiVersion}, {@code kind},
     * {@code metadata.name}, {@code spec}), or {@code {"name": ..., "spec": {...}}}, or the spec's
     * fields with a {@code name} beside them.
     */
    public static Checked check(JsonNode body, Collection<String> knownBots) {
        if (body == null || !body.isObject()) {
            return failed("", "expected a JSON object: {\"name\": ..., \"spec\": {\"bot\": ..., \"trigger\": ...}}");
        }
        ObjectNode document;
        if (body.has("kind") || body.has("apiVersion") || body.has("metadata")) {
            document = (ObjectNode) body.deepCopy();
        } else {
            document = JSON.createObjectNode();
            document.put("apiVersion", DeclarationLoader.API_VERSION);
            document.put("kind", "Subscription");
            ObjectNode metadata = document.putObject("metadata");
            if (body.has("name")) {
                metadata.set("name", body.get("name"));
            }
            if (body.has("spec")) {
                document.set("spec", body.get("spec"));
            } else {
                ObjectNode spec = ((ObjectNode) body.deepCopy());
                spec.remove("name");
                document.set("spec", spec);
            }
        }
        String name = document.path("metadata").path("name").asText("");
        String source = "runtime subscription " + (name.isEmpty() ? "(no name)" : name);
        List<Problem> problems = new ArrayList<>();
        Declarations read = new DeclarationLoader().loadText(source, document.toString().getBytes(StandardCharsets.UTF_8), problems);
        if (read.subscriptions().size() != 1) {
            if (problems.isEmpty()) {
                problems.add(Problem.error(SourceLocation.wholeFile(source), "kind", "expected one Subscription"));
            }
            return new Checked(null, problems);
        }
        Located<Subscription> located = read.subscriptions().values().iterator().next();
        Subscription subscription = located.value();
        FieldPath spec = FieldPath.of("spec");
        if (!knownBots.contains(subscription.bot())) {
            problems.add(located.document().error(spec.key("bot"), "no bot named '" + subscription.bot() + "'"
                    + (knownBots.isEmpty() ? "" : " (known: " + String.join(", ", knownBots) + ")")));
        }
        if (subscription.trigger() == Subscription.Trigger.SCHEDULE && subscription.schedule() == null) {
            problems.add(located.document().error(spec.key("schedule"), "a schedule trigger needs a schedule (cron)"));
        }
        if (subscription.schedule() != null) {
            try {
                CRON.parse(subscription.schedule()).validate();
            } catch (IllegalArgumentException e) {
                problems.add(located.document().error(spec.key("schedule"), "invalid cron expression '" + subscription.schedule()
                        + "' (five fields: minute hour day-of-month month day-of-week): " + e.getMessage()));
            }
        }
        if (subscription.branch() != null) {
            try {
                Glob.compile(subscription.branch());
            } catch (IllegalArgumentException e) {
                problems.add(located.document().error(spec.key("branch"), e.getMessage()));
            }
        }
        for (int i = 0; i < subscription.paths().size(); i++) {
            try {
                Glob.compile(subscription.paths().get(i));
            } catch (IllegalArgumentException e) {
                problems.add(located.document().error(spec.key("paths").index(i), e.getMessage()));
            }
        }
        return new Checked(subscription, problems);
    }

    private static Checked failed(String field, String message) {
        return new Checked(null, List.of(Problem.error(SourceLocation.wholeFile("request body"), field, message)));
    }

    /** The declared subscriptions, then the runtime ones whose names no declared one has. */
    public static List<Subscription> merge(Collection<Subscription> declared, Collection<Subscription> runtime) {
        List<Subscription> all = new ArrayList<>(declared);
        Set<String> names = new HashSet<>();
        declared.forEach(s -> names.add(s.name()));
        runtime.stream().filter(s -> !names.contains(s.name())).forEach(all::add);
        return all;
    }
}
