package io.manybot.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An SSH git server on loopback: Apache MINA sshd (the server side of the library JGit's ssh transport
 * is built on) accepting one public key, running the real {@code git-upload-pack} and
 * {@code git-receive-pack} for the repositories under a base directory. Its host key is new for every
 * server, so a client trusts it only through {@link #knownHostsLine()}.
 */
public final class SshGitServer implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;

    private SshGitServer(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    public static SshGitServer serve(Path base, PublicKey authorized) throws IOException, GeneralSecurityException {
        KeyPair hostKey = newKeyPair();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorized));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> new GitCommand(base, command));
        server.start();
        return new SshGitServer(server, hostKey);
    }

    /** A new client or host key pair (ECDSA P-256, which the JDK has). */
    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    /** The private key of {@code pair} in OpenSSH's format, as {@code ssh-keygen} writes it. */
    public static String privateKeyText(KeyPair pair) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "manybot-test", null, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code ssh://git@127.0.0.1:PORT/<path>}. */
    public String url(String path) {
        return "ssh://git@127.0.0.1:" + server.getPort() + "/" + path;
    }

    /** The known_hosts line for this server: {@code [127.0.0.1]:PORT <type> <key>}. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** {@code git-upload-pack '/path'} or {@code git-receive-pack '/path'}, run as the real git programs. */
    private static final class GitCommand implements Command {
        private final Path base;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Process process;

        GitCommand(Path base, String command) {
            this.base = base;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            int space = command.indexOf(' ');
            String program = space < 0 ? command : command.substring(0, space);
            String path = space < 0 ? "" : command.substring(space + 1).trim().replaceAll("^'|'$", "").replaceFirst("^/", "");
            Path repository = base.resolve(path).normalize();
            if (!List.of("git-upload-pack", "git-receive-pack").contains(program) || !repository.startsWith(base) || path.isEmpty()) {
                err.write(("refused: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
                exit.onExit(1, "refused");
                return;
            }
            process = new ProcessBuilder(program, repository.toString()).start();
            Thread input = pump(in, process.getOutputStream(), true, "ssh-git-stdin");
            Thread errors = pump(process.getErrorStream(), err, false, "ssh-git-stderr");
            Thread output = new Thread(() -> {
                try {
                    byte[] buffer = new byte[8192];
                    InputStream stdout = process.getInputStream();
                    int n;
                    while ((n = stdout.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                        out.flush(); // the channel sends only what is flushed
                    }
                    errors.join();
                    int code = process.waitFor();
                    exit.onExit(code);
                } catch (IOException | InterruptedException e) {
                    exit.onExit(1, String.valueOf(e.getMessage()));
                }
            }, "ssh-git-stdout");
            output.setDaemon(true);
            output.start();
        }

        private static Thread pump(InputStream from, OutputStream to, boolean closeAfter, String name) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    int n;
                    while ((n = from.read(buffer)) >= 0) {
                        to.write(buffer, 0, n);
                        to.flush();
                    }
                } catch (IOException ignored) {
                    // the other side closed
                } finally {
                    if (closeAfter) {
                        try {
                            to.close();
                        } catch (IOException ignored) {
                            // closed already
                        }
                    }
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
