package io.manybot.core.event;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook delivery comes from the configured GitHub or GitLab webhook.
 *
 * <ul>
 *   <li>GitHub: {@value #GITHUB_SIGNATURE} must be {@code sha256=} and the lower- or upper-case hex of
 *       HMAC-SHA256(secret, raw body). The legacy SHA-1 {@code X-Hub-Signature} is not accepted.</li>
 *   <li>GitLab: {@value #GITLAB_TOKEN} must equal the configured token.</li>
 * </ul>
 * Both comparisons take the same time wherever the values first differ ({@link MessageDigest#isEqual});
 * the GitLab token is compared through its SHA-256 digest so its length does not show either. A
 * refusal's reason names the header and what is wrong with it, never the configured secret nor the
 * value received. The secret and the token are kept only as an HMAC key and a digest.
 */
public final class WebhookVerifier {
    public static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";
    public static final String GITHUB_SIGNATURE_SHA1 = "X-Hub-Signature";
    public static final String GITLAB_TOKEN = "X-Gitlab-Token";
    private static final String HMAC = "HmacSHA256";
    private static final String PREFIX = "sha256=";

    private final SecretKeySpec githubKey;
    private final byte[] gitlabTokenDigest;

    /**
     * @param githubSecret the secret of the GitHub webhook, or null (or blank) to refuse GitHub deliveries
     * @param gitlabToken the secret token of the GitLab webhook, or null (or blank) to refuse GitLab deliveries
     */
    public WebhookVerifier(String githubSecret, String gitlabToken) {
        this.githubKey = githubSecret == null || githubSecret.isEmpty()
                ? null : new SecretKeySpec(githubSecret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.gitlabTokenDigest = gitlabToken == null || gitlabToken.isEmpty() ? null : sha256(gitlabToken.getBytes(StandardCharsets.UTF_8));
    }

    /** The outcome of a check: verified, or refused with a reason fit to log and to answer with. */
    public record Verification(boolean verified, String reason) {
        static final Verification OK = new Verification(true, "verified");

        static Verification refused(String reason) {
            return new Verification(false, reason);
        }
    }

    /** Whether a secret (GitHub) or token (GitLab) is configured for {@code provider}. */
    public boolean configured(Provider provider) {
        return provider == Provider.GITHUB ? githubKey != null : gitlabTokenDigest != null;
    }

    public Verification verify(Provider provider, Map<String, String> headers, byte[] body) {
        return verify(provider, WebhookHeaders.of(headers), body);
    }

    public Verification verify(Provider provider, WebhookHeaders headers, byte[] body) {
        if (provider == null) {
            return Verification.refused("not a GitHub or GitLab webhook");
        }
        return provider == Provider.GITHUB ? verifyGitHub(headers, body == null ? new byte[0] : body) : verifyGitLab(headers);
    }

    private Verification verifyGitHub(WebhookHeaders headers, byte[] body) {
        if (githubKey == null) {
            return Verification.refused("no secret configured for GitHub webhooks: GitHub deliveries are refused");
        }
        String signature = headers.get(GITHUB_SIGNATURE);
        if (signature == null || signature.isBlank()) {
            return Verification.refused(headers.has(GITHUB_SIGNATURE_SHA1)
                    ? "only the SHA-1 " + GITHUB_SIGNATURE_SHA1 + " header was sent; " + GITHUB_SIGNATURE + " is required"
                    : "missing " + GITHUB_SIGNATURE + " header: the GitHub webhook must be configured with the secret");
        }
        String value = signature.trim();
        byte[] given = null;
        if (value.length() == PREFIX.length() + 64 && value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            try {
                given = HexFormat.of().parseHex(value.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                given = null;
            }
        }
        if (given == null) {
            return Verification.refused(GITHUB_SIGNATURE + " is not 'sha256=' followed by 64 hexadecimal digits");
        }
        if (!MessageDigest.isEqual(hmac(githubKey, body), given)) {
            return Verification.refused(GITHUB_SIGNATURE
                    + " does not match the body: not signed with the configured secret, or the body was altered");
        }
        return Verification.OK;
    }

    private Verification verifyGitLab(WebhookHeaders headers) {
        if (gitlabTokenDigest == null) {
            return Verification.refused("no secret token configured for GitLab webhooks: GitLab deliveries are refused");
        }
        String token = headers.get(GITLAB_TOKEN);
        if (token == null || token.isEmpty()) {
            return Verification.refused("missing " + GITLAB_TOKEN + " header: the GitLab webhook must be configured with the secret token");
        }
        if (!MessageDigest.isEqual(sha256(token.getBytes(StandardCharsets.UTF_8)), gitlabTokenDigest)) {
            return Verification.refused(GITLAB_TOKEN + " does not match the configured secret token");
        }
        return Verification.OK;
    }

    /** The {@value #GITHUB_SIGNATURE} value GitHub sends for {@code body} signed with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC), body));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookVerifier[GitHub secret " + (githubKey != null ? "configured" : "not configured")
                + ", GitLab token " + (gitlabTokenDigest != null ? "configured" : "not configured") + "]";
    }
}
