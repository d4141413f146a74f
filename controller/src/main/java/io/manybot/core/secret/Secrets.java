package io.manybot.core.secret;

import io.manybot.core.declaration.Bot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Finds the secrets a declaration names (environment variables, files) without ever printing them. */
public final class Secrets {
    /** Providers that cannot work without a key. */
    private static final Set<String> KEY_REQUIRED = Set.of("openai", "anthropic");

    private Secrets() {}

    /**
     * The API key of {@code model}: the value of the environment variable {@code apiKeyEnv} or the
     * content of the file {@code apiKeyFile} (trimmed), registered with {@code redactor} before it is
     * returned. The variable wins when both are declared.
     *
     * @return the key, or null when none is declared and the provider needs none (ollama,
     *     openai-compatible servers without authentication)
     * @throws SecretException naming the variable or file (never a value) when the key is declared but
     *     missing or empty, or when the provider needs a key and none is declared
     */
    public static String resolveApiKey(Bot.Model model, Map<String, String> env, SecretRedactor redactor) {
        String provider = model.provider() == null ? "" : model.provider().toLowerCase(Locale.ROOT);
        String key;
        if (notBlank(model.apiKeyEnv())) {
            String value = env.get(model.apiKeyEnv());
            if (value == null || value.isBlank()) {
                throw new SecretException("the API key for model provider '" + provider + "' is missing: environment variable "
                        + model.apiKeyEnv() + (value == null ? " is not set" : " is empty"));
            }
            key = value.trim();
        } else if (notBlank(model.apiKeyFile())) {
            key = readKeyFile(provider, Path.of(model.apiKeyFile()));
        } else if (KEY_REQUIRED.contains(provider)) {
            throw new SecretException("model provider '" + provider
                    + "' needs an API key: declare apiKeyEnv (an environment variable) or apiKeyFile");
        } else {
            return null;
        }
        redactor.register(key);
        return key;
    }

    private static String readKeyFile(String provider, Path file) {
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            // The exception text names the file only; its content is never part of it.
            throw new SecretException("the API key for model provider '" + provider + "' could not be read from file "
                    + file + ": " + e.getClass().getSimpleName());
        }
        if (value.isEmpty()) {
            throw new SecretException("the API key for model provider '" + provider + "' is missing: file " + file + " is empty");
        }
        return value;
    }

    private static boolean notBlank(String text) {
        return text != null && !text.isBlank();
    }
}
