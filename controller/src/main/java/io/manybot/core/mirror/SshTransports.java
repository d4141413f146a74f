package io.manybot.core.mirror;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Git over SSH through JGit's Apache MINA sshd transport, one session factory per {@link SshKey}. Host
 * keys are always checked ({@code StrictHostKeyChecking yes}): a server whose key is not in the
 * known_hosts given (or {@code ~/.ssh/known_hosts}) is refused. A key given as text is written to a
 * private file ({@code rw-------}) under {@code <mirrors>/.ssh/<hash>/}, with the known_hosts and an
 * OpenSSH config that names only them; the user's own {@code ~/.ssh/config} is not read.
 */
final class SshTransports implements AutoCloseable {
    private final Path root;
    private final Path userSsh;
    private final Map<String, SshdSessionFactory> factories = new ConcurrentHashMap<>();

    /** @param root where key directories are written; {@code userSsh}: the user's {@code ~/.ssh} for what is not given */
    SshTransports(Path root, Path userSsh) {
        this.root = root;
        this.userSsh = userSsh;
    }

    /** Gives {@code transport} the session factory of {@code key} when it is an ssh transport. */
    void configure(Transport transport, SshKey key) {
        if (transport instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(factory(key == null ? new SshKey(null, null) : key));
        }
    }

    private SshdSessionFactory factory(SshKey key) {
        String id = hash((key.privateKey() == null ? "" : key.privateKey()) + "\u0000" + (key.knownHosts() == null ? "" : key.knownHosts()));
        return factories.computeIfAbsent(id, k -> build(key, root.resolve(".ssh").resolve(k)));
    }

    private SshdSessionFactory build(SshKey key, Path directory) {
        try {
            Files.createDirectories(directory);
            restrict(directory, "rwx------");
            Path identity = null;
            if (key.privateKey() != null) {
                identity = directory.resolve("id_key");
                writePrivate(identity, key.privateKey());
            }
            Path knownHosts = key.knownHosts() == null ? userSsh.resolve("known_hosts") : directory.resolve("known_hosts");
            if (key.knownHosts() != null) {
                writePrivate(knownHosts, key.knownHosts().endsWith("\n") ? key.knownHosts() : key.knownHosts() + "\n");
            }
            StringBuilder config = new StringBuilder("Host *\n")
                    .append("  StrictHostKeyChecking yes\n")
                    .append("  UserKnownHostsFile \"").append(knownHosts).append("\"\n")
                    .append("  GlobalKnownHostsFile \"").append(knownHosts).append("\"\n")
                    .append("  PreferredAuthentications publickey\n")
                    .append("  BatchMode yes\n");
            if (identity != null) {
                config.append("  IdentityFile \"").append(identity).append("\"\n").append("  IdentitiesOnly yes\n");
            }
            Path configFile = directory.resolve("config");
            writePrivate(configFile, config.toString());
            Path sshDirectory = identity != null ? directory : userSsh;
            return new SshdSessionFactoryBuilder()
                    .setHomeDirectory(sshDirectory.getParent() == null ? sshDirectory.toFile() : sshDirectory.getParent().toFile())
                    .setSshDirectory(sshDirectory.toFile())
                    .setConfigFile(ignored -> configFile.toFile())
                    .setDefaultKnownHostsFiles(ignored -> java.util.List.of(knownHosts))
                    .build(new JGitKeyCache());
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the ssh key directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary);
        restrict(temporary, "rw-------");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: nothing to set
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        factories.values().forEach(SshdSessionFactory::close);
        factories.clear();
    }
}
