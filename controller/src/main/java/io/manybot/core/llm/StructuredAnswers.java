package io.manybot.core.llm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.manybot.core.secret.SecretRedactor;

/**
 * Why a structured answer could not be read, and a second, lenient reading of a structured answer when langchain4j's own parser gave up: the JSON
 * object inside a Markdown fence or surrounded by prose.
 */
final class StructuredAnswers {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StructuredAnswers() {}

    /**
     * Why {@code text} is not the requested JSON, quoting its beginning (redacted). langchain4j's own
     * parse error is not used: its message carries the whole answer, base64-encoded, which no redactor
     * can recognise.
     */
    static String whyUnreadable(String text, SecretRedactor redactor) {
        if (text == null || text.isBlank()) {
            return "the answer is empty";
        }
        String start = text.strip().replaceAll("\\s+", " ");
        return "the answer is not the requested JSON; it begins: \"" + WorkspaceTools.cut(redactor.redact(start), 160) + "\"";
    }

    /** {@code text} read as {@code type}, or null when it holds no readable JSON object. */
    static <T> T read(String text, Class<T> type) {
        if (text == null) {
            return null;
        }
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return null;
        }
        try {
            return JSON.readValue(text.substring(start, end + 1), type);
        } catch (Exception e) {
            return null;
        }
    }
}
