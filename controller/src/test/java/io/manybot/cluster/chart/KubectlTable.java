package io.manybot.cluster.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code kubectl get <kind>} prints for resources, from the checked-in CRD's printer columns
 * (priority 0 only, as without {@code -o wide}), as a real API server and kubectl print them: a missing
 * value is an empty cell, a list is compact JSON. The README's sample output comes from here.
 */
public final class KubectlTable {
    private KubectlTable() {}

    public static String render(String crdFile, List<? extends HasMetadata> resources, Instant now) throws IOException {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(Path.of("..", "crds", crdFile))) {
            crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
        List<CustomResourceColumnDefinition> columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                .filter(c -> c.getPriority() == null || c.getPriority() == 0).toList();
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("NAME"));
        columns.forEach(c -> header.add(c.getName().toUpperCase(Locale.ROOT)));
        rows.add(header);
        for (HasMetadata resource : resources) {
            JsonNode tree = Serialization.jsonMapper().valueToTree(resource);
            List<String> row = new ArrayList<>(List.of(resource.getMetadata().getName()));
            for (CustomResourceColumnDefinition column : columns) {
                JsonNode value = tree.at(column.getJsonPath().replace('.', '/'));
                row.add(cell(column, value, now));
            }
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        return rows.stream().map(row -> {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
            }
            return line.toString().stripTrailing();
        }).collect(Collectors.joining("\n"));
    }

    private static String cell(CustomResourceColumnDefinition column, JsonNode value, Instant now) {
        if (value.isMissingNode() || value.isNull()) {
            // The API server's table converter sends no cell for a missing value; kubectl prints nothing.
            return "";
        }
        if ("date".equals(column.getType())) {
            Duration age = Duration.between(Instant.parse(value.asText()), now);
            return age.toMinutes() >= 1 ? age.toMinutes() + "m" : Math.max(0, age.toSeconds()) + "s";
        }
        if (value.isContainerNode()) {
            // A list or object is printed as compact JSON, as the API server's table converter renders it.
            return value.toString();
        }
        return value.asText();
    }
}
