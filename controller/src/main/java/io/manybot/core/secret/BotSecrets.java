package io.manybot.core.secret;

import io.manybot.core.declaration.Bot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The secret values a bot is configured with, so that they are masked wherever text is stored or
 * shown and refused wherever the bot writes them into a change:
 *
 * <ul>
 *   <li>every value of the executor's {@code env} whose variable name says it is a secret (it contains
 *       {@code TOKEN}, {@code SECRET}, {@code PASSWORD}/{@code PASSWD}/{@code PWD}, {@code API_KEY},
 *       {@code ACCESS_KEY}, {@code PRIVATE_KEY}, {@code CREDENTIAL}, {@code AUTH}, {@code COOKIE},
 *       {@code SESSION}, or ends in {@code KEY} or {@code _PAT}), and every value shaped like a known
 *       token ({@link TokenShapes}) whatever its name;</li>
 *   <li>the model's API key, read from its {@code apiKeyEnv} variable or {@code apiKeyFile}, when set.</li>
 * </ul>
 * Values shorter than {@value SecretRedactor#MIN_LENGTH} characters are not secrets to the redactor.
 */
public final class BotSecrets {
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(TOKEN|SECRET|PASSW|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|COOKIE|SESSION|KEY$|_PAT$).*");

    private BotSecrets() {}

    /** Whether an environment variable of this name holds a secret by its name alone. */
    public static boolean secretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /** The secret values of {@code bot} (see the class comment); {@code processEnv} resolves the model's key variable. */
    public static List<String> values(Bot bot, Map<String, String> processEnv) {
        List<String> values = new ArrayList<>();
        Bot.Executor executor = bot.executor();
        if (executor == null) {
            return values;
        }
        executor.env().forEach((name, value) -> {
            if (value != null && (secretName(name) || TokenShapes.find(value).isPresent())) {
                values.add(value);
            }
        });
        Bot.Model model = executor.model();
        if (model != null) {
            if (model.apiKeyEnv() != null && processEnv != null && processEnv.get(model.apiKeyEnv()) != null) {
                values.add(processEnv.get(model.apiKeyEnv()));
            }
            if (model.apiKeyFile() != null && !model.apiKeyFile().isBlank()) {
                try {
                    values.add(Files.readString(Path.of(model.apiKeyFile()), StandardCharsets.UTF_8).trim());
                } catch (IOException | RuntimeException unreadable) {
                    // Nothing to register: the executor reports the missing key when it needs it.
                }
            }
        }
        return values;
    }

    /** Registers the secret values of {@code bot} with {@code redactor}. */
    public static void register(Bot bot, Map<String, String> processEnv, SecretRedactor redactor) {
        values(bot, processEnv).forEach(redactor::register);
    }
}
