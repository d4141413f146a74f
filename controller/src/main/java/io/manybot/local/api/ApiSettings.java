package io.manybot.local.api;

import io.manybot.core.audit.AuditLog;
import io.manybot.core.event.WebhookIntake;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the local home's HTTP API runs: where it listens, the API keys that may write, the webhook
 * secrets and the extra redaction rules. Read from {@code manybot run} options and the environment.
 *
 * @param host the bind address ({@code 127.0.0.1}, {@code 0.0.0.0}, …)
 * @param port the port; 0 picks a free one
 * @param apiKeys keys accepted in {@code X-API-Key} for writes (empty: every write is refused)
 * @param webhookSecret the GitHub webhook secret ({@code X-Hub-Signature-256}), or null
 * @param gitlabToken the GitLab webhook token ({@code X-Gitlab-Token}), or null
 * @param redactRules extra regular expressions masked in the audit log, logs and responses
 * @param maxBodyBytes the largest webhook body accepted
 */
public record ApiSettings(
        String host, int port, List<String> apiKeys, String webhookSecret, String gitlabToken, List<Pattern> redactRules,
        int maxBodyBytes) {

    public static final String API_KEYS_ENV = "MANYBOT_API_KEYS";
    public static final String WEBHOOK_SECRET_ENV = "MANYBOT_WEBHOOK_SECRET";
    public static final String GITLAB_TOKEN_ENV = "MANYBOT_GITLAB_TOKEN";

    public ApiSettings {
        apiKeys = List.copyOf(apiKeys);
        redactRules = List.copyOf(redactRules);
    }

    /**
     * From {@code --http ADDR}, {@code --api-keys FILE}, {@code --redact FILE} and the environment.
     *
     * @throws IllegalArgumentException for a malformed address or redaction rule
     */
    public static ApiSettings of(String address, Path apiKeysFile, Path redactFile, Map<String, String> environment) throws IOException {
        String host;
        String portText;
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            host = "127.0.0.1";
            portText = address;
        } else {
            host = address.substring(0, colon);
            portText = address.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "127.0.0.1";
            }
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--http takes HOST:PORT (e.g. 127.0.0.1:8080), not " + address);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--http: port " + port + " is out of range");
        }
        List<String> keys = new ArrayList<>();
        String fromEnv = environment.get(API_KEYS_ENV);
        if (fromEnv != null) {
            for (String key : fromEnv.split(",")) {
                if (!key.isBlank()) {
                    keys.add(key.strip());
                }
            }
        }
        if (apiKeysFile != null) {
            for (String line : Files.readAllLines(apiKeysFile)) {
                String key = line.strip();
                if (!key.isEmpty() && !key.startsWith("#")) {
                    keys.add(key);
                }
            }
        }
        return new ApiSettings(host, port, keys, blankToNull(environment.get(WEBHOOK_SECRET_ENV)),
                blankToNull(environment.get(GITLAB_TOKEN_ENV)), AuditLog.loadRules(environment, redactFile),
                WebhookIntake.DEFAULT_MAX_BODY_BYTES);
    }

    /** Whether the server listens on loopback only (reads are then open without a key). */
    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "ApiSettings[" + host + ":" + port + ", " + apiKeys.size() + " API keys, webhook secret "
                + (webhookSecret == null ? "unset" : "set") + ", GitLab token " + (gitlabToken == null ? "unset" : "set") + ", "
                + redactRules.size() + " redaction rules]";
    }
}
