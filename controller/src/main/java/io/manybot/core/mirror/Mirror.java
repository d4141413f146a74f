package io.manybot.core.mirror;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A local bare mirror of one branch of a remote repository (plus its {@code manybot/**} branches).
 * Cycles run against it with {@code SourceRepository.open(directory())}.
 *
 * @param url the repository URL as given to {@link RepositoryMirrors#sync}
 * @param branch the mirrored branch
 * @param directory the bare repository
 * @param commit the tip of {@code refs/heads/<branch>} in the mirror (may be ahead of the remote, see unpushed)
 * @param fetchedAt when the mirror was last fetched (by this process)
 * @param fetched whether this call fetched
 * @param unpushed local branches (short names, e.g. {@code main}, {@code manybot/proposals/bot/c1}) with
 *     commits the remote did not have at the last fetch or push: landed and not pushed yet
 */
public record Mirror(String url, String branch, Path directory, String commit, Instant fetchedAt, boolean fetched,
        List<String> unpushed) {
    public Mirror {
        unpushed = List.copyOf(unpushed);
    }

    /** Never shows a password written into the URL. */
    @Override
    public String toString() {
        return "Mirror[url=" + MirrorUrls.redact(url) + ", branch=" + branch + ", directory=" + directory + ", commit="
                + commit + ", fetchedAt=" + fetchedAt + ", fetched=" + fetched + ", unpushed=" + unpushed + "]";
    }
}
