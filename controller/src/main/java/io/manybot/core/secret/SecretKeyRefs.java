package io.manybot.core.secret;

import io.manybot.core.declaration.Bot;

/**
 * Reads the keys of the Secrets a bot names ({@code secretKeyRef}): the cluster home reads them from the Kubernetes
 * Secrets of the bot's namespace; the local home has no Secrets and refuses them ({@link #LOCAL}).
 */
@FunctionalInterface
public interface SecretKeyRefs {
    /** The local home: every reference is refused, naming what to declare instead. */
    SecretKeyRefs LOCAL = ref -> {
        throw new SecretException(ref + " is a Kubernetes Secret reference, which only the cluster home reads;"
                + " in the local home use fromEnv (an environment variable of `manybot run`) or fromFile");
    };

    /**
     * The value of {@code ref}.
     *
     * @throws SecretException naming the Secret and key and what is wrong (missing Secret, missing key), never a value
     */
    String read(Bot.SecretKeyRef ref);
}
