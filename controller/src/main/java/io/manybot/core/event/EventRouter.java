package io.manybot.core.event;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.ownership.Entry;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.OwnershipResolution;
import io.manybot.core.ownership.Principal;
import io.manybot.core.repo.PathRefusedException;
import io.manybot.core.secret.SecretRedactor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides which bots an event wakes, and why.
 *
 * <h2>Triggers</h2>
 * A subscription matches an event when all of these hold:
 * <ol>
 *   <li>its trigger is the event's kind ({@code push}, {@code pull_request}, {@code issue_comment});
 *       a pull request only counts when code arrives or becomes ready: actions
 *       {@link #PULL_REQUEST_ACTIONS};</li>
 *   <li>it is not suspended, and its bot exists and is not suspended;</li>
 *   <li>its repository is the event's (see {@link RepositoryNames}); no repository means the bot's,
 *       and a bot without a repository URL works on the home repository given to the constructor
 *       (when none was given, on any repository);</li>
 *   <li>its branch glob ({@link BranchPattern}) matches the event's branch — the pushed branch, the
 *       pull request's base branch; no glob means exactly the bot's branch. A comment's branch is
 *       mostly unknown and then not checked; a tag push has no branch and matches nothing;</li>
 *   <li>one of its path globs ({@link io.manybot.core.ownership.Glob}, from the repository root)
 *       matches a changed path; no globs means any change. Where the payload does not list the
 *       changed paths (pull requests, comments) or lists only part of them (a push with more commits
 *       than the payload holds), the path globs cannot be checked and the subscription matches,
 *       saying so in the reason: the cycle looks at the real change.</li>
 * </ol>
 * A bot's own work never triggers it: the commits whose {@code Manybot-Bot} trailer names the bot do
 * not count, and an event caused by the bot itself ({@link #isBotLogin}: its push, its pull request,
 * its comment) counts for nothing for it — no loops. A deleted branch triggers nothing.
 *
 * <h2>Reviews</h2>
 * A push to a bot's own repository and branch by someone else that changes paths the bot owns wakes it
 * for review ({@link Activation.Kind#REVIEW}). A path is owned when it matches one of the bot's
 * {@code owns} globs, or when the {@link OwnershipIndex} (when given) names the bot among the path's
 * owners — primary, writing delegate, Prow approver or CODEOWNERS owner: those who may write it,
 * as for the cycle's own responsibility review. Commits by the bot itself are left out, as above.
 *
 * <h2>Cost</h2>
 * Subscriptions are filtered by kind, bot, repository and branch before any path is looked at; path
 * globs are compiled once per distinct pattern (process-wide cache), and answered once per event and
 * distinct pattern, stopping at the first matching path, from sorted paths (an anchored glob looks only
 * under its literal prefix) and a name index ({@code *.ext}, plain names). The ownership index is asked
 * once per changed path, and only when a bot could be reviewing.
 *
 * <p>Thread-safe: {@link #route} keeps its state per call.
 */
public final class EventRouter {
    /** Pull request actions that trigger: new code, or a draft made ready. */
    public static final Set<String> PULL_REQUEST_ACTIONS = Set.of("opened", "reopened", "synchronize", "ready_for_review");
    private static final int MAX_REASONS = 3;

    private final RepositoryNames.Name home;
    private final SecretRedactor redactor;

    /** Bots without a repository URL accept events from any repository. */
    public EventRouter() {
        this(null, null);
    }

    /** See {@link #EventRouter(String, SecretRedactor)}. */
    public EventRouter(String homeRepository) {
        this(homeRepository, null);
    }

    /**
     * @param homeRepository the repository the declarations were read from (URL or full name): the
     *     repository of bots that name none; null accepts any
     * @param redactor masks registered secrets in reasons and summaries, may be null
     */
    public EventRouter(String homeRepository, SecretRedactor redactor) {
        this.home = RepositoryNames.parse(homeRepository);
        this.redactor = redactor;
    }

    /** The bots {@code event} wakes, at most one activation each, sorted by bot name. */
    public List<Activation> route(
            RepositoryEvent event, Collection<Bot> bots, Collection<Subscription> subscriptions, OwnershipIndex ownership) {
        return new Routing(event, bots).route(subscriptions, ownership);
    }

    /**
     * Whether {@code bot} works on {@code repository}: its URL names it, or (no URL) the home
     * repository does, or no home repository is known.
     */
    public boolean worksOn(Bot bot, RepositoryEvent.Repository repository) {
        return worksOn(bot, RepositoryNames.of(repository));
    }

    private boolean worksOn(Bot bot, List<RepositoryNames.Name> eventNames) {
        String url = bot.repository() == null ? null : bot.repository().url();
        if (url == null || url.isBlank()) {
            return home == null || RepositoryNames.matchesAny(home, eventNames);
        }
        return RepositoryNames.matchesAny(RepositoryNames.parse(url), eventNames);
    }

    /** The branch a bot works on ({@value Bot.Repository#DEFAULT_BRANCH} when none is declared). */
    static String branchOf(Bot bot) {
        String branch = bot.repository() == null ? null : bot.repository().branch();
        return branch == null || branch.isBlank() ? Bot.Repository.DEFAULT_BRANCH : branch;
    }

    /**
     * Whether {@code login} (a pusher or sender) is the bot itself: its name, its principal
     * ({@code manybot:<name>}) or a GitHub App login ({@code <name>[bot]}), in any case.
     */
    public static boolean isBotLogin(String login, Bot bot) {
        if (login == null) {
            return false;
        }
        String l = login.trim().toLowerCase(Locale.ROOT);
        String name = bot.name().toLowerCase(Locale.ROOT);
        return l.equals(name) || l.equals("manybot:" + name) || l.equals(name + "[bot]");
    }

    /** The state of one {@link #route} call. */
    private final class Routing {
        private final RepositoryEvent event;
        private final RepositoryEvent.Push push;
        private final List<RepositoryNames.Name> eventNames;
        private final Map<String, Bot> bots = new HashMap<>();
        private final Map<String, Boolean> botWorksOnEvent = new HashMap<>();
        private final Map<String, Boolean> repositoryMatches = new HashMap<>();
        private final Map<String, Merged> merged = new TreeMap<>();
        private final String summary;
        /** The bot named by each pushed commit's trailer (null: not a bot's), in commit order. */
        private final List<String> commitBots = new ArrayList<>();
        private final Set<String> botsWithCommits = new HashSet<>();
        private PathSet allPaths;
        private final Map<String, PathSet> foreignPaths = new HashMap<>();

        Routing(RepositoryEvent event, Collection<Bot> declared) {
            this.event = event;
            this.push = event instanceof RepositoryEvent.Push p ? p : null;
            this.eventNames = RepositoryNames.of(event.repository());
            for (Bot bot : declared) {
                if (!bot.suspend()) {
                    bots.putIfAbsent(bot.name(), bot);
                }
            }
            this.summary = redact(event.summary());
            if (push != null) {
                for (RepositoryEvent.Commit commit : push.commits()) {
                    String bot = commit.bot();
                    commitBots.add(bot);
                    if (bot != null) {
                        botsWithCommits.add(bot);
                    }
                }
            }
        }

        List<Activation> route(Collection<Subscription> subscriptions, OwnershipIndex ownership) {
            if (push != null && push.deleted()) {
                return List.of();
            }
            boolean triggers = !(event instanceof RepositoryEvent.PullRequest pr) || PULL_REQUEST_ACTIONS.contains(pr.action());
            if (triggers) {
                Subscription.Trigger trigger = Subscription.Trigger.valueOf(event.kind().name());
                for (Subscription subscription : subscriptions) {
                    if (subscription.trigger() == trigger && !subscription.suspend()) {
                        Bot bot = bots.get(subscription.bot());
                        if (bot != null && !isBotLogin(event.sender(), bot)) {
                            String reason = match(subscription, bot);
                            if (reason != null) {
                                merged(bot).trigger(subscription.name(), "subscription " + subscription.name() + ": " + reason);
                            }
                        }
                    }
                }
            }
            if (push != null && push.branch() != null) {
                reviews(ownership);
            }
            List<Activation> activations = new ArrayList<>(merged.size());
            merged.values().forEach(m -> activations.add(m.activation()));
            return activations;
        }

        /** Why {@code subscription} matches, or null when it does not. */
        private String match(Subscription subscription, Bot bot) {
            if (subscription.repository() != null
                    ? !repositoryMatches.computeIfAbsent(subscription.repository(),
                            r -> RepositoryNames.matchesAny(RepositoryNames.parse(r), eventNames))
                    : !worksOnEvent(bot)) {
                return null;
            }
            String branch = event.branch();
            if (!(event instanceof RepositoryEvent.Comment && branch == null)) {
                boolean branchMatches = subscription.branch() != null
                        ? BranchPattern.of(subscription.branch()).matches(branch)
                        : branchOf(bot).equals(branch);
                if (!branchMatches) {
                    return null;
                }
            }
            if (push != null) {
                PathSet paths = foreign(bot);
                if (paths == null) {
                    return null;
                }
                String what = "push to " + push.branch();
                if (subscription.paths().isEmpty()) {
                    return what + (paths.isEmpty() ? "" : " changed " + (paths.size() == 1 ? "1 path" : paths.size() + " paths"));
                }
                String path = paths.firstMatch(subscription.paths());
                if (path != null) {
                    return what + " changed " + path;
                }
                return push.pathsComplete() ? null
                        : what + ": the payload lists only part of the changed paths, so the path globs were not checked";
            }
            String what = event instanceof RepositoryEvent.PullRequest pr
                    ? "pull request #" + pr.number() + " " + pr.action() + " into " + pr.baseBranch()
                    : comment((RepositoryEvent.Comment) event);
            return subscription.paths().isEmpty() ? what
                    : what + " (the payload lists no changed paths, so the path globs were not checked)";
        }

        private String comment(RepositoryEvent.Comment comment) {
            return "comment by " + comment.author() + " on " + switch (comment.target()) {
                case ISSUE -> "issue #" + comment.number();
                case PULL_REQUEST -> "pull request #" + comment.number();
                case COMMIT -> "commit " + RepositoryEvent.shortId(comment.commit());
                case OTHER -> "a snippet";
            };
        }

        private boolean worksOnEvent(Bot bot) {
            return botWorksOnEvent.computeIfAbsent(bot.name(), n -> worksOn(bot, eventNames));
        }

        /**
         * The pushed paths that count for {@code bot}: those of commits not made by it; null when the
         * push is the bot's own (it pushed, or made every commit).
         */
        private PathSet foreign(Bot bot) {
            if (foreignPaths.containsKey(bot.name())) {
                return foreignPaths.get(bot.name());
            }
            PathSet set;
            if (isBotLogin(push.pusher(), bot)) {
                set = null;
            } else {
                if (allPaths == null) {
                    allPaths = new PathSet(push.changedPaths());
                }
                if (!botsWithCommits.contains(bot.name())) {
                    set = allPaths;
                } else {
                    // The paths only the bot's own commits changed: collected from its (few) commits,
                    // then dropped again where another commit changed them too.
                    Set<String> own = new HashSet<>();
                    boolean anyOther = false;
                    for (int i = 0; i < push.commits().size(); i++) {
                        if (bot.name().equals(commitBots.get(i))) {
                            own.addAll(push.commits().get(i).changedPaths());
                        } else {
                            anyOther = true;
                        }
                    }
                    for (int i = 0; i < push.commits().size() && !own.isEmpty(); i++) {
                        if (!bot.name().equals(commitBots.get(i))) {
                            RepositoryEvent.Commit commit = push.commits().get(i);
                            commit.added().forEach(own::remove);
                            commit.modified().forEach(own::remove);
                            commit.removed().forEach(own::remove);
                        }
                    }
                    set = anyOther ? allPaths.without(own) : null;
                }
            }
            foreignPaths.put(bot.name(), set);
            return set;
        }

        private void reviews(OwnershipIndex ownership) {
            List<Bot> reviewers = new ArrayList<>();
            for (Bot bot : bots.values()) {
                if (branchOf(bot).equals(push.branch()) && worksOnEvent(bot)) {
                    PathSet paths = foreign(bot);
                    if (paths != null && !paths.isEmpty()) {
                        reviewers.add(bot);
                    }
                }
            }
            if (reviewers.isEmpty()) {
                return;
            }
            reviewers.sort((a, b) -> a.name().compareTo(b.name()));
            List<Bot> unresolved = new ArrayList<>();
            String by = push.pusher() == null ? "someone else" : push.pusher();
            for (Bot bot : reviewers) {
                PathSet paths = foreign(bot);
                String owned = null;
                for (String glob : bot.owns()) {
                    String path = paths.firstMatch(glob);
                    if (path != null) {
                        owned = "push by " + by + " changed " + path + ", owned through '" + glob + "'";
                        break;
                    }
                }
                if (owned != null) {
                    merged(bot).review(owned);
                } else {
                    unresolved.add(bot);
                }
            }
            if (ownership != null && !unresolved.isEmpty()) {
                ownedInIndex(ownership, unresolved, by);
            }
        }

        /** Asks the index about each changed path once, for every bot not yet found to own one. */
        private void ownedInIndex(OwnershipIndex ownership, List<Bot> candidates, String by) {
            Map<String, Bot> waiting = new LinkedHashMap<>();
            List<Bot> withOwnCommits = new ArrayList<>();
            for (Bot bot : candidates) {
                if (foreign(bot) == allPaths) {
                    waiting.put(bot.name(), bot);
                } else {
                    withOwnCommits.add(bot);
                }
            }
            if (!waiting.isEmpty()) {
                scanIndex(ownership, push.changedPaths(), waiting, by);
            }
            for (Bot bot : withOwnCommits) {
                Map<String, Bot> one = new LinkedHashMap<>();
                one.put(bot.name(), bot);
                scanIndex(ownership, foreign(bot).paths(), one, by);
            }
        }

        private void scanIndex(OwnershipIndex ownership, List<String> paths, Map<String, Bot> waiting, String by) {
            for (String path : paths) {
                OwnershipResolution resolution;
                try {
                    resolution = ownership.resolve(path);
                } catch (PathRefusedException e) {
                    continue;
                }
                for (Entry owner : resolution.owners()) {
                    Principal principal = owner.principal();
                    if (principal.isBot()) {
                        Bot bot = waiting.remove(principal.id());
                        if (bot != null) {
                            merged(bot).review("push by " + by + " changed " + path + ", which " + principal + " owns ("
                                    + owner.describe() + ")");
                        }
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
            }
        }

        private Merged merged(Bot bot) {
            return merged.computeIfAbsent(bot.name(), Merged::new);
        }

        private final class Merged {
            private final String bot;
            private final List<String> subscriptions = new ArrayList<>();
            private final List<String> reasons = new ArrayList<>();
            private int more;

            Merged(String bot) {
                this.bot = bot;
            }

            void trigger(String subscription, String reason) {
                subscriptions.add(subscription);
                add(reason);
            }

            void review(String reason) {
                add(reason);
            }

            private void add(String reason) {
                if (reasons.size() < MAX_REASONS) {
                    reasons.add(reason);
                } else {
                    more++;
                }
            }

            Activation activation() {
                String reason = String.join("; ", reasons) + (more == 0 ? "" : "; and " + more + " more");
                return new Activation(bot, subscriptions.isEmpty() ? Activation.Kind.REVIEW : Activation.Kind.TRIGGER,
                        redact(LogText.line(reason, 1_000)), subscriptions, summary);
            }
        }
    }

    private String redact(String text) {
        return LogText.redact(text, redactor);
    }
}
