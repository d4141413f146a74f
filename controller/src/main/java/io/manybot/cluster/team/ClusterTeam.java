package io.manybot.cluster.team;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manybot.cluster.declaration.ResourceDeclarations;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.team.BoardChanges;
import io.manybot.core.team.BoardSnapshot;
import io.manybot.core.team.TaskQueue;
import io.manybot.core.team.TeamBoard;
import io.manybot.core.team.TeamCycles;
import io.manybot.core.team.TeamStatus;
import io.manybot.core.team.TeamTree;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The cluster home's team (issue 16): the core's {@link TeamCycles} around the cycle of a bot that has a parent or children
 * among the Manybots of its namespace. The board lives in a ConfigMap ({@link ConfigMapTeamBoard}); a cycle works on a copy
 * and its changes are replayed on the stored board when it starts (the tasks it takes, the handoffs it reads) and when it
 * ends (handoffs up, tasks routed down or queued again, its scratchpad). A bot that got tasks or handoffs is asked to
 * reconcile at once ({@code manybot.io/reconcile-requested-at}); its reconciler then starts a cycle for them
 * ({@link #waiting}).
 */
public final class ClusterTeam {
    private final KubernetesClient client;
    private final Clock clock;
    private final ProcessRunner processes = new ProcessRunner();
    private final ResourceDeclarations declarations = new ResourceDeclarations();
    private final String declarationsDirectory;

    public ClusterTeam(KubernetesClient client, Clock clock) {
        this(client, clock, io.manybot.core.declaration.DeclarationLoader.DEFAULT_DIRECTORY);
    }

    /** @param declarationsDirectory where a specialist's Goal and Manybot are proposed (the operator's declarations directory) */
    public ClusterTeam(KubernetesClient client, Clock clock, String declarationsDirectory) {
        this.client = client;
        this.clock = clock;
        this.declarationsDirectory = declarationsDirectory;
    }

    /** The declared bots of {@code namespace} (a Manybot whose spec does not read is left out). */
    public List<Bot> bots(String namespace) {
        List<Bot> bots = new ArrayList<>();
        for (ManybotResource resource : client.resources(ManybotResource.class).inNamespace(namespace).list().getItems()) {
            ResourceDeclarations.Read<Bot> read = declarations.bot(resource);
            if (read.ok()) {
                bots.add(read.declaration().value());
            }
        }
        return bots;
    }

    /** One cycle's part in its team, begun: the tasks it took and the handoffs it read are off the stored board already. */
    public final class Session {
        private final String namespace;
        private final Bot bot;
        private final TeamCycles cycles;
        private final BoardChanges changes;
        private final ConfigMapTeamBoard store;
        private final TeamCycles.Prepared prepared;

        private Session(String namespace, Bot bot, TeamCycles cycles, BoardChanges changes, ConfigMapTeamBoard store, TeamCycles.Prepared prepared) {
            this.namespace = namespace;
            this.bot = bot;
            this.cycles = cycles;
            this.changes = changes;
            this.store = store;
            this.prepared = prepared;
        }

        public TeamCycles.Prepared prepared() {
            return prepared;
        }

        /** Hands the cycle's tasks up, queues what the judge rejected, rewrites the scratchpad; wakes the bots that got work. */
        public TeamCycles.Finished finish(WorkCycle cycle) {
            TeamCycles.Finished finished = cycles.finish(bot, prepared, cycle);
            save();
            return finished;
        }

        /** The cycle ended without a record: the tasks it took wait in the bot's queue again. */
        public void abandon() {
            cycles.abandon(bot, prepared);
            save();
        }

        private void save() {
            store.apply(changes.take());
            wake(namespace, changes.woken(), bot.name());
        }
    }

    /**
     * Begins the team's part of a cycle of {@code bot}, or returns null for a bot that works alone (no parent, no children, no plan
     * command and nothing on the board for it: a bot alone with queued tasks, e.g. a meeting's action items, takes them as a team
     * member does, and one with a plan command plans through the team, as it may propose a specialist).
     *
     * @param owners the ownership index routing follows (read when the plan routes)
     * @param directives the live directives' priorities (fed to a root's queue) and blockers (held back), or null
     */
    public Session begin(String namespace, Bot bot, String cycleId, BotAgents agents, Supplier<OwnershipIndex> owners,
            io.manybot.core.directives.Directives directives, Path checkout) {
        TeamTree tree = new TeamTree(withDeclared(bots(namespace), bot));
        ConfigMapTeamBoard store = new ConfigMapTeamBoard(client, namespace);
        boolean alone = tree.parentOf(bot.name()) == null && !tree.hasChildren(bot.name()) && bot.team().plan() == null;
        BoardSnapshot stored;
        try {
            stored = store.load();
        } catch (KubernetesClientException e) {
            if (alone) {
                return null; // a bot alone works as it did without a board it cannot read (RBAC)
            }
            throw e;
        }
        if (alone && stored.queues().getOrDefault(bot.name(), List.of()).isEmpty() && stored.inFlight().getOrDefault(bot.name(), List.of()).isEmpty()) {
            return null; // alone, nothing queued for it (a meeting's action items are) and nothing of an earlier cycle in flight
        }
        BoardChanges changes = new BoardChanges();
        TeamBoard board = TeamBoard.restored(stored, TaskQueue.DEFAULT_AGING_STEP, changes);
        board.requeueInFlight(bot.name()); // taken by an earlier cycle of this bot that never finished (its operator died)
        TeamCycles cycles = new TeamCycles(tree, board, processes, clock, declarationsDirectory);
        TeamCycles.Prepared prepared = cycles.prepare(bot, cycleId, agents, owners, directives, checkout);
        store.apply(changes.take());
        changes.woken();
        return new Session(namespace, bot, cycles, changes, store, prepared);
    }

    /**
     * Puts the tasks in flight with {@code bot} back in its queue, for the operator closing a cycle of it that nobody runs any
     * more (its operator died mid-cycle, its runner pod failed): that cycle never finishes them, and the bot runs one cycle at a
     * time, so none of its cycles holds them. The board is left alone when nothing of the bot is in flight.
     *
     * @return the tasks that went back, oldest first
     */
    public List<io.manybot.core.team.TeamTask> requeueInFlight(String namespace, String bot) {
        ConfigMapTeamBoard store = new ConfigMapTeamBoard(client, namespace);
        if (store.load().inFlight().getOrDefault(bot, List.of()).isEmpty()) {
            return List.of();
        }
        List<io.manybot.core.team.TeamTask> back = new ArrayList<>();
        store.apply(List.of(board -> {
            back.clear(); // a replay after a conflict starts afresh
            back.addAll(board.inFlight(bot));
            board.requeueInFlight(bot);
        }));
        return back;
    }

    /**
     * Whether {@code team}'s bot has unread handoffs or queued tasks its next cycle would take: those the live directives'
     * {@code BLOCKED} hold back wait without starting cycles.
     *
     * @param directives the live directives in force, or null
     */
    public static boolean waiting(TeamStatus team, io.manybot.core.directives.Directives directives) {
        java.util.function.Predicate<io.manybot.core.team.TeamTask> blocked = io.manybot.core.team.DirectivesFeed.blocked(directives);
        return !team.inbox().isEmpty() || team.queue().stream().anyMatch(q -> !blocked.test(q.task()));
    }

    /**
     * {@code bot}'s place in its team now, from its namespace's Manybots and stored board; for a bot in a team (or with a plan
     * command, which plans through the team) the board's ConfigMap is created when missing (its cycles may run in runner pods,
     * which may update it but not create it).
     */
    public TeamStatus observe(String namespace, Bot bot) {
        TeamStatus status = read(namespace, bot.name());
        if (status.parent() != null || !status.children().isEmpty() || bot.team().plan() != null) {
            new ConfigMapTeamBoard(client, namespace).ensureExists();
        }
        return status;
    }

    /** {@code bot}'s place in its team now, from its namespace's Manybots and stored board, changing nothing (for the API). */
    public TeamStatus read(String namespace, String bot) {
        Map<String, String> parents = new LinkedHashMap<>();
        for (ManybotResource resource : client.resources(ManybotResource.class).inNamespace(namespace).list().getItems()) {
            parents.put(resource.getMetadata().getName(), resource.getSpec() == null ? null : resource.getSpec().parent);
        }
        return TeamStatus.of(bot, parents, new ConfigMapTeamBoard(client, namespace).load(), clock.instant());
    }

    /**
     * Asks the Manybots {@code bots} (but {@code self}, when given: its reconciler sees its own cycle end) to reconcile now: a
     * bot with work on the board then starts a cycle for it ({@link #waiting}) instead of at its next scheduled time.
     */
    public void wake(String namespace, java.util.Collection<String> bots, String self) {
        String at = clock.instant().toString();
        for (String name : bots) {
            if (name.equals(self)) {
                continue;
            }
            try {
                client.resources(ManybotResource.class).inNamespace(namespace).withName(name).edit(resource -> {
                    Map<String, String> annotations = resource.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                            : new LinkedHashMap<>(resource.getMetadata().getAnnotations());
                    annotations.put(ManybotResource.RECONCILE_REQUESTED_AT, at);
                    resource.getMetadata().setAnnotations(annotations);
                    return resource;
                });
            } catch (KubernetesClientException gone) {
                // deleted meanwhile: nobody to wake; its tasks wait on the board
            }
        }
    }

    private static List<Bot> withDeclared(List<Bot> bots, Bot bot) {
        List<Bot> out = new ArrayList<>(bots.stream().filter(b -> !b.name().equals(bot.name())).toList());
        out.add(bot);
        return out;
    }
}
