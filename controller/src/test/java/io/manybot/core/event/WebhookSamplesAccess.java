package io.manybot.core.event;

/** {@link WebhookSamples} for tests of other packages. */
public final class WebhookSamplesAccess {
    private WebhookSamplesAccess() {}

    public static RepositoryEvent parse(String event, String sample) {
        return WebhookSamples.parse(event, sample);
    }

    public static RepositoryEvent parseGitLab(String event, String sample) {
        return WebhookSamples.parseGitLab(event, sample);
    }
}
