package io.manybot.cluster.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in {@code crds/} and {@code charts/manybot/crds/} are the generator's, with the printer columns in
 * declared order, and they say what {@code kubectl get} and the API server's validation will do.
 */
class CrdFilesTest {

    @BeforeAll
    static void writeWhenAsked() {
        if (Boolean.getBoolean(CrdFiles.WRITE_PROPERTY)) {
            CrdFiles.writeAll();
        }
    }

    @Test
    void checkedInCrdsAreTheGeneratedOnes() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String plural : CrdFiles.KINDS.keySet()) {
            String expected = CrdFiles.render(plural);
            for (Path file : CrdFiles.checkedIn(plural)) {
                String name = CrdFiles.root().relativize(file).toString();
                if (!Files.isRegularFile(file)) {
                    problems.add(name + " is missing");
                } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(expected)) {
                    problems.add(name + " differs from the CRD generated from io.manybot.cluster.resource");
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\nRegenerate the CRDs (from the repository root) with:\n  " + CrdFiles.REGENERATE);
        }
    }

    @Test
    void crdDirectoriesHoldExactlyTheFourCrds() throws IOException {
        Set<String> expected = new TreeSet<>();
        CrdFiles.KINDS.keySet().forEach(plural -> expected.add(CrdFiles.fileName(plural)));
        for (String dir : List.of("crds", "charts/manybot/crds")) {
            try (Stream<Path> files = Files.list(CrdFiles.root().resolve(dir))) {
                Set<String> actual = new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
                assertEquals(expected, actual, dir + "/ should hold exactly the generated CRDs");
            }
        }
    }

    @Test
    void renderingKeepsEverythingButTheColumnOrder() throws IOException {
        ObjectMapper yaml = new YAMLMapper();
        for (String plural : CrdFiles.KINDS.keySet()) {
            JsonNode generated = yaml.readTree(CrdFiles.generated(plural).toFile());
            JsonNode rendered = yaml.readTree(CrdFiles.render(plural));
            JsonNode generatedColumns = generated.at("/spec/versions/0/additionalPrinterColumns");
            JsonNode renderedColumns = rendered.at("/spec/versions/0/additionalPrinterColumns");
            assertEquals(set(generatedColumns), set(renderedColumns), plural + ": the same columns, only reordered");
            ((com.fasterxml.jackson.databind.node.ObjectNode) generated.at("/spec/versions/0")).remove("additionalPrinterColumns");
            ((com.fasterxml.jackson.databind.node.ObjectNode) rendered.at("/spec/versions/0")).remove("additionalPrinterColumns");
            assertEquals(generated, rendered, plural + ": everything else as generated");
        }
    }

    private static Set<JsonNode> set(JsonNode array) {
        Set<JsonNode> result = new HashSet<>();
        array.forEach(result::add);
        return result;
    }

    @Test
    void printerColumnsAreInTheOrderKubectlShouldShow() {
        assertColumns("manybots", "MODE", "PHASE", "GOAL", "PROGRESS", "AT-RISK", "LAST-CYCLE", "PARENT", "QUEUED", "AGE");
        assertColumns("goals", "OBJECTIVE", "PROGRESS", "ON-TRACK", "DEADLINE", "AGE");
        assertColumns("subscriptions", "BOT", "TRIGGER", "PATHS", "SUSPENDED", "AGE");
        assertColumns("workcycles", "BOT", "PHASE", "TASKS", "LANDED", "OUTCOME", "LANDING", "AGE");
        assertColumns("meetings", "SCHEDULE", "LAST-HELD", "NEXT", "DECISIONS", "AGE");

        for (String plural : CrdFiles.KINDS.keySet()) {
            for (CustomResourceColumnDefinition column : version(plural).getAdditionalPrinterColumns()) {
                int expected = plural.equals("workcycles") && List.of("OUTCOME", "LANDING").contains(column.getName()) ? 1 : 0;
                assertEquals(expected, column.getPriority(), plural + " column " + column.getName() + " priority (1 = only with -o wide)");
            }
            CustomResourceColumnDefinition age = last(version(plural).getAdditionalPrinterColumns());
            assertEquals(".metadata.creationTimestamp", age.getJsonPath());
            assertEquals("date", age.getType());
        }
    }

    @Test
    void namesCategoriesStatusAndSyncWave() {
        Map<String, List<String>> shortNames = Map.of("manybots", List.of("mb"), "goals", List.of("mbgoal"),
                "subscriptions", List.of("mbsub"), "workcycles", List.of("wc", "mbwc"), "meetings", List.of("mbmeet"));
        for (String plural : CrdFiles.KINDS.keySet()) {
            CustomResourceDefinition crd = crd(plural);
            assertEquals(plural + ".manybot.io", crd.getMetadata().getName());
            assertEquals("manybot.io", crd.getSpec().getGroup());
            assertEquals("Namespaced", crd.getSpec().getScope());
            assertEquals(shortNames.get(plural), crd.getSpec().getNames().getShortNames(), plural + " short names");
            assertEquals(List.of("manybot-all"), crd.getSpec().getNames().getCategories(), plural + ": kubectl get manybot-all lists it");
            assertEquals("-10", crd.getMetadata().getAnnotations().get("argocd.argoproj.io/sync-wave"),
                    plural + ": Argo CD applies the CRDs before the resources");
            assertEquals(1, crd.getSpec().getVersions().size());
            CustomResourceDefinitionVersion version = version(plural);
            assertEquals("v1alpha1", version.getName());
            assertTrue(version.getServed() && version.getStorage());
            assertNotNull(version.getSubresources(), plural + " has subresources");
            assertNotNull(version.getSubresources().getStatus(), plural + " has the status subresource");
            JSONSchemaProps status = version.getSchema().getOpenAPIV3Schema().getProperties().get("status");
            assertTrue(status.getProperties().containsKey("observedGeneration"), plural + " status.observedGeneration");
            JSONSchemaProps condition = status.getProperties().get("conditions").getItems().getSchema();
            assertTrue(condition.getProperties().keySet().containsAll(
                    List.of("type", "status", "reason", "message", "observedGeneration", "lastTransitionTime")), plural + " conditions");
        }
    }

    /**
     * kubectl expands a category before it looks for a kind: a category equal to a kind's singular,
     * plural or short name makes {@code kubectl get manybot NAME} ask for NAME in every kind of the
     * category ("you must specify only one resource"). Checked over every CRD file both directories hold.
     */
    @Test
    void noCategoryEqualsAnyKindsSingularPluralOrShortName() throws IOException {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        for (String dir : List.of("crds", "charts/manybot/crds")) {
            try (Stream<Path> files = Files.list(CrdFiles.root().resolve(dir))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    crds.add(Serialization.unmarshal(Files.newInputStream(file), CustomResourceDefinition.class));
                }
            }
        }
        assertEquals(2 * CrdFiles.KINDS.size(), crds.size(), "the CRDs of both directories");
        Set<String> kindNames = new TreeSet<>();
        for (CustomResourceDefinition crd : crds) {
            var names = crd.getSpec().getNames();
            kindNames.add(names.getSingular());
            kindNames.add(names.getPlural());
            kindNames.add(names.getKind().toLowerCase(java.util.Locale.ROOT));
            if (names.getShortNames() != null) {
                kindNames.addAll(names.getShortNames());
            }
        }
        List<String> clashes = new ArrayList<>();
        for (CustomResourceDefinition crd : crds) {
            List<String> categories = crd.getSpec().getNames().getCategories();
            assertNotNull(categories, crd.getMetadata().getName() + " has a category");
            assertFalse(categories.isEmpty(), crd.getMetadata().getName() + " has a category");
            categories.stream().filter(kindNames::contains).forEach(c -> clashes.add(crd.getMetadata().getName() + ": category " + c));
        }
        assertTrue(clashes.isEmpty(), "categories that are also a kind's name " + kindNames + ": " + clashes);
    }

    /** The API server refuses a schedule that is not a five-field cron in the fields' bounds (RE2 reads this pattern as Java does). */
    @Test
    void theSubscriptionCrdRefusesACronOfTheWrongShape() {
        String pattern = spec("subscriptions").getProperties().get("schedule").getPattern();
        assertNotNull(pattern, "spec.schedule has a pattern");
        java.util.regex.Pattern cron = java.util.regex.Pattern.compile(pattern);
        for (String valid : List.of("30 2 * * 1-5", "*/15 * * * *", "0 0 1 JAN MON", "0,30 9-17 * * *", "59 23 31 12 7")) {
            assertTrue(cron.matcher(valid).find(), "accepts " + valid);
        }
        for (String invalid : List.of("61 25 * * *", "0 24 * * *", "0 3 32 * *", "0 3 * 13 *", "0 3 * * 8", "0 3 * *", "0 3 * * * *",
                "@daily", "every day")) {
            assertFalse(cron.matcher(invalid).find(), "refuses " + invalid);
        }
    }

    @Test
    void validationIsAsStrictAsTheJsonSchemas() throws IOException {
        JSONSchemaProps manybot = spec("manybots");
        assertEquals(Set.of("goal", "executor"), Set.copyOf(manybot.getRequired()));
        JSONSchemaProps executor = manybot.getProperties().get("executor");
        assertEquals(List.of("type"), executor.getRequired());
        assertEquals(Set.of("command", "llm", "claude-code", "codex", "aider", "goose", "opencode", "gemini"), enumOf(executor.getProperties().get("type")));
        JSONSchemaProps tasks = manybot.getProperties().get("limits").getProperties().get("tasksPerCycle");
        assertEquals(1.0, tasks.getMinimum());
        assertEquals(100.0, tasks.getMaximum());
        assertTrue(rules(executor).contains("self.type != 'command' || has(self.command)"), "command executors need a command: " + rules(executor));
        assertTrue(rules(executor).contains("self.type != 'llm' || has(self.model)"));
        assertEquals(63L, manybot.getProperties().get("goal").getMaxLength());
        assertEquals(Set.of("continuous", "triggered", "both"), enumOf(manybot.getProperties().get("mode")));
        assertFalse(rules(manybot.getProperties().get("owns")).isEmpty(), "globs are checked (no absolute path, no '..')");

        JSONSchemaProps goal = spec("goals");
        assertEquals(Set.of("objective", "start", "deadline", "keyResults"), Set.copyOf(goal.getRequired()));
        assertEquals(50L, goal.getProperties().get("keyResults").getMaxItems());

        JSONSchemaProps subscription = spec("subscriptions");
        assertEquals(Set.of("bot", "trigger"), Set.copyOf(subscription.getRequired()));
        assertEquals(Set.of("push", "pull_request", "issue_comment", "schedule"), enumOf(subscription.getProperties().get("trigger")));
        assertTrue(rules(subscription).contains("self.trigger != 'schedule' || has(self.schedule)"));

        // Against the JSON Schemas themselves: same required fields and enums, and no field the API server would prune.
        ObjectMapper json = new ObjectMapper();
        Map<String, String> schemaFiles = Map.of("manybots", "manybot", "goals", "goal", "subscriptions", "subscription", "meetings", "meeting");
        for (Map.Entry<String, String> entry : schemaFiles.entrySet()) {
            JsonNode schema = json.readTree(CrdFiles.root().resolve("schemas/" + entry.getValue() + ".schema.json").toFile());
            JsonNode schemaSpec = schema.at("/properties/spec");
            JSONSchemaProps crdSpec = spec(entry.getKey());
            Set<String> required = new TreeSet<>();
            schemaSpec.path("required").forEach(n -> required.add(n.asText()));
            assertEquals(required, new TreeSet<>(crdSpec.getRequired()), entry.getKey() + " required spec fields");
            for (Iterator<String> names = schemaSpec.path("properties").fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertTrue(crdSpec.getProperties().containsKey(name), entry.getKey() + ": spec." + name + " is in the JSON Schema but not the CRD");
            }
        }
        JsonNode manybotSchema = json.readTree(CrdFiles.root().resolve("schemas/manybot.schema.json").toFile());
        Set<String> schemaTypes = new TreeSet<>();
        manybotSchema.at("/$defs/executor/properties/type/enum").forEach(n -> schemaTypes.add(n.asText()));
        assertEquals(schemaTypes, new TreeSet<>(enumOf(executor.getProperties().get("type"))), "executor types as in the JSON Schema");
    }

    @Test
    void patternsAreRe2WithoutLookAhead() throws IOException {
        ObjectMapper yaml = new YAMLMapper();
        int patterns = 0;
        for (String plural : CrdFiles.KINDS.keySet()) {
            List<String> found = new ArrayList<>();
            collectPatterns(yaml.readTree(CrdFiles.checkedIn(plural).get(0).toFile()), found);
            for (String pattern : found) {
                assertFalse(pattern.contains("(?"), plural + ": the API server (RE2) rejects " + pattern);
            }
            patterns += found.size();
        }
        assertTrue(patterns > 10, "the CRDs do have patterns to check (found " + patterns + ")");
    }

    private static void collectPatterns(JsonNode node, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("pattern") && field.getValue().isTextual()) {
                    found.add(field.getValue().asText());
                } else {
                    collectPatterns(field.getValue(), found);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectPatterns(child, found));
        }
    }

    private static void assertColumns(String plural, String... names) {
        List<String> actual = version(plural).getAdditionalPrinterColumns().stream().map(CustomResourceColumnDefinition::getName).toList();
        assertEquals(List.of(names), actual, "kubectl get " + plural + " columns");
    }

    private static CustomResourceDefinition crd(String plural) {
        try {
            return Serialization.unmarshal(Files.newInputStream(CrdFiles.checkedIn(plural).get(0)), CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CustomResourceDefinitionVersion version(String plural) {
        return crd(plural).getSpec().getVersions().get(0);
    }

    private static JSONSchemaProps spec(String plural) {
        return version(plural).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    }

    private static Set<String> enumOf(JSONSchemaProps props) {
        Set<String> result = new HashSet<>();
        props.getEnum().forEach(n -> result.add(n.asText()));
        return result;
    }

    private static List<String> rules(JSONSchemaProps props) {
        return props.getXKubernetesValidations() == null ? List.of()
                : props.getXKubernetesValidations().stream().map(ValidationRule::getRule).toList();
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
