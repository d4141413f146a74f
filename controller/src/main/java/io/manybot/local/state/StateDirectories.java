package io.manybot.local.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the local home keeps a repository's state by default: under {@code $MANYBOT_STATE_HOME}, else
 * {@code $XDG_STATE_HOME/manybot}, else {@code ~/.local/state/manybot}, a directory
 * {@code <repository directory name>-<first 10 hex digits of sha256(real absolute path)>}, so two
 * checkouts with the same name do not share state and the name still tells a person which is which.
 */
public final class StateDirectories {
    private StateDirectories() {}

    public static Path forRepository(Path repository) {
        return forRepository(repository, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The state directory of a run on a remote repository: {@code <last path segment>-<10 hex of sha256 of the URL
     * without user and password>} under the same base.
     */
    public static Path forUrl(String url) {
        return forUrl(url, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Path forUrl(String url, Map<String, String> environment, Path home) {
        String plain = io.manybot.core.mirror.RepositoryMirrors.withoutUserInfo(url);
        String path = plain.replaceAll("[/:]+$", "").replaceAll("\\.git$", "");
        String last = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (last.isEmpty() || last.startsWith(".")) {
            last = "repo" + last;
        }
        return base(environment, home).resolve(last + "-" + sha256(plain).substring(0, 10));
    }

    /** {@link #forUrl} for a URL, else {@link #forRepository} for a path. */
    public static Path forTarget(String repository) {
        return io.manybot.core.mirror.RepositoryMirrors.isUrl(repository) ? forUrl(repository) : forRepository(Path.of(repository));
    }

    static Path forRepository(Path repository, Map<String, String> environment, Path home) {
        return base(environment, home).resolve(name(repository));
    }

    static Path base(Map<String, String> environment, Path home) {
        String manybot = environment.get("MANYBOT_STATE_HOME");
        if (manybot != null && !manybot.isBlank()) {
            return Path.of(manybot).toAbsolutePath().normalize();
        }
        // the XDG base directory specification ignores relative paths
        String xdg = environment.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg).resolve("manybot").normalize();
        }
        return home.resolve(".local").resolve("state").resolve("manybot");
    }

    static String name(Path repository) {
        Path real;
        try {
            real = repository.toRealPath();
        } catch (IOException e) {
            real = repository.toAbsolutePath().normalize();
        }
        Path fileName = real.getFileName();
        String base = fileName == null ? "root" : fileName.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.startsWith(".")) {
            base = "repo" + base;
        }
        return base + "-" + sha256(real.toString()).substring(0, 10);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
