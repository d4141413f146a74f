package io.manybot.testing;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Declarations of a small repository for HTTP API tests: bot {@code format-bot} owns
 * {@code src/format/} and works toward goal {@code tidy-format} (files under it holding a TODO,
 * measured by grep); subscription {@code format-pushes} wakes it on pushes there.
 */
public final class FormatRepository {
    public static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata:
              name: tidy-format
            spec:
              objective: No TODO left in the formatter
              start: 2026-11-01
              deadline: 2027-03-31
              keyResults:
                - name: files-with-todo
                  baseline: 2
                  target: 0
                  direction: decrease
                  measurement:
                    command: ["sh", "-c", "grep -rl TODO src/format | wc -l"]
                    timeout: 30s
            """;
    public static final String SUBSCRIPTION = """
            apiVersion: manybot.io/v1alpha1
            kind: Subscription
            metadata:
              name: format-pushes
            spec:
              bot: format-bot
              trigger: push
              paths: ["src/format/**"]
            """;

    private FormatRepository() {}

    /** format-bot running {@code sh -c command}, with extra environment variables. */
    public static String bot(String command, Map<String, String> env) {
        String environment = env.isEmpty() ? "" : "    env:\n" + env.entrySet().stream()
                .map(e -> "      " + e.getKey() + ": " + e.getValue() + "\n").collect(Collectors.joining());
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata:
                  name: format-bot
                spec:
                  goal: tidy-format
                  owns: ["src/format/**"]
                  mode: triggered
                  executor:
                    type: command
                    command: ["sh", "-c", "%s"]
                """.formatted(command) + environment + "    timeout: 5m\n";
    }
}
