package io.manybot.core.mirror;

import io.manybot.core.landing.Published;
import io.manybot.core.landing.Publisher;
import io.manybot.core.mirror.PushResult.RefPush;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Publishes a landing on a mirror by pushing it to the mirror's remote, a compare-and-swap on the value the mirror last
 * saw there (never a force over someone else's commit). When the remote moved meanwhile it fetches and puts the
 * mirror's ref back on the remote's new tip ({@link Published.Kind#MOVED}), so the cycle rebases onto it; when the
 * remote refuses for another reason, or the fence says this process may no longer land, it puts the ref back where the
 * remote was last seen. The mirror never keeps a landing its remote does not have.
 */
public final class MirrorPublisher implements Publisher {
    private final RepositoryMirrors mirrors;
    private final Mirror mirror;
    private final GitCredentials credentials;
    private final Supplier<Optional<String>> fence;

    /**
     * @param credentials for https remotes; null for none
     * @param fence asked before each push: why this process must not push (e.g. it lost the leader Lease its cycle
     *     started under), or empty
     */
    public MirrorPublisher(RepositoryMirrors mirrors, Mirror mirror, GitCredentials credentials, Supplier<Optional<String>> fence) {
        this.mirrors = mirrors;
        this.mirror = mirror;
        this.credentials = credentials;
        this.fence = fence;
    }

    @Override
    public Published publish(String ref, ObjectId landed) throws InterruptedException {
        try {
            Optional<String> refusal = fence.get();
            if (refusal.isPresent()) {
                return Published.fenced(mirrors.rewind(mirror, ref, landed), refusal.get());
            }
            PushResult pushed = mirrors.push(mirror, List.of(ref), credentials);
            RefPush push = pushed.refs().get(0);
            if (push.ok()) {
                return Published.published(landed, push.message());
            }
            if (push.status().equals(RefPush.REJECTED_REMOTE_CHANGED)) {
                mirrors.sync(mirror.url(), mirror.branch(), credentials, true);
                ObjectId tip = mirrors.rewind(mirror, ref, landed);
                if (tip != null) {
                    return Published.moved(tip, push.message());
                }
                return Published.refused(null, "the remote no longer has " + ref);
            }
            return Published.refused(mirrors.rewind(mirror, ref, landed), push.message());
        } catch (MirrorException e) {
            // Unreachable, or credentials refused: the message never holds a password.
            ObjectId rewound = rewindQuietly(ref, landed);
            return Published.refused(rewound, e.getMessage());
        }
    }

    private ObjectId rewindQuietly(String ref, ObjectId landed) throws InterruptedException {
        try {
            return mirrors.rewind(mirror, ref, landed);
        } catch (MirrorException e) {
            return null;
        }
    }
}
