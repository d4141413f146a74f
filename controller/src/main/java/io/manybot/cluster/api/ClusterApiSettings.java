package io.manybot.cluster.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Settings of the cluster home's HTTP API, from the environment: {@code MANYBOT_API_KEYS}
 * (comma-separated keys for {@code X-API-Key}), {@code MANYBOT_WEBHOOK_SECRET} (GitHub) and
 * {@code MANYBOT_GITLAB_TOKEN} (GitLab), and {@code MANYBOT_REDACT} (extra redaction rules, regular
 * expressions separated by new lines or {@code ;;}). {@link #toString} names no secret.
 *
 * @param redactRules the rules' text, or null
 */
public record ClusterApiSettings(List<String> apiKeys, String webhookSecret, String gitlabToken, String redactRules) {
    public ClusterApiSettings {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        webhookSecret = blankToNull(webhookSecret);
        gitlabToken = blankToNull(gitlabToken);
        redactRules = blankToNull(redactRules);
    }

    public ClusterApiSettings(List<String> apiKeys, String webhookSecret, String gitlabToken) {
        this(apiKeys, webhookSecret, gitlabToken, null);
    }

    public static ClusterApiSettings fromEnvironment(Map<String, String> env) {
        List<String> keys = Arrays.stream(env.getOrDefault("MANYBOT_API_KEYS", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new ClusterApiSettings(keys, env.get("MANYBOT_WEBHOOK_SECRET"), env.get("MANYBOT_GITLAB_TOKEN"),
                env.get(io.manybot.core.audit.AuditLog.REDACT_ENV));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "ClusterApiSettings[apiKeys=" + apiKeys.size() + ", webhookSecret=" + (webhookSecret == null ? "none" : "set")
                + ", gitlabToken=" + (gitlabToken == null ? "none" : "set") + ", redactRules=" + (redactRules == null ? "none" : "set") + "]";
    }
}
