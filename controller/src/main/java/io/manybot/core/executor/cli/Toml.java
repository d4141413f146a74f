package io.manybot.core.executor.cli;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** TOML basic strings, bare keys and arrays for the few lines of CLI configuration Manybot writes. */
final class Toml {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private Toml() {}

    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String key(String key) {
        return BARE_KEY.matcher(key).matches() ? key : string(key);
    }

    static String array(List<String> values) {
        return values.stream().map(Toml::string).collect(Collectors.joining(", ", "[", "]"));
    }
}
