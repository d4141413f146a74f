package io.manybot.core.review;

import io.manybot.core.declaration.Bot;
import io.manybot.core.review.github.GithubPullRequests;
import io.manybot.core.review.gitlab.GitlabMergeRequests;
import io.manybot.core.secret.SecretRedactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** The host adapter for a review target, and the API token a local declaration names. */
public final class ReviewHosts {
    private ReviewHosts() {}

    /** The pull requests of {@code target}'s repository, spoken to with {@code token}. */
    public static PullRequests client(ReviewTarget target, String token, Clock clock) throws HostRefusal {
        return switch (target.kind()) {
            case GITHUB -> new GithubPullRequests(target.apiUrl(), target.project(), token, clock);
            case GITLAB -> new GitlabMergeRequests(target.apiUrl(), target.project(), token, clock);
        };
    }

    /**
     * The token the local home uses: {@code spec.repository.tokenEnv} (an environment variable of {@code manybot run}) or
     * {@code tokenFile}, registered with {@code redactor}.
     *
     * @throws IllegalStateException naming what to declare or fix (never a value)
     */
    public static String localToken(Bot.Repository repository, Map<String, String> env, SecretRedactor redactor) {
        Bot.ReviewHost review = repository.review();
        String token;
        if (review.tokenEnv() != null) {
            token = env.get(review.tokenEnv());
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("no API token: environment variable " + review.tokenEnv()
                        + " (spec.repository.tokenEnv) is " + (token == null ? "not set" : "empty"));
            }
        } else if (review.tokenFile() != null) {
            try {
                token = Files.readString(Path.of(review.tokenFile()), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("no API token: file " + review.tokenFile() + " (spec.repository.tokenFile) cannot be read: "
                        + e.getClass().getSimpleName());
            }
            if (token.isBlank()) {
                throw new IllegalStateException("no API token: file " + review.tokenFile() + " (spec.repository.tokenFile) is empty");
            }
        } else {
            throw new IllegalStateException("no API token: declare spec.repository.tokenEnv (an environment variable of manybot run)"
                    + " or tokenFile");
        }
        token = token.strip();
        redactor.register(token);
        return token;
    }
}
