package io.manybot.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.manybot.core.problem.Problem;
import io.manybot.core.yaml.FieldPath;
import io.manybot.core.yaml.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of every Manybot file format (the {@code schemas/} directory, shipped in the jar
 * under {@code manybot/schemas/}), and validation of located YAML documents against them.
 */
public final class SchemaCatalog {
    private static final String PREFIX = "https://manybot.io/schemas/";
    private static final SchemaCatalog DEFAULT = new SchemaCatalog();

    private final SchemaRegistry registry;
    private final Map<FileFormat, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> rawSchemas = new ConcurrentHashMap<>();

    private SchemaCatalog() {
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                .schemaIdResolvers(resolvers -> resolvers.mapPrefix(PREFIX, "classpath:manybot/schemas/")));
    }

    public static SchemaCatalog get() {
        return DEFAULT;
    }

    public Schema schema(FileFormat format) {
        return schemas.computeIfAbsent(format, f -> {
            Schema schema = registry.getSchema(SchemaLocation.of(PREFIX + f.schemaFile()));
            schema.initializeValidators();
            return schema;
        });
    }

    /** Problems of {@code document} against the schema of {@code format}, each located in the file. */
    public List<Problem> validate(YamlDocument document, FileFormat format) {
        return validate(document, document.root(), FieldPath.ROOT, format);
    }

    /** Validates the node at {@code at} inside {@code document} (a part of it, such as {@code _meta}). */
    public List<Problem> validate(YamlDocument document, JsonNode node, FieldPath at, FileFormat format) {
        List<Problem> problems = new ArrayList<>();
        for (Error error : schema(format).validate(node)) {
            FieldPath path = append(at, error.getInstanceLocation());
            switch (error.getKeyword()) {
                case "additionalProperties", "unevaluatedProperties" -> {
                    FieldPath field = path.key(error.getProperty());
                    problems.add(Problem.error(document.locateKey(field), field.display(),
                            "unknown field '" + error.getProperty() + "'" + allowed(error)));
                }
                case "required" -> {
                    FieldPath field = path.key(error.getProperty());
                    problems.add(Problem.error(document.locate(path), field.display(), "required field is missing"));
                }
                default -> problems.add(Problem.error(document.locate(path), path.display(), message(error, siblingsOf(error))));
            }
        }
        problems.sort(Problem.BY_LOCATION);
        return problems;
    }

    private static String message(Error error, JsonNode schema) {
        String description = schema.path("description").asText("");
        return switch (error.getKeyword()) {
            case "const" -> "must be " + error.getSchemaNode();
            case "minItems" -> "must not be empty";
            case "pattern" -> description.isEmpty()
                    ? error.getMessage()
                    : error.getInstanceNode() + " is not valid here; expected " + lowerFirst(description);
            default -> error.getMessage();
        };
    }

    private static String lowerFirst(String text) {
        String trimmed = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        return Character.toLowerCase(trimmed.charAt(0)) + trimmed.substring(1);
    }

    /** "; expected one of: a, b, c" from the properties declared beside the refusing keyword. */
    private String allowed(Error error) {
        JsonNode properties = siblingsOf(error).path("properties");
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "" : "; expected one of: " + String.join(", ", names);
    }

    /** The schema object holding the keyword that refused the value (its description, properties). */
    private JsonNode siblingsOf(Error error) {
        String location = error.getSchemaLocation().toString();
        int hash = location.indexOf('#');
        if (hash < 0 || !location.startsWith(PREFIX)) {
            return MissingNode.getInstance();
        }
        String pointer = location.substring(hash + 1);
        int last = pointer.lastIndexOf('/');
        return last < 0 ? MissingNode.getInstance() : rawSchema(location.substring(PREFIX.length(), hash)).at(pointer.substring(0, last));
    }

    private JsonNode rawSchema(String file) {
        return rawSchemas.computeIfAbsent(file, name -> {
            try (InputStream in = SchemaCatalog.class.getResourceAsStream("/manybot/schemas/" + name)) {
                return in == null ? MissingNode.getInstance() : new ObjectMapper().readTree(in);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        });
    }

    private static FieldPath append(FieldPath base, NodePath location) {
        FieldPath path = base;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? path.index(index) : path.key(element.toString());
        }
        return path;
    }
}
