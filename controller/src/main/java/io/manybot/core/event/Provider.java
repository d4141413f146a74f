package io.manybot.core.event;

/** The code host that sent a webhook. */
public enum Provider {
    GITHUB("GitHub"),
    GITLAB("GitLab");

    private final String displayName;

    Provider(String displayName) {
        this.displayName = displayName;
    }

    /** "GitHub", "GitLab": for messages. */
    public String displayName() {
        return displayName;
    }

    /** Lower-case id ("github", "gitlab"): for keys and summaries. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
