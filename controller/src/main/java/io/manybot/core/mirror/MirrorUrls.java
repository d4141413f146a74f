package io.manybot.core.mirror;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/** Validation, redaction and naming of repository URLs. */
final class MirrorUrls {
    private static final Pattern SCHEME = Pattern.compile("^(https?|ssh|git|file)://", Pattern.CASE_INSENSITIVE);
    /** {@code user@host:path}, scp-like ssh; neither host nor path may look like an option. */
    private static final Pattern SCP = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:[^-:][^:]*$");
    /** The user-info part of an URL with a scheme: {@code scheme://user:password@}. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s]*)@");
    private static final int MAX_NAME = 60;

    private MirrorUrls() {}

    /** Whether {@code text} is written as a repository URL (a scheme this class accepts, or scp-like {@code user@host:path}). */
    static boolean isUrl(String text) {
        return text != null && (SCHEME.matcher(text).find() || SCP.matcher(text).matches());
    }

    /** Whether {@code url} is a local repository: {@code file://} or an absolute path. */
    static boolean isLocal(String url) {
        return url.startsWith("/") || url.regionMatches(true, 0, "file://", 0, 7);
    }

    /**
     * Refuses anything but {@code https://}, {@code http://}, {@code ssh://}, {@code git://}, {@code user@host:path},
     * {@code file://} and absolute paths: no transport helpers ({@code ext::}), nothing option-like.
     */
    static URIish validate(String url) throws MirrorException {
        if (url == null || url.isBlank()) {
            throw new MirrorException("no repository url given");
        }
        String shown = redact(url);
        if (url.startsWith("-")) {
            throw new MirrorException("refusing repository url '" + shown + "': it looks like a command-line option");
        }
        if (url.contains("::")) {
            throw new MirrorException("refusing repository url '" + shown + "': transport helpers (<name>::) are not allowed");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new MirrorException("refusing repository url '" + shown + "': it contains whitespace or control characters");
            }
        }
        Matcher scheme = SCHEME.matcher(url);
        boolean ok;
        if (scheme.find()) {
            String rest = url.substring(scheme.end());
            ok = scheme.group(1).equalsIgnoreCase("file") ? rest.startsWith("/") : !rest.isEmpty() && !rest.startsWith("/")
                    && !rest.startsWith("-");
        } else {
            ok = SCP.matcher(url).matches() || url.startsWith("/");
        }
        if (!ok) {
            throw new MirrorException("refusing repository url '" + shown
                    + "': use https://, http://, ssh://, git://, user@host:path, file:///path or an absolute path");
        }
        try {
            URIish uri = new URIish(url);
            if (!isLocal(url) && (uri.getHost() == null || uri.getHost().isEmpty())) {
                throw new MirrorException("refusing repository url '" + shown + "': it names no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new MirrorException("refusing repository url '" + shown + "': " + redact(e.getMessage()));
        }
    }

    /** {@code text} with the password of every {@code scheme://user:password@} replaced by {@code ***}. */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = USER_INFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String info = m.group(2);
            int colon = info.indexOf(':');
            String replaced = colon < 0 ? info : info.substring(0, colon) + ":***";
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + replaced + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code text} redacted, and without {@code secret} (when given) anywhere. */
    static String redact(String text, String url, GitCredentials credentials) {
        String result = redact(text);
        if (result == null) {
            return null;
        }
        if (credentials != null && credentials.password() != null && !credentials.password().isEmpty()) {
            result = result.replace(credentials.password(), "***");
        }
        String password = password(url);
        if (password != null && !password.isEmpty()) {
            result = result.replace(password, "***");
        }
        return result;
    }

    private static String password(String url) {
        Matcher m = USER_INFO.matcher(url == null ? "" : url);
        if (m.find()) {
            int colon = m.group(2).indexOf(':');
            return colon < 0 ? null : m.group(2).substring(colon + 1);
        }
        return null;
    }

    /** The URL without any {@code user[:password]@} (of an URL with a scheme): the same repository. */
    static String withoutUserInfo(String url) {
        Matcher m = USER_INFO.matcher(url);
        return m.lookingAt() ? m.group(1) + url.substring(m.end()) : url;
    }

    /** {@code <sanitised host and path>-<12 hex of sha-256 of url and branch>}. */
    static String directoryName(URIish uri, String url, String branch) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = (host + "/" + path).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        name = name.replaceAll("\\.git$", "").replaceAll("^[-.]+|[-.]+$", "");
        if (name.length() > MAX_NAME) {
            name = name.substring(name.length() - MAX_NAME).replaceAll("^[-.]+", "");
        }
        if (name.isEmpty()) {
            name = "repository";
        }
        return name + "-" + hash(withoutUserInfo(url) + "\n" + branch);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
