package io.manybot.cluster.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.MeetingResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.cluster.resource.WorkCycleResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checked-in CRDs ({@code crds/} and {@code charts/manybot/crds/}): what the fabric8 CRD generator
 * wrote to {@code target/classes/META-INF/fabric8/}, with each version's {@code additionalPrinterColumns}
 * put back in the order of the {@code @AdditionalPrinterColumn} annotations (the generator sorts them by
 * jsonPath; kubectl shows them in CRD order). Everything else is kept as generated, key order included.
 */
public final class CrdFiles {
    public static final String WRITE_PROPERTY = "manybot.crds.write";
    public static final String REGENERATE =
            "mvn -B -ntp test -pl controller -Dtest=CrdFilesTest -Dmanybot.crds.write=true";
    static final String HEADER = """
            # Generated from the classes in io.manybot.cluster.resource by the fabric8 CRD generator,
            # with the additionalPrinterColumns in their declared (annotation) order. Do not edit by hand;
            # regenerate (from the repository root) with:
            #   %s
            """.formatted(REGENERATE);

    /** Plural → resource class, in a stable order. */
    public static final Map<String, Class<? extends CustomResource<?, ?>>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("manybots", ManybotResource.class);
        KINDS.put("goals", GoalResource.class);
        KINDS.put("subscriptions", SubscriptionResource.class);
        KINDS.put("workcycles", WorkCycleResource.class);
        KINDS.put("meetings", MeetingResource.class);
    }

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private CrdFiles() {}

    /** The repository root (tests run in {@code controller/}). */
    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("controller")) && Files.isDirectory(here.resolve("schemas"))) {
            return here;
        }
        return here.getParent();
    }

    public static String fileName(String plural) {
        return plural + "." + ManybotResource.GROUP + ".yaml";
    }

    /** Where a CRD is checked in: the top-level {@code crds/} and the chart's {@code crds/}. */
    public static List<Path> checkedIn(String plural) {
        return List.of(root().resolve("crds").resolve(fileName(plural)),
                root().resolve("charts/manybot/crds").resolve(fileName(plural)));
    }

    /** The generator's output for {@code plural}. */
    public static Path generated(String plural) {
        return root().resolve("controller/target/classes/META-INF/fabric8")
                .resolve(plural + "." + ManybotResource.GROUP + "-v1.yml");
    }

    /** The printer columns of {@code type}, in declaration order. */
    public static List<AdditionalPrinterColumn> declaredColumns(Class<?> type) {
        return Arrays.asList(type.getAnnotationsByType(AdditionalPrinterColumn.class));
    }

    /** The text that should be checked in for {@code plural}. */
    public static String render(String plural) {
        Path source = generated(plural);
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException(source + " is missing: the CRD generator runs in process-classes (" + REGENERATE + ")");
        }
        try {
            JsonNode crd = YAML.readTree(Files.readString(source, StandardCharsets.UTF_8));
            List<String> order = declaredColumns(KINDS.get(plural)).stream().map(AdditionalPrinterColumn::name).toList();
            for (JsonNode version : crd.path("spec").path("versions")) {
                JsonNode columns = version.get("additionalPrinterColumns");
                if (columns instanceof ArrayNode array) {
                    ((ObjectNode) version).set("additionalPrinterColumns", reorder(array, order, plural));
                }
            }
            return HEADER + YAML.writeValueAsString(crd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ArrayNode reorder(ArrayNode columns, List<String> order, String plural) {
        List<JsonNode> sorted = new ArrayList<>();
        columns.forEach(sorted::add);
        for (JsonNode column : sorted) {
            if (!order.contains(column.path("name").asText())) {
                throw new IllegalStateException(plural + ": printer column " + column.path("name").asText()
                        + " has no @AdditionalPrinterColumn (declared: " + order + ")");
            }
        }
        sorted.sort((a, b) -> Integer.compare(order.indexOf(a.path("name").asText()), order.indexOf(b.path("name").asText())));
        ArrayNode result = columns.arrayNode();
        sorted.forEach(result::add);
        return result;
    }

    /** Writes every checked-in copy; returns the files written. */
    public static List<Path> writeAll() {
        List<Path> written = new ArrayList<>();
        for (String plural : KINDS.keySet()) {
            String text = render(plural);
            for (Path target : checkedIn(plural)) {
                try {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, text, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                written.add(target);
            }
        }
        return written;
    }
}
