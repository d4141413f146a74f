package io.manybot.core.cycle;

import io.manybot.core.workspace.CommitMessages;
import io.manybot.core.workspace.IsolatedCheckout;
import io.manybot.core.workspace.LandResult;
import io.manybot.core.workspace.Lander;
import io.manybot.core.workspace.SourceRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Proposal branches {@code manybot/proposals/<bot>/<cycle>}. The same change is proposed once: a
 * fingerprint of the proposed paths and contents is kept in a trailer, and an open proposal of the
 * bot with the same fingerprint is reused instead of opening another.
 */
final class Proposals {
    static final String PREFIX = "refs/heads/manybot/proposals/";
    static final String FINGERPRINT_TRAILER = "Manybot-Proposal";

    private final SourceRepository source;
    private final Lander lander;

    record Placed(String branch, String commit, boolean existing) {}

    Proposals(SourceRepository source, Lander lander) {
        this.source = source;
        this.lander = lander;
    }

    Placed place(CycleRequest request, IsolatedCheckout checkout, ObjectId commit, String fingerprint) throws IOException {
        String prefix = PREFIX + request.bot().name() + "/";
        try (RevWalk walk = new RevWalk(source.repository())) {
            for (Ref ref : source.repository().getRefDatabase().getRefsByPrefix(prefix)) {
                RevCommit tip = walk.parseCommit(ref.getObjectId());
                if (fingerprint.equals(CommitMessages.trailers(tip.getFullMessage()).get(FINGERPRINT_TRAILER))) {
                    return new Placed(shortBranch(ref.getName()), tip.name(), true);
                }
            }
        }
        String ref = prefix + request.cycleId();
        LandResult result = lander.land(source, checkout, commit, ref, null, request.cycleId());
        if (result.status() == LandResult.Status.REJECTED) {
            throw new IOException("could not create proposal branch " + ref + ": " + result.detail());
        }
        return new Placed(shortBranch(ref), result.commit(), result.status() == LandResult.Status.ALREADY_LANDED);
    }

    /** The git blob ids of the proposed paths' contents (or "deleted"), hashed together. */
    static String fingerprint(IsolatedCheckout checkout, List<String> paths) {
        try (ObjectInserter.Formatter hasher = new ObjectInserter.Formatter()) {
            StringBuilder all = new StringBuilder();
            for (String path : paths.stream().sorted().toList()) {
                Path file = checkout.directory().resolve(path);
                String blob = Files.isRegularFile(file)
                        ? hasher.idFor(Constants.OBJ_BLOB, Files.readAllBytes(file)).name() : "deleted";
                all.append(path).append(' ').append(blob).append('\n');
            }
            return hasher.idFor(Constants.OBJ_BLOB, all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).name();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The fingerprint of {@code paths} as {@code tree} holds them (its blob ids, or "deleted"), as
     * {@link #fingerprint(IsolatedCheckout, List)} gives for the same contents in a checkout without clean filters.
     */
    static String fingerprint(org.eclipse.jgit.lib.Repository repository, ObjectId tree, List<String> paths) throws IOException {
        try (ObjectInserter.Formatter hasher = new ObjectInserter.Formatter()) {
            StringBuilder all = new StringBuilder();
            for (String path : paths.stream().sorted().toList()) {
                try (org.eclipse.jgit.treewalk.TreeWalk walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(repository, path, tree)) {
                    all.append(path).append(' ').append(walk == null ? "deleted" : walk.getObjectId(0).name()).append('\n');
                }
            }
            return hasher.idFor(Constants.OBJ_BLOB, all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).name();
        }
    }

    private static String shortBranch(String ref) {
        return ref.startsWith(Constants.R_HEADS) ? ref.substring(Constants.R_HEADS.length()) : ref;
    }
}
