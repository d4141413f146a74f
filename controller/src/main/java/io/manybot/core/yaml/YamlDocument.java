package io.manybot.core.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import java.util.Map;

/**
 * One YAML document of a file as a JSON tree, with the source position of every node.
 *
 * @param index 0-based position of the document in a multi-document file
 */
public record YamlDocument(String file, int index, JsonNode root, Map<String, NodePosition> positions) {

    /** Where the node at {@code path} starts; the nearest enclosing node when it does not exist. */
    public SourceLocation locate(FieldPath path) {
        return locate(path, false);
    }

    /** Where the key of the field at {@code path} is written (falls back to its value). */
    public SourceLocation locateKey(FieldPath path) {
        return locate(path, true);
    }

    private SourceLocation locate(FieldPath path, boolean preferKey) {
        FieldPath current = path;
        while (true) {
            NodePosition position = positions.get(current.pointer());
            if (position != null) {
                int line = preferKey && position.keyLine() > 0 ? position.keyLine() : position.line();
                int column = preferKey && position.keyLine() > 0 ? position.keyColumn() : position.column();
                return new SourceLocation(file, line, column);
            }
            if (current.isRoot()) {
                return new SourceLocation(file, 1, 1);
            }
            current = parentOf(current);
        }
    }

    private static FieldPath parentOf(FieldPath path) {
        var elements = path.elements();
        return FieldPath.of(elements.subList(0, elements.size() - 1).toArray());
    }

    public Problem error(FieldPath path, String message) {
        return Problem.error(locate(path), path.display(), message);
    }

    public Problem warning(FieldPath path, String message) {
        return Problem.warning(locate(path), path.display(), message);
    }

    /** 1-based positions of a node and, for object members, of its key. */
    public record NodePosition(int line, int column, int keyLine, int keyColumn) {}
}
