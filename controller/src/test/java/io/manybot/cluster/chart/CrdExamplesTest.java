package io.manybot.cluster.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.core.schema.FileFormat;
import io.manybot.core.schema.SchemaCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The custom resources Argo CD syncs from {@code examples/argocd/bots/} are valid and lose nothing in the resource classes. */
class CrdExamplesTest {
    static final Path BOTS = CrdFiles.root().resolve("examples/argocd/bots");
    static final Map<String, Class<? extends CustomResource<?, ?>>> CLASSES =
            Map.of("Manybot", ManybotResource.class, "Goal", GoalResource.class, "Subscription", SubscriptionResource.class);
    static final Map<String, FileFormat> FORMATS =
            Map.of("Manybot", FileFormat.MANYBOT, "Goal", FileFormat.GOAL, "Subscription", FileFormat.SUBSCRIPTION);

    /** 2 and 2.0 are the same value (the classes hold key result numbers as Double). */
    static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    @Test
    void everyBotDocumentIsAValidCustomResource() throws IOException {
        Map<String, Integer> kinds = new TreeMap<>();
        YAMLMapper yaml = new YAMLMapper();
        List<Path> files;
        try (Stream<Path> listed = Files.list(BOTS)) {
            files = listed.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            String name = BOTS.relativize(file).toString();
            List<JsonNode> documents = new ArrayList<>();
            try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                it.forEachRemaining(documents::add);
            }
            for (JsonNode document : documents) {
                String kind = document.path("kind").asText();
                String where = name + " " + kind + " " + document.at("/metadata/name").asText();
                assertTrue(CLASSES.containsKey(kind), where + ": not a Manybot, Goal or Subscription");
                assertEquals("manybot.io/v1alpha1", document.path("apiVersion").asText(), where);
                assertEquals("1", document.at("/metadata/annotations/argocd.argoproj.io~1sync-wave").asText(),
                        where + ": synced after the CRDs (wave -10) and the operator (wave 0)");

                List<Error> errors = SchemaCatalog.get().schema(FORMATS.get(kind)).validate(document);
                assertTrue(errors.isEmpty(), where + " against schemas/: " + errors);

                CustomResource<?, ?> resource = Serialization.unmarshal(yaml.writeValueAsString(document), CLASSES.get(kind));
                assertEquals(kind, resource.getKind());
                JsonNode back = Serialization.jsonMapper().valueToTree(resource.getSpec());
                assertTrue(document.path("spec").equals(SAME_NUMBER, back),
                        where + ": the spec reads into " + CLASSES.get(kind).getSimpleName() + " without loss\n" + document.path("spec") + "\n" + back);
                if (resource instanceof ManybotResource bot) {
                    assertTrue(bot.getSpec().repository.url.startsWith("https://"), where + ": in the cluster a bot names its repository");
                }
                kinds.merge(kind, 1, Integer::sum);
            }
        }
        assertEquals(Map.of("Goal", 2, "Manybot", 2, "Subscription", 3), kinds, "the example shop's goals, bots and subscriptions");
    }
}
