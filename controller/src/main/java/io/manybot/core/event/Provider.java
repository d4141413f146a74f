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

    /** The provider of id {@code id} ("github", "gitlab", any case), or null for null or an unknown id. */
    public static Provider of(String id) {
        for (Provider provider : values()) {
            if (provider.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return provider;
            }
        }
        return null;
    }
}
