package io.manybot.core.mirror;

import java.net.URISyntaxException;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/** Tells an ssh failure by its text and names the fix: an unknown host key, or a key the server refused. */
final class SshFailures {
    private static final Pattern SSH_URL = Pattern.compile("^(ssh://|[A-Za-z0-9_][A-Za-z0-9._-]*@[^/:]+:)", Pattern.CASE_INSENSITIVE);

    private SshFailures() {}

    static boolean isSsh(String url) {
        return url != null && SSH_URL.matcher(url).find();
    }

    /** {@code text} is the lower-cased chain of exception messages. */
    static boolean hostKeyRefused(String text) {
        return text.contains("server key did not validate") || text.contains("unknown server key") || text.contains("host key")
                && (text.contains("unknown") || text.contains("changed") || text.contains("mismatch") || text.contains("reject")
                        || text.contains("not accepted"));
    }

    static boolean keyRefused(String text) {
        return text.contains("no more authentication methods") || text.contains("authentication failed") || text.contains("auth fail")
                || text.contains("publickey") || text.contains("could not authenticate") || text.contains("not authorized");
    }

    static String hostKeyMessage(String url, GitCredentials credentials) {
        String host = "the server";
        int port = -1;
        try {
            URIish uri = new URIish(url);
            host = uri.getHost();
            port = uri.getPort();
        } catch (URISyntaxException e) {
            // the URL was validated before; keep the generic words
        }
        boolean given = credentials != null && credentials.ssh() != null && credentials.ssh().knownHosts() != null;
        return "the ssh host key of " + host + (port > 0 ? ":" + port : "") + " is not in the known_hosts "
                + (given ? "given with the credentials" : "file (~/.ssh/known_hosts; no known_hosts was given)")
                + ", so the server is refused: check the server's key and add it (e.g. `ssh-keyscan " + (port > 0 ? "-p " + port + " " : "")
                + host + "`) to " + (given ? "that known_hosts" : "a known_hosts file and give it");
    }

    static String keyMessage(String url, GitCredentials credentials) {
        boolean given = credentials != null && credentials.ssh() != null && credentials.ssh().privateKey() != null;
        return "ssh authentication to " + MirrorUrls.redact(url) + " failed: the server refused "
                + (given ? "the private key given" : "the default keys of ~/.ssh (no private key was given)")
                + ": give a private key whose public key the server accepts for " + user(url);
    }

    private static String user(String url) {
        try {
            URIish uri = new URIish(url);
            return uri.getUser() == null ? "the local user name" : "user '" + uri.getUser() + "'";
        } catch (URISyntaxException e) {
            return "the user of the URL";
        }
    }
}
