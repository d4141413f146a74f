package io.manybot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.problem.Problem;

/** JSON output for {@code --json}. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode problem(Problem problem) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("severity", problem.severity().name().toLowerCase(java.util.Locale.ROOT));
        node.put("file", problem.location().file());
        node.put("line", problem.location().line());
        node.put("column", problem.location().column());
        node.put("field", problem.field());
        node.put("message", problem.message());
        return node;
    }
}
