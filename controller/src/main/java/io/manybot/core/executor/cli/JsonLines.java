package io.manybot.core.executor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** JSON-lines output of a CLI: each line that is a JSON object, other lines (warnings, progress) skipped. */
final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    static List<JsonNode> read(String output) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("{")) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(trimmed);
                if (node != null && node.isObject()) {
                    lines.add(node);
                }
            } catch (JsonProcessingException e) {
                // a line cut by the output cap, or not JSON after all: skipped
            }
        }
        return lines;
    }

    /** A content field that is a string or a list of text blocks, as text. */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (block.has("text")) {
                text.append(block.path("text").asText());
            }
        }
        return text.toString();
    }
}
