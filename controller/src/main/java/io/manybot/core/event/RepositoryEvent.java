package io.manybot.core.event;

import io.manybot.core.ownership.Principal;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.CommitMessages;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What happened in a repository, as told by one webhook delivery and normalised across providers:
 * a {@link Push}, a {@link PullRequest} (GitLab: merge request) or a {@link Comment} (GitHub
 * {@code issue_comment}, GitLab note).
 *
 * <p>{@link #toString()} is the one-line {@link #summary()}: fit for a log, it leaves out commit
 * messages and comment bodies, and masks anything credential-shaped in what it keeps (see
 * {@link LogText}). The free text stays available through the components.
 */
public sealed interface RepositoryEvent permits RepositoryEvent.Push, RepositoryEvent.PullRequest, RepositoryEvent.Comment {

    /** The kind of event; the names match {@link io.manybot.core.declaration.Subscription.Trigger}. */
    enum Kind { PUSH, PULL_REQUEST, ISSUE_COMMENT }

    Kind kind();

    Provider provider();

    /** The delivery id (the same on redelivery), or null when the provider sent none. */
    String deliveryId();

    /** The provider's own name of the event ({@code push}, {@code Merge Request Hook}). */
    String eventName();

    Repository repository();

    /** Login of whoever caused the event (pusher, pull request actor, comment author); may be null. */
    String sender();

    /**
     * The branch the event is about: the pushed branch (null for a tag), the pull request's base
     * (target) branch, a comment's merge request target branch where the payload tells it, else null.
     */
    String branch();

    /** Changed paths (sorted, distinct), as far as the payload tells them; empty for pull requests and comments. */
    default List<String> changedPaths() {
        return List.of();
    }

    /** Paths of the payload refused before routing ({@code ..}, absolute, backslash, NUL); empty but for pushes. */
    default List<RefusedPath> refusedPaths() {
        return List.of();
    }

    /**
     * Whether {@link #changedPaths()} is every path the event changed. False for pull requests and
     * comments (payloads list no files) and for pushes whose payload left commits out.
     */
    default boolean pathsComplete() {
        return false;
    }

    /** One line for logs: provider, event, repository, what and who; no free text but a title, masked. */
    String summary();

    /** {@link #summary()} with the secrets registered in {@code redactor} masked as well. */
    default String summary(SecretRedactor redactor) {
        return redactor == null ? summary() : redactor.redact(summary());
    }

    /**
     * The repository an event happened in.
     *
     * @param fullName {@code owner/name} (GitHub) or {@code group/subgroup/project} (GitLab)
     * @param webUrl the repository's page, or null
     * @param cloneUrls the clone URLs in the payload (https, ssh), possibly empty
     */
    record Repository(String fullName, String webUrl, List<String> cloneUrls, String defaultBranch) {
        public Repository {
            cloneUrls = cloneUrls == null ? List.of() : List.copyOf(cloneUrls);
        }

        /** Every name the repository goes by in the payload: full name, web URL, clone URLs. */
        public List<String> names() {
            List<String> names = new ArrayList<>(cloneUrls.size() + 2);
            if (fullName != null) {
                names.add(fullName);
            }
            if (webUrl != null) {
                names.add(webUrl);
            }
            names.addAll(cloneUrls);
            return names;
        }
    }

    /**
     * One pushed commit.
     *
     * @param author the author's login where the payload has one, else the name
     */
    record Commit(String id, String message, String author, List<String> added, List<String> modified, List<String> removed) {
        public static final String BOT_TRAILER = "Manybot-Bot";

        public Commit {
            added = List.copyOf(added);
            modified = List.copyOf(modified);
            removed = List.copyOf(removed);
        }

        /** The bot named by the message's {@value #BOT_TRAILER} trailer (the bot that made it), or null. */
        public String bot() {
            return message == null || !message.contains(BOT_TRAILER) ? null : CommitMessages.trailers(message).get(BOT_TRAILER);
        }

        /** Added, modified and removed paths. */
        public List<String> changedPaths() {
            List<String> all = new ArrayList<>(added.size() + modified.size() + removed.size());
            all.addAll(added);
            all.addAll(modified);
            all.addAll(removed);
            return all;
        }

        public String shortId() {
            return RepositoryEvent.shortId(id);
        }

        @Override
        public String toString() {
            return LogText.line("commit " + shortId() + " by " + author + " (+" + added.size() + " ~" + modified.size()
                    + " -" + removed.size() + ")", 200);
        }
    }

    /**
     * Commits pushed to a branch or a tag.
     *
     * @param ref the full ref ({@code refs/heads/main})
     * @param branch the branch name when {@code ref} is a branch, else null
     * @param tag the tag name when {@code ref} is a tag, else null
     * @param before the commit the ref pointed at before (all zeros when created)
     * @param after the commit it points at now (all zeros when deleted)
     * @param pusher login (or name) of who pushed
     * @param forced whether the push rewrote history (GitHub tells; GitLab does not: false)
     * @param pathsComplete whether {@code commits} are all the pushed commits
     * @param changedPaths the commits' added, modified and removed paths, sorted and distinct
     * @param refusedPaths paths of the payload refused by {@link io.manybot.core.repo.RepoPath} ({@code ..},
     *     absolute, backslash, NUL): left out of the commits and of {@code changedPaths}, never routed
     */
    record Push(
            Provider provider, String deliveryId, String eventName, Repository repository, String ref, String branch, String tag,
            String before, String after, List<Commit> commits, String pusher, String sender, boolean created, boolean deleted,
            boolean forced, boolean pathsComplete, List<String> changedPaths, List<RefusedPath> refusedPaths) implements RepositoryEvent {

        public Push {
            commits = List.copyOf(commits);
            changedPaths = changedPaths == null ? union(commits) : List.copyOf(changedPaths);
            refusedPaths = refusedPaths == null ? List.of() : List.copyOf(refusedPaths);
        }

        /** Computes {@code changedPaths} from {@code commits}. */
        public Push(
                Provider provider, String deliveryId, String eventName, Repository repository, String ref, String branch, String tag,
                String before, String after, List<Commit> commits, String pusher, String sender, boolean created, boolean deleted,
                boolean forced, boolean pathsComplete) {
            this(provider, deliveryId, eventName, repository, ref, branch, tag, before, after, commits, pusher, sender, created,
                    deleted, forced, pathsComplete, null, List.of());
        }

        private static List<String> union(List<Commit> commits) {
            Set<String> paths = new TreeSet<>();
            for (Commit commit : commits) {
                paths.addAll(commit.added());
                paths.addAll(commit.modified());
                paths.addAll(commit.removed());
            }
            return List.copyOf(paths);
        }

        @Override
        public Kind kind() {
            return Kind.PUSH;
        }

        @Override
        public String sender() {
            return pusher != null ? pusher : sender;
        }

        @Override
        public String summary() {
            String what = branch != null ? "branch " + branch : tag != null ? "tag " + tag : ref;
            String change = deleted ? "deleted" : shortId(before) + ".." + shortId(after)
                    + " (" + commits.size() + " commit" + (commits.size() == 1 ? "" : "s") + ", " + changedPaths.size()
                    + " path" + (changedPaths.size() == 1 ? "" : "s") + (pathsComplete ? "" : " listed") + ")"
                    + (forced ? " forced" : "") + (created ? " created" : "")
                    + (refusedPaths.isEmpty() ? "" : ", " + refusedPaths.size() + " path" + (refusedPaths.size() == 1 ? "" : "s") + " refused");
            return LogText.line(provider.id() + " " + eventName + " " + repository.fullName() + " " + what + " " + change
                    + " by " + sender() + delivery(deliveryId), 400);
        }

        @Override
        public String toString() {
            return summary();
        }
    }

    /**
     * A pull request (GitLab: merge request) opened, updated, closed, ….
     *
     * @param action GitHub's action vocabulary: {@code opened}, {@code reopened}, {@code synchronize}
     *     (new commits), {@code edited}, {@code closed}, {@code ready_for_review}, …; GitLab's are mapped
     *     to it ({@code open} → opened, {@code update} with new commits → synchronize, {@code merge} →
     *     closed with {@code merged}), others kept as sent
     * @param author login of the pull request's author where the payload tells it, else null
     */
    record PullRequest(
            Provider provider, String deliveryId, String eventName, Repository repository, int number, String action,
            String headBranch, String baseBranch, String headSha, String title, String author, String sender,
            boolean merged, boolean draft) implements RepositoryEvent {

        @Override
        public Kind kind() {
            return Kind.PULL_REQUEST;
        }

        @Override
        public String branch() {
            return baseBranch;
        }

        @Override
        public String summary() {
            return LogText.line(provider.id() + " " + eventName + " " + action + (merged ? " (merged)" : "") + " "
                    + repository.fullName() + " #" + number + " " + headBranch + " → " + baseBranch + " by " + sender
                    + ": \"" + LogText.line(title, 80) + "\"" + delivery(deliveryId), 400);
        }

        @Override
        public String toString() {
            return summary();
        }
    }

    /**
     * A comment on an issue, a pull (merge) request, a commit or a snippet.
     *
     * @param number the issue or pull request number (GitLab: iid); null for commits and snippets
     * @param commit the commented commit for {@link Target#COMMIT}, else null
     * @param baseBranch the merge request's target branch when the payload tells it (GitLab), else null
     */
    record Comment(
            Provider provider, String deliveryId, String eventName, Repository repository, Target target, Integer number,
            String commit, String baseBranch, String body, String author) implements RepositoryEvent {

        public enum Target { ISSUE, PULL_REQUEST, COMMIT, OTHER }

        @Override
        public Kind kind() {
            return Kind.ISSUE_COMMENT;
        }

        @Override
        public String sender() {
            return author;
        }

        @Override
        public String branch() {
            return baseBranch;
        }

        /**
         * Who wrote the comment, as a principal: always the human of that host login
         * ({@code human:<login>}). A login is never read as a principal of another kind, so an author
         * named {@code manybot:api-bot} is a human with that odd login, not the bot. Null when the
         * payload names no author.
         */
        public Principal authorPrincipal() {
            return author == null || author.isBlank() ? null : new Principal(Principal.Kind.HUMAN, author.trim());
        }

        @Override
        public String summary() {
            String on = switch (target) {
                case ISSUE -> "issue #" + number;
                case PULL_REQUEST -> "pull request #" + number;
                case COMMIT -> "commit " + shortId(commit);
                case OTHER -> "snippet";
            };
            return LogText.line(provider.id() + " " + eventName + " " + repository.fullName() + " on " + on + " by " + author
                    + " (" + (body == null ? 0 : body.length()) + " characters)" + delivery(deliveryId), 400);
        }

        @Override
        public String toString() {
            return summary();
        }
    }

    /**
     * A path of a payload that is refused before routing, with why.
     *
     * @param path the path as sent, made fit for a log line (one line, bounded, masked)
     */
    record RefusedPath(String commit, String path, String reason) {
        public RefusedPath {
            path = LogText.line(path, 200);
        }

        public String describe() {
            return "'" + path + "'" + (commit == null ? "" : " in commit " + shortId(commit)) + ": " + reason;
        }
    }

    /** The first 7 characters of a commit id (or the id when shorter, or "?"). */
    static String shortId(String id) {
        return id == null ? "?" : id.length() > 7 ? id.substring(0, 7) : id;
    }

    private static String delivery(String id) {
        return id == null ? "" : " [delivery " + LogText.line(id, 64) + "]";
    }

    /** Keeps order, drops duplicates and nulls. */
    static List<String> distinct(List<String> values) {
        Set<String> set = new LinkedHashSet<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                set.add(value);
            }
        }
        return List.copyOf(set);
    }
}
