package io.manybot.core.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.yaml.YamlDocument.NodePosition;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML (one or many documents) into JSON trees that remember where each node was written.
 * Hostile input is refused with a located problem rather than an exception: binary content,
 * invalid UTF-8, duplicate keys, recursive or exploding aliases, deep nesting, non-finite numbers,
 * merge keys and language-specific tags.
 */
public final class YamlReader {
    /** The largest file read, in bytes. */
    public static final int MAX_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_ALIASES = 32;
    /** The YAML 1.1 implicit types; read-only once built, so one instance serves every thread. */
    private static final Resolver RESOLVER = new Resolver();

    private YamlReader() {}

    public static ParsedYaml read(String file, byte[] content) {
        for (int i = 0; i < content.length; i++) {
            if (content[i] == 0) {
                return failed(file, Problem.error(SourceLocation.wholeFile(file), "",
                        "binary content (NUL byte at offset " + i + "); expected a UTF-8 YAML text file"));
            }
        }
        String text;
        try {
            text = decodeUtf8(content);
        } catch (CharacterCodingException e) {
            return failed(file, Problem.error(SourceLocation.wholeFile(file), "",
                    "not valid UTF-8 text; expected a UTF-8 YAML file"));
        }
        return read(file, text, 0);
    }

    /**
     * Reads {@code text} that starts {@code lineOffset} lines into {@code file} (YAML embedded in
     * another file, such as the directives {@code _meta} block).
     */
    public static ParsedYaml read(String file, String text, int lineOffset) {
        if (text.length() > MAX_BYTES) {
            return failed(file, Problem.error(SourceLocation.wholeFile(file), "",
                    "file is larger than " + MAX_BYTES + " bytes"));
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        List<YamlDocument> documents = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try {
            int index = 0;
            // What Yaml.composeAll does, without building a Yaml (its constructor and representer
            // registries cost more than composing a small file) and with a shared resolver.
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), RESOLVER, options);
            while (composer.checkNode()) {
                Node node = composer.getNode();
                if (node == null) {
                    continue;
                }
                Converter converter = new Converter(file, lineOffset);
                JsonNode root = converter.convert(node, FieldPath.ROOT, null, 0);
                problems.addAll(converter.problems);
                documents.add(new YamlDocument(file, index++, root, Collections.unmodifiableMap(converter.positions)));
            }
        } catch (MarkedYAMLException e) {
            problems.add(Problem.error(location(file, e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark(), lineOffset),
                    "", "invalid YAML: " + describe(e)));
        } catch (YAMLException e) {
            problems.add(Problem.error(SourceLocation.wholeFile(file), "", "invalid YAML: " + e.getMessage()));
        } catch (StackOverflowError e) {
            problems.add(Problem.error(SourceLocation.wholeFile(file), "", "invalid YAML: nested too deeply"));
        }
        return new ParsedYaml(file, documents, problems);
    }

    private static String describe(MarkedYAMLException e) {
        String context = e.getContext();
        String problem = e.getProblem();
        if (problem == null) {
            return context == null ? "syntax error" : context;
        }
        return context == null ? problem : problem + " (" + context + ")";
    }

    private static ParsedYaml failed(String file, Problem problem) {
        return new ParsedYaml(file, List.of(), List.of(problem));
    }

    static SourceLocation location(String file, Mark mark, int lineOffset) {
        return mark == null
                ? SourceLocation.wholeFile(file)
                : new SourceLocation(file, mark.getLine() + 1 + lineOffset, mark.getColumn() + 1);
    }

    /** Turns one composed document into a JSON tree and records positions on the way. */
    private static final class Converter {
        private final String file;
        private final int lineOffset;
        private final JsonNodeFactory nodes = JsonNodeFactory.instance;
        private final Map<String, NodePosition> positions = new HashMap<>();
        private final List<Problem> problems = new ArrayList<>();
        private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());

        Converter(String file, int lineOffset) {
            this.file = file;
            this.lineOffset = lineOffset;
        }

        JsonNode convert(Node node, FieldPath path, Mark keyMark, int depth) {
            Mark start = node.getStartMark();
            positions.put(path.pointer(), new NodePosition(
                    start.getLine() + 1 + lineOffset, start.getColumn() + 1,
                    keyMark == null ? 0 : keyMark.getLine() + 1 + lineOffset,
                    keyMark == null ? 0 : keyMark.getColumn() + 1));
            if (depth > MAX_DEPTH) {
                return fail(node, path, "nested more than " + MAX_DEPTH + " levels deep");
            }
            if (!inProgress.add(node)) {
                return fail(node, path, "recursive alias: a node that contains itself");
            }
            try {
                if (node instanceof MappingNode mapping) {
                    return mapping(mapping, path, depth);
                }
                if (node instanceof SequenceNode sequence) {
                    ArrayNode array = nodes.arrayNode();
                    int i = 0;
                    for (Node item : sequence.getValue()) {
                        array.add(convert(item, path.index(i++), null, depth + 1));
                    }
                    return array;
                }
                return scalar((ScalarNode) node, path);
            } finally {
                inProgress.remove(node);
            }
        }

        private JsonNode mapping(MappingNode mapping, FieldPath path, int depth) {
            ObjectNode object = nodes.objectNode();
            Map<String, Mark> seen = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (keyNode.getTag().equals(Tag.MERGE)) {
                    fail(keyNode, path, "merge keys (<<) are not supported; write the fields out");
                    continue;
                }
                if (!(keyNode instanceof ScalarNode scalarKey)) {
                    fail(keyNode, path, "a key must be a plain scalar, not a " + kind(keyNode));
                    continue;
                }
                String key = scalarKey.getValue();
                Mark previous = seen.putIfAbsent(key, keyNode.getStartMark());
                if (previous != null) {
                    fail(keyNode, path.key(key), "duplicate key '" + key + "' (first written at line "
                            + (previous.getLine() + 1 + lineOffset) + ")");
                    continue;
                }
                object.set(key, convert(tuple.getValueNode(), path.key(key), keyNode.getStartMark(), depth + 1));
            }
            return object;
        }

        private JsonNode scalar(ScalarNode scalar, FieldPath path) {
            Tag tag = scalar.getTag();
            String value = scalar.getValue();
            if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
                return nodes.textNode(value);
            }
            if (tag.equals(Tag.NULL)) {
                return nodes.nullNode();
            }
            if (tag.equals(Tag.BOOL)) {
                String lower = value.toLowerCase(Locale.ROOT);
                return nodes.booleanNode(lower.equals("true") || lower.equals("yes") || lower.equals("on") || lower.equals("y"));
            }
            if (tag.equals(Tag.INT)) {
                try {
                    BigInteger number = parseInteger(value);
                    return number.bitLength() < 64 ? nodes.numberNode(number.longValue()) : nodes.numberNode(number);
                } catch (NumberFormatException e) {
                    return fail(scalar, path, "'" + value + "' is not an integer");
                }
            }
            if (tag.equals(Tag.FLOAT)) {
                String cleaned = value.replace("_", "");
                if (cleaned.toLowerCase(Locale.ROOT).contains("inf") || cleaned.toLowerCase(Locale.ROOT).contains("nan")) {
                    return fail(scalar, path, "'" + value + "' is not a finite number");
                }
                try {
                    return nodes.numberNode(Double.parseDouble(cleaned));
                } catch (NumberFormatException e) {
                    return fail(scalar, path, "'" + value + "' is not a number");
                }
            }
            return fail(scalar, path, "the YAML tag " + tag.getValue() + " is not allowed here; write plain values");
        }

        private static BigInteger parseInteger(String value) {
            String text = value.replace("_", "");
            boolean negative = text.startsWith("-");
            if (text.startsWith("-") || text.startsWith("+")) {
                text = text.substring(1);
            }
            BigInteger number;
            if (text.startsWith("0x")) {
                number = new BigInteger(text.substring(2), 16);
            } else if (text.startsWith("0o")) {
                number = new BigInteger(text.substring(2), 8);
            } else if (text.startsWith("0b")) {
                number = new BigInteger(text.substring(2), 2);
            } else if (text.contains(":")) {
                throw new NumberFormatException("sexagesimal");
            } else if (text.length() > 1 && text.startsWith("0")) {
                number = new BigInteger(text.substring(1), 8);
            } else {
                number = new BigInteger(text);
            }
            return negative ? number.negate() : number;
        }

        private JsonNode fail(Node node, FieldPath path, String message) {
            problems.add(Problem.error(location(file, node.getStartMark(), lineOffset), path.display(), message));
            return nodes.nullNode();
        }

        private static String kind(Node node) {
            return node instanceof MappingNode ? "mapping" : node instanceof SequenceNode ? "sequence" : "scalar";
        }
    }

    /** The bytes as UTF-8 text; malformed input is an error, not a replacement character. */
    public static String decodeUtf8(byte[] content) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content))
                .toString();
    }
}
