package io.manybot.cluster.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.cluster.declaration.ResourceDeclarations;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.MeetingResource;
import io.manybot.core.declaration.Bot;
import io.manybot.core.event.EventRouter;
import io.manybot.core.event.RepositoryEvent;
import io.manybot.core.event.WebhookIntake;
import io.manybot.core.secret.SecretRedactor;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster home's HTTP API behind the Micronaut controllers of this package: webhooks routed over
 * the Manybots and Subscriptions of the watched namespaces into {@link ManybotOperator#trigger}.
 * Secrets (webhook secret, GitLab token, API keys, bearer tokens) never appear in answers or logs.
 * Created when the application starts, so that bad settings (an invalid redaction rule) stop it there.
 */
@io.micronaut.context.annotation.Context
@Requires(beans = ManybotOperator.class)
public class ClusterApi {
    static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** A status and a JSON body. */
    public record Reply(int status, String json) {}

    private final ManybotOperator operator;
    private final SecretRedactor redactor = new SecretRedactor();
    private final WebhookIntake intake;
    private final EventRouter router;
    private final ClusterRouting routing;
    private final ClusterAuth auth;
    private final ClusterEventHub events;
    private final java.util.function.Consumer<io.manybot.core.directives.LiveDirectives.Update> directivesListener = this::directivesReloaded;
    /** {@code <state directory>/audit.log}, each entry also a line of logger {@code io.manybot.audit}. */
    private final io.manybot.core.audit.AuditLog audit;
    private static final org.slf4j.Logger AUDIT = org.slf4j.LoggerFactory.getLogger("io.manybot.audit");

    public ClusterApi(ManybotOperator operator, @Nullable ClusterApiSettings settings) {
        this.operator = operator;
        ClusterApiSettings s = settings != null ? settings : ClusterApiSettings.fromEnvironment(System.getenv());
        redactor.register(s.webhookSecret());
        redactor.register(s.gitlabToken());
        s.apiKeys().forEach(redactor::register);
        this.intake = WebhookIntake.builder().githubSecret(s.webhookSecret()).gitlabToken(s.gitlabToken()).redactor(redactor)
                .deliveryLog(new io.manybot.core.event.DeliveryLog(new ConfigMapDeliveries(operator.client(), deliveriesNamespace(operator))))
                .build();
        this.router = new EventRouter(null, redactor);
        this.auth = new ClusterAuth(s.apiKeys(), operator.client());
        java.util.List<java.util.regex.Pattern> rules;
        try {
            rules = io.manybot.core.audit.AuditLog.parseRules(s.redactRules());
        } catch (IllegalArgumentException e) {
            // Running without the rules someone wrote would show what they meant to hide.
            throw new IllegalArgumentException(io.manybot.core.audit.AuditLog.REDACT_ENV + ": " + e.getMessage(), e);
        }
        this.audit = io.manybot.core.audit.AuditLog.inStateDirectory(operator.settings().stateDirectory(), redactor, rules)
                .alsoTo(AUDIT::info);
        this.events = new ClusterEventHub(operator.client(), operator.namespaces(), audit::redact,
                Long.toString(System.currentTimeMillis(), 36));
        events.start();
        this.routing = new ClusterRouting(operator, router, events::manybots);
        operator.directives().ifPresent(d -> d.live().addListener(directivesListener));
    }

    /** The operator's own namespace (where its Lease and directives live), else the client's, else "default". */
    private static String deliveriesNamespace(ManybotOperator operator) {
        String namespace = operator.settings().directivesNamespace();
        if (namespace == null || namespace.isBlank()) {
            namespace = operator.client().getNamespace();
        }
        return namespace == null || namespace.isBlank() ? "default" : namespace;
    }

    /** A directives reload (applied or rejected edit) as an event of every namespace's stream. */
    private void directivesReloaded(io.manybot.core.directives.LiveDirectives.Update update) {
        if (update.outcome() == io.manybot.core.directives.LiveDirectives.Outcome.UNCHANGED) {
            return;
        }
        // Kept as the directives' state: a client that connects later gets the last reload first.
        operator.directives().ifPresent(d -> events.publish("directives", null, null, "directives",
                directivesJson(d).put("outcome", update.outcome().name().toLowerCase(Locale.ROOT))
                        .put("message", audit.redact(update.describe())).toString()));
    }

    io.manybot.core.audit.AuditLog audit() {
        return audit;
    }

    /** Appends an audit entry; a log file that cannot be written does not fail the request (the entry is on stdout). */
    private void record(String kind, String actor, String action, String result, Map<String, ?> details) {
        try {
            audit.record(kind, actor, action, result, details);
        } catch (java.io.UncheckedIOException e) {
            AUDIT.warn("{}", audit.redact(e.getMessage()));
        }
    }

    /** The audit name of an authenticated writer: the key id (key:...) or the TokenReview's user name. */
    private static String actor(String who) {
        return who.startsWith("key ") ? who.substring(4) : who;
    }

    WebhookIntake intake() {
        return intake;
    }

    ManybotOperator operator() {
        return operator;
    }

    /** A webhook delivery: verified and parsed by the intake, routed per namespace, each activation a trigger. */
    Reply webhook(String expectedProvider, Map<String, String> headers, byte[] body) {
        registerBotSecrets();
        WebhookIntake.Result result;
        try {
            result = intake.accept(io.manybot.core.event.Provider.of(expectedProvider), headers, body == null ? new byte[0] : body);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            // Without its delivery log a replay cannot be told apart: refuse, the provider delivers again later.
            String why = "the webhook delivery log (ConfigMap " + ConfigMapDeliveries.NAME + ") cannot be read or written: "
                    + audit.redact(String.valueOf(e.getMessage())) + "; the delivery is not accepted, send it again";
            operator.metrics().webhook("unavailable");
            record("webhook", "webhook", "delivery", "503 " + why, Map.of());
            return error(503, why);
        }
        ObjectNode node = JSON.createObjectNode();
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        node.put("outcome", outcome);
        node.put("message", audit.redact(result.message()));
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        String actor = "webhook";
        if (result instanceof WebhookIntake.Accepted accepted) {
            RepositoryEvent event = accepted.event();
            actor = "webhook " + event.provider().displayName() + (event.sender() == null ? "" : " " + event.sender());
            details.put("provider", event.provider().name().toLowerCase(Locale.ROOT));
            details.put("event", event.eventName());
            details.put("delivery", event.deliveryId());
            if (!event.refusedPaths().isEmpty()) {
                // Refused paths are not routed; they are kept in the answer and the audit entry.
                ArrayNode refused = node.putArray("refusedPaths");
                event.refusedPaths().forEach(path -> refused.add(path.describe()));
                details.put("refusedPaths", String.join("; ", event.refusedPaths().stream().map(RepositoryEvent.RefusedPath::describe).toList()));
            }
            if (event instanceof RepositoryEvent.PullRequest pr) {
                proposals(pr, node, details);
            }
            if (event instanceof RepositoryEvent.Comment comment && !io.manybot.core.event.ChatCommands.parse(comment.body()).isEmpty()) {
                node.set("commands", chat(comment, details));
            } else {
                node.set("activations", route(event, details));
            }
        } else {
            io.manybot.core.event.WebhookHeaders h = io.manybot.core.event.WebhookHeaders.of(headers);
            java.util.Optional<io.manybot.core.event.Provider> provider = h.provider();
            details.put("provider", provider.map(io.manybot.core.event.Provider::id).orElse(expectedProvider));
            details.put("event", provider.map(h::eventName).map(audit::redact).orElse(null));
            details.put("delivery", provider.map(h::deliveryId).map(audit::redact).orElse(null));
        }
        operator.metrics().webhook(outcome);
        record("webhook", actor, "delivery", result.status() + " " + result.message(), details);
        return reply(result.status(), node.toString());
    }

    /** The configured secrets of the Manybots (executor env, model keys) join the API's own: see {@link io.manybot.core.secret.BotSecrets}. */
    private void registerBotSecrets() {
        ResourceDeclarations declarations = new ResourceDeclarations();
        Map<String, String> env = System.getenv();
        for (ManybotResource resource : events.manybots()) {
            ResourceDeclarations.Read<Bot> read = declarations.bot(resource);
            if (read.ok()) {
                io.manybot.core.secret.BotSecrets.register(read.declaration().value(), env, redactor);
            }
        }
    }

    /** A pull request event about a proposal branch updates that proposal, in each namespace whose Manybot of that name keeps it. */
    private void proposals(RepositoryEvent.PullRequest pr, ObjectNode node, Map<String, Object> details) {
        java.util.Optional<String> bot = io.manybot.core.review.ProposalEvents.botOf(pr.headBranch());
        if (bot.isEmpty()) {
            return;
        }
        ArrayNode applied = JSON.createArrayNode();
        for (ManybotResource resource : events.manybots()) {
            if (!resource.getMetadata().getName().equals(bot.get())) {
                continue;
            }
            String namespace = resource.getMetadata().getNamespace();
            io.manybot.core.review.ProposalEvents.apply(pr, new io.manybot.cluster.review.ConfigMapProposals(operator.client(), namespace),
                    java.time.Instant.now()).ifPresent(done -> {
                        applied.addObject().put("namespace", namespace).put("bot", done.after().bot()).put("branch", done.after().branch())
                                .put("number", done.after().number()).put("state", done.after().state().id()).put("reason", done.after().reason());
                        details.put("proposal", audit.redact(namespace + ": " + done.event()));
                    });
        }
        if (!applied.isEmpty()) {
            node.set("proposals", applied);
        }
    }

    private ArrayNode route(RepositoryEvent event, Map<String, Object> details) {
        ArrayNode list = JSON.createArrayNode();
        List<String> triggered = new ArrayList<>();
        for (ClusterRouting.Woken woken : routing.route(event)) {
            String reason = audit.redact(woken.activation().reason());
            String bot = woken.activation().bot();
            operator.trigger(woken.namespace(), bot, reason);
            list.addObject().put("namespace", woken.namespace()).put("bot", bot)
                    .put("kind", woken.activation().kind().name().toLowerCase(Locale.ROOT)).put("reason", reason).put("status", "requested");
            triggered.add(woken.namespace() + "/" + bot + ": " + reason);
        }
        details.put("activations", triggered.size());
        details.put("triggered", String.join("; ", triggered));
        return list;
    }

    /**
     * The {@code @manybot} commands of a comment, for the Manybots (of every watched namespace) working
     * on the comment's repository: each allowed only when the author owns a path the bot owns in the
     * ownership files of the bot's repository at its {@code status.commit}; then trigger, pause, resume
     * (the annotation, as the API's) or status (the bot's status in the answer).
     */
    private ArrayNode chat(RepositoryEvent.Comment comment, Map<String, Object> details) {
        ArrayNode list = JSON.createArrayNode();
        List<String> done = new ArrayList<>();
        io.manybot.core.ownership.Principal author = comment.authorPrincipal();
        ResourceDeclarations declarations = new ResourceDeclarations();
        Map<String, Map<String, ManybotResource>> resources = new TreeMap<>();
        Map<String, Map<String, Bot>> bots = new TreeMap<>();
        for (ManybotResource resource : events.manybots()) {
            ResourceDeclarations.Read<Bot> read = declarations.bot(resource);
            if (read.ok() && router.worksOn(read.declaration().value(), comment.repository())) {
                String namespace = resource.getMetadata().getNamespace();
                resources.computeIfAbsent(namespace, n -> new TreeMap<>()).put(resource.getMetadata().getName(), resource);
                bots.computeIfAbsent(namespace, n -> new TreeMap<>()).put(read.declaration().value().name(), read.declaration().value());
            }
        }
        if (bots.isEmpty()) {
            for (io.manybot.core.event.ChatCommand command : io.manybot.core.event.ChatCommands.parse(comment.body())) {
                list.addObject().put("command", command.verb().name().toLowerCase(Locale.ROOT)).put("bot", command.bot())
                        .put("allowed", false).put("reason", "no Manybot of the watched namespaces works on this repository");
            }
        }
        for (Map.Entry<String, Map<String, Bot>> namespace : bots.entrySet()) {
            String ns = namespace.getKey();
            for (io.manybot.core.event.ChatCommands.Decision first
                    : io.manybot.core.event.ChatCommands.decide(comment, namespace.getValue().values(), null)) {
                boolean allowed = first.allowed();
                String why = first.reason();
                ManybotResource resource = first.bot() == null ? null : resources.get(ns).get(first.bot());
                if (resource != null) {
                    Bot bot = namespace.getValue().get(first.bot());
                    String commit = resource.getStatus() == null ? null : resource.getStatus().commit;
                    var ownership = bot.repository() == null ? java.util.Optional.<io.manybot.core.ownership.OwnershipIndex>empty()
                            : operator.ownership(bot.repository().url(), bot.repository().branch(), commit);
                    var authorization = io.manybot.core.event.ChatCommands.authorize(first.command(), author, bot, ownership.orElse(null));
                    allowed = authorization.allowed();
                    why = authorization.reason();
                }
                String verb = first.command().verb().name().toLowerCase(Locale.ROOT);
                ObjectNode d = list.addObject().put("namespace", ns).put("command", verb).put("bot", first.bot())
                        .put("allowed", allowed).put("reason", audit.redact(why));
                if (!allowed || resource == null) {
                    done.add(verb + " " + ns + "/" + first.bot() + " refused");
                    continue;
                }
                String name = first.bot();
                try {
                    switch (first.command().verb()) {
                        case STATUS -> d.set("status", botJson(resource));
                        case TRIGGER -> {
                            operator.trigger(ns, name, audit.redact("comment by " + comment.author()));
                            d.put("status", "requested");
                        }
                        case PAUSE -> {
                            setPaused(ns, name, audit.redact("comment:" + comment.author() + " at " + java.time.Instant.now()));
                            d.put("status", "paused");
                        }
                        case RESUME -> {
                            setPaused(ns, name, null);
                            d.put("status", "resumed");
                        }
                    }
                    done.add(verb + " " + ns + "/" + name + " by " + comment.author());
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    d.put("status", "failed: " + audit.redact(e.getMessage()));
                    done.add(verb + " " + ns + "/" + name + " failed");
                }
            }
        }
        details.put("commands", String.join("; ", done));
        return list;
    }

    /** The Manybots of {@code namespace}, from the API server (a read shows what is there now). */
    private List<ManybotResource> manybots(String namespace) {
        return operator.client().resources(ManybotResource.class).inNamespace(namespace).list().getItems();
    }

    /** Whether {@code namespace} is watched by the operator. */
    private boolean watched(String namespace) {
        return operator.namespaces().isEmpty() || operator.namespaces().contains(namespace);
    }

    boolean watchedNamespace(String namespace) {
        return watched(namespace);
    }

    /**
     * The events of {@code namespace} after {@code lastEventId} (the client's {@code Last-Event-ID};
     * null: a new client): see {@link ClusterEventHub}.
     */
    reactor.core.publisher.Flux<ClusterEventHub.Sent> events(String namespace, String lastEventId) {
        return events.stream(namespace, lastEventId);
    }

    @jakarta.annotation.PreDestroy
    void close() {
        operator.directives().ifPresent(d -> d.live().removeListener(directivesListener));
        events.close();
    }

    /** {@code GET /api/v1/directives}: the live directives the operator follows (its ConfigMap), as the local home shows its file. */
    Reply directives() {
        return operator.directives().map(d -> reply(200, directivesJson(d).toString()))
                .orElseGet(() -> error(404, "the operator follows no directives ConfigMap (set directives.configMap in the chart's values)"));
    }

    private ObjectNode directivesJson(io.manybot.cluster.directives.DirectivesConfigMap directives) {
        ObjectNode node = JSON.createObjectNode().put("source", directives.file());
        node.putObject("configMap").put("namespace", directives.namespace()).put("name", directives.name());
        var applied = directives.live().current();
        node.put("version", directives.version());
        node.put("contentHash", applied.map(a -> a.directives().contentHash()).orElse(null));
        node.put("appliedAt", applied.map(a -> a.appliedAt().toString()).orElse(null));
        node.put("paused", applied.map(a -> a.directives().paused()).orElse(false));
        ArrayNode pausedBots = node.putArray("pausedBots");
        applied.ifPresent(a -> a.directives().bots().values().stream().filter(io.manybot.core.directives.BotDirectives::paused)
                .map(io.manybot.core.directives.BotDirectives::name).sorted().forEach(pausedBots::add));
        node.put("lastError", audit.redact(directives.status().error));
        return node;
    }

    /**
     * {@code GET .../bots/{name}/owners?path=P&as=PRINCIPAL}: who owns {@code P} in the bot's repository
     * at the commit its status was last read at, and the verdict for {@code PRINCIPAL} (default
     * {@value io.manybot.core.ownership.PathOwners#ANONYMOUS}).
     */
    /** {@code GET .../bots/{name}/owners/tree}: every directory of the bot's repository with who governs it. */
    Reply ownersTree(String namespace, String name, int limit) {
        ManybotResource resource = watched(namespace) ? manybot(namespace, name) : null;
        if (resource == null) {
            return error(404, "no Manybot " + name + " in namespace " + namespace);
        }
        ResourceDeclarations.Read<Bot> read = new ResourceDeclarations().bot(resource);
        if (!read.ok()) {
            return error(409, "the Manybot's spec is invalid: " + read.describe());
        }
        Bot bot = read.declaration().value();
        String commit = resource.getStatus() == null ? null : resource.getStatus().commit;
        var index = bot.repository() == null ? java.util.Optional.<io.manybot.core.ownership.OwnershipIndex>empty()
                : operator.ownership(bot.repository().url(), bot.repository().branch(), commit);
        if (index.isEmpty()) {
            return error(503, "the ownership files of " + name + "'s repository have not been read here yet");
        }
        ObjectNode node = JSON.valueToTree(io.manybot.core.ownership.OwnershipTree.of(index.get(), Math.max(1, Math.min(limit, 100_000))));
        node.put("namespace", namespace).put("bot", name).put("commit", commit);
        return reply(200, node.toString());
    }

    Reply owners(String namespace, String name, String path, String as) {
        ManybotResource resource = watched(namespace) ? manybot(namespace, name) : null;
        if (resource == null) {
            return error(404, "no Manybot " + name + " in namespace " + namespace);
        }
        if (path == null || path.isBlank()) {
            return error(400, "the path query parameter is required: .../bots/" + name + "/owners?path=src/a.py");
        }
        ResourceDeclarations.Read<Bot> read = new ResourceDeclarations().bot(resource);
        if (!read.ok()) {
            return error(409, "the Manybot's spec is invalid: " + read.describe());
        }
        Bot bot = read.declaration().value();
        String commit = resource.getStatus() == null ? null : resource.getStatus().commit;
        var index = bot.repository() == null ? java.util.Optional.<io.manybot.core.ownership.OwnershipIndex>empty()
                : operator.ownership(bot.repository().url(), bot.repository().branch(), commit);
        if (index.isEmpty()) {
            return error(503, "the ownership files of " + name + "'s repository have not been read here yet"
                    + (commit == null ? " (no commit in its status)" : " (commit " + commit + ")"));
        }
        try {
            ObjectNode node = JSON.valueToTree(io.manybot.core.ownership.PathOwners.of(index.get(), path, as));
            node.put("namespace", namespace).put("bot", name).put("repository", bot.repository().url()).put("commit", commit);
            return reply(200, node.toString());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    /** The Manybots of a namespace with their status. */
    Reply bots(String namespace) {
        if (!watched(namespace)) {
            return error(404, "namespace " + namespace + " is not watched by this operator");
        }
        ArrayNode list = JSON.createArrayNode();
        List<ManybotResource> bots = manybots(namespace);
        Teams teams = teams(namespace, bots);
        bots.stream().sorted(java.util.Comparator.comparing(b -> b.getMetadata().getName()))
                .forEach(bot -> list.add(teams.on(botJson(bot), bot.getMetadata().getName())));
        return reply(200, JSON.createObjectNode().put("namespace", namespace).<ObjectNode>set("bots", list).toString());
    }

    Reply bot(String namespace, String name) {
        ManybotResource bot = watched(namespace) ? manybot(namespace, name) : null;
        return bot == null ? error(404, "no Manybot " + name + " in namespace " + namespace)
                : reply(200, teams(namespace, manybots(namespace)).on(botJson(bot), name).toString());
    }

    /** The namespace's team board and planner tree, read once for a listing. */
    private record Teams(java.util.Map<String, String> parents, io.manybot.core.team.BoardSnapshot board, java.time.Instant now) {
        /** {@code node} with the bot's team in short ({@link io.manybot.core.team.TeamSummary}), as the local home lists it. */
        ObjectNode on(ObjectNode node, String bot) {
            io.manybot.core.team.TeamSummary summary = io.manybot.core.team.TeamSummary.of(io.manybot.core.team.TeamStatus.of(bot, parents, board, now));
            if (summary != null) {
                node.set("team", JSON.valueToTree(summary));
            }
            return node;
        }
    }

    private Teams teams(String namespace, List<ManybotResource> bots) {
        java.util.Map<String, String> parents = new java.util.LinkedHashMap<>();
        bots.forEach(b -> parents.put(b.getMetadata().getName(), b.getSpec() == null ? null : b.getSpec().parent));
        return new Teams(parents, new io.manybot.cluster.team.ConfigMapTeamBoard(operator.client(), namespace).load(), java.time.Instant.now());
    }

    /**
     * {@code GET .../bots/{name}/team}: the bot's parent and children, its queue (most urgent first), the tasks in flight, its
     * unread handoffs and scratchpad, from the namespace's Manybots and team board (ConfigMap
     * {@value io.manybot.cluster.team.ConfigMapTeamBoard#NAME}), as the local home answers.
     */
    Reply team(String namespace, String name) {
        if (!watched(namespace) || manybot(namespace, name) == null) {
            return error(404, "no Manybot " + name + " in namespace " + namespace);
        }
        io.manybot.core.team.TeamStatus team = new io.manybot.cluster.team.ClusterTeam(operator.client(), java.time.Clock.systemUTC())
                .read(namespace, name);
        return reply(200, io.manybot.cluster.team.TeamStatuses.json(team).toString());
    }

    /** The bot's WorkCycles, newest first. */
    Reply cycles(String namespace, String name) {
        if (!watched(namespace) || manybot(namespace, name) == null) {
            return error(404, "no Manybot " + name + " in namespace " + namespace);
        }
        ArrayNode list = JSON.createArrayNode();
        operator.client().resources(io.manybot.cluster.resource.WorkCycleResource.class).inNamespace(namespace)
                .withLabel(io.manybot.cluster.resource.WorkCycleResource.BOT_LABEL, name).list().getItems().stream()
                .sorted(java.util.Comparator.comparing((io.manybot.cluster.resource.WorkCycleResource c) -> c.getSpec().cycleId).reversed())
                .forEach(c -> {
                    ObjectNode n = list.addObject().put("name", c.getMetadata().getName()).put("id", c.getSpec().cycleId)
                            .put("trigger", c.getSpec().trigger);
                    n.set("status", JSON.valueToTree(c.getStatus()));
                });
        return reply(200, JSON.createObjectNode().put("bot", name).<ObjectNode>set("cycles", list).toString());
    }

    Reply goals(String namespace) {
        if (!watched(namespace)) {
            return error(404, "namespace " + namespace + " is not watched by this operator");
        }
        ArrayNode list = JSON.createArrayNode();
        operator.client().resources(io.manybot.cluster.resource.GoalResource.class).inNamespace(namespace).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(g -> g.getMetadata().getName()))
                .forEach(g -> list.addObject().put("name", g.getMetadata().getName())
                        .<ObjectNode>set("spec", JSON.valueToTree(g.getSpec())).set("status", JSON.valueToTree(g.getStatus())));
        return reply(200, JSON.createObjectNode().put("namespace", namespace).<ObjectNode>set("goals", list).toString());
    }

    /**
     * {@code GET /api/v1/home}: which home this is and its namespaces (the watched ones, or those with
     * Manybots when all are watched), for the dashboard.
     */
    Reply home() {
        java.util.SortedSet<String> namespaces = new java.util.TreeSet<>(operator.namespaces());
        if (namespaces.isEmpty()) {
            events.manybots().forEach(bot -> namespaces.add(bot.getMetadata().getNamespace()));
        }
        ObjectNode node = JSON.createObjectNode().put("home", "cluster").put("writesNeedKey", true);
        namespaces.forEach(node.putArray("namespaces")::add);
        return reply(200, node.toString());
    }

    /**
     * {@code GET .../goals/{name}/history}: each key result's values over time, from the WorkCycles
     * of the goal kept in the namespace (before at the cycle's start, after at its end), oldest first.
     * The cluster keeps no other history: WorkCycles are pruned to each bot's
     * {@code spec.workCycleHistory}.
     */
    Reply goalHistory(String namespace, String name) {
        if (!watched(namespace)) {
            return error(404, "namespace " + namespace + " is not watched by this operator");
        }
        if (operator.client().resources(io.manybot.cluster.resource.GoalResource.class).inNamespace(namespace).withName(name).get() == null) {
            return error(404, "no Goal " + name + " in namespace " + namespace);
        }
        Map<String, java.util.TreeMap<String, ObjectNode>> byKeyResult = new TreeMap<>();
        for (io.manybot.cluster.resource.WorkCycleResource cycle : operator.client().resources(io.manybot.cluster.resource.WorkCycleResource.class)
                .inNamespace(namespace).list().getItems()) {
            if (cycle.getSpec() == null || !name.equals(cycle.getSpec().goal) || cycle.getStatus() == null) {
                continue;
            }
            var status = cycle.getStatus();
            for (var values : java.util.Arrays.asList(status.keyResultsBefore, status.keyResultsAfter)) {
                if (values == null) {
                    continue;
                }
                for (var v : values) {
                    String at = v.measuredAt != null ? v.measuredAt : values == status.keyResultsAfter ? status.finishedAt : status.startedAt;
                    if (v.name == null || at == null) {
                        continue;
                    }
                    ObjectNode point = JSON.createObjectNode().put("at", at);
                    if (v.value != null) {
                        point.put("value", v.value);
                    } else {
                        point.put("failure", v.failure);
                    }
                    point.put("commit", v.commit).put("cycle", cycle.getSpec().cycleId);
                    byKeyResult.computeIfAbsent(v.name, n -> new java.util.TreeMap<>()).put(at + " " + cycle.getSpec().cycleId, point);
                }
            }
        }
        ObjectNode node = JSON.createObjectNode().put("namespace", namespace).put("goal", name);
        ObjectNode keyResults = node.putObject("keyResults");
        byKeyResult.forEach((kr, points) -> points.values().forEach(keyResults.withArray(kr)::add));
        return reply(200, node.toString());
    }

    Reply subscriptions(String namespace) {
        if (!watched(namespace)) {
            return error(404, "namespace " + namespace + " is not watched by this operator");
        }
        ArrayNode list = JSON.createArrayNode();
        operator.client().resources(io.manybot.cluster.resource.SubscriptionResource.class).inNamespace(namespace).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(s -> s.getMetadata().getName()))
                .forEach(s -> list.addObject().put("name", s.getMetadata().getName())
                        .<ObjectNode>set("spec", JSON.valueToTree(s.getSpec())).set("status", JSON.valueToTree(s.getStatus())));
        return reply(200, JSON.createObjectNode().put("namespace", namespace).<ObjectNode>set("subscriptions", list).toString());
    }

    /** {@code POST .../bots/{name}/trigger}: authenticated (API key or TokenReview), then a trigger of the bot (202). */
    Reply trigger(String namespace, String name, Map<String, String> headers, byte[] body) {
        String what = "trigger " + namespace + "/" + name;
        java.util.Optional<ClusterAuth.Caller> caller = auth.caller(headers);
        if (caller.isEmpty()) {
            record("api", "anonymous", what, "401 unauthenticated", Map.of());
            return error(401, "writes need a valid X-API-Key or Authorization: Bearer <Kubernetes token>");
        }
        java.util.Optional<String> who = caller.map(ClusterAuth.Caller::name);
        Reply refused = authorize(caller.get(), ClusterAuth.TRIGGER, namespace, name, what);
        if (refused != null) {
            return refused;
        }
        if (!watched(namespace) || manybot(namespace, name) == null) {
            record("api", actor(who.get()), what, "404 no such Manybot", Map.of());
            return error(404, "no Manybot " + name + " in namespace " + namespace);
        }
        String reason = "api: triggered by " + who.get();
        if (body != null && body.length > 0) {
            try {
                String given = JSON.readTree(body).path("reason").asText("");
                if (!given.isBlank()) {
                    reason = "api: " + given.strip() + " (" + who.get() + ")";
                }
            } catch (java.io.IOException e) {
                record("api", actor(who.get()), what, "400 the body is not JSON", Map.of());
                return error(400, "the body is not JSON: expected {\"reason\": \"...\"} or nothing");
            }
        }
        reason = audit.redact(reason);
        operator.trigger(namespace, name, reason);
        record("api", actor(who.get()), what, "202 requested", Map.of("namespace", namespace, "bot", name, "reason", reason));
        return reply(202, JSON.createObjectNode().put("namespace", namespace).put("bot", name).put("reason", reason)
                .put("status", "requested").toString());
    }

    /**
     * {@code POST .../bots/{name}/pause} and {@code .../resume}: authenticated like a trigger, then the
     * annotation {@value ManybotResource#PAUSED} set (who and when) or removed by a JSON merge patch of
     * the Manybot's metadata.annotations only (202). The reconciler does the rest.
     */
    Reply pause(String namespace, String name, Map<String, String> headers, boolean pause) {
        String what = (pause ? "pause " : "resume ") + namespace + "/" + name;
        java.util.Optional<ClusterAuth.Caller> caller = auth.caller(headers);
        if (caller.isEmpty()) {
            record("api", "anonymous", what, "401 unauthenticated", Map.of());
            return error(401, "writes need a valid X-API-Key or Authorization: Bearer <Kubernetes token>");
        }
        java.util.Optional<String> who = caller.map(ClusterAuth.Caller::name);
        Reply refused = authorize(caller.get(), ClusterAuth.PAUSE, namespace, name, what);
        if (refused != null) {
            return refused;
        }
        if (!watched(namespace) || manybot(namespace, name) == null) {
            record("api", actor(who.get()), what, "404 no such Manybot", Map.of());
            return error(404, "no Manybot " + name + " in namespace " + namespace);
        }
        String value = audit.redact("api:" + who.get().replaceFirst("^(key|user) ", "") + " at " + java.time.Instant.now());
        try {
            setPaused(namespace, name, pause ? value : null);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            record("api", actor(who.get()), what, "502 " + e.getMessage(), Map.of("namespace", namespace, "bot", name));
            return error(502, "the Manybot could not be annotated: " + e.getMessage());
        }
        record("api", actor(who.get()), what, "202 " + (pause ? "paused" : "resumed"), Map.of("namespace", namespace, "bot", name));
        ObjectNode node = JSON.createObjectNode().put("namespace", namespace).put("bot", name)
                .put("status", pause ? "paused" : "resumed");
        if (pause) {
            node.put("pausedBy", value);
        }
        return reply(202, node.toString());
    }

    /** {@code GET .../meetings}: the namespace's Meetings, each with its spec and status (its last minutes, bounded). */
    Reply meetings(String namespace) {
        if (!watched(namespace)) {
            return error(404, "namespace " + namespace + " is not watched by this operator");
        }
        ArrayNode list = JSON.createArrayNode();
        operator.client().resources(MeetingResource.class).inNamespace(namespace).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(m -> m.getMetadata().getName()))
                .forEach(m -> list.addObject().put("name", m.getMetadata().getName())
                        .<ObjectNode>set("spec", JSON.valueToTree(m.getSpec())).set("status", JSON.valueToTree(m.getStatus())));
        return reply(200, JSON.createObjectNode().put("namespace", namespace).<ObjectNode>set("meetings", list).toString());
    }

    /**
     * {@code POST .../meetings/{name}/hold}: authenticated like a trigger (the verb {@value ClusterAuth#HOLD} on meetings), then
     * the annotation {@value MeetingResource#HOLD} set to who asked and when by a JSON merge patch of the Meeting's
     * metadata.annotations only (202); the Meeting's reconciler holds it once for that value.
     */
    Reply holdMeeting(String namespace, String name, Map<String, String> headers) {
        String what = "hold meeting " + namespace + "/" + name;
        java.util.Optional<ClusterAuth.Caller> caller = auth.caller(headers);
        if (caller.isEmpty()) {
            record("api", "anonymous", what, "401 unauthenticated", Map.of());
            return error(401, "writes need a valid X-API-Key or Authorization: Bearer <Kubernetes token>");
        }
        String who = caller.get().name();
        if (!auth.allowed(caller.get(), ClusterAuth.HOLD, "meetings", namespace, name)) {
            record("api", actor(who), what, "403 not allowed to hold meetings", Map.of("namespace", namespace, "meeting", name));
            return error(403, who + " may not hold Meeting " + name + " in namespace " + namespace
                    + ": grant the verb 'hold' on meetings.manybot.io (the chart's ClusterRole <release>-edit has it)");
        }
        if (!watched(namespace) || operator.client().resources(MeetingResource.class).inNamespace(namespace).withName(name).get() == null) {
            record("api", actor(who), what, "404 no such Meeting", Map.of());
            return error(404, "no Meeting " + name + " in namespace " + namespace);
        }
        String value = audit.redact("api:" + who.replaceFirst("^(key|user) ", "") + " at " + java.time.Instant.now());
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").putObject("annotations").put(MeetingResource.HOLD, value);
        try {
            operator.client().resources(MeetingResource.class).inNamespace(namespace).withName(name)
                    .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                            patch.toString());
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            record("api", actor(who), what, "502 " + e.getMessage(), Map.of("namespace", namespace, "meeting", name));
            return error(502, "the Meeting could not be annotated: " + e.getMessage());
        }
        record("api", actor(who), what, "202 requested", Map.of("namespace", namespace, "meeting", name));
        return reply(202, JSON.createObjectNode().put("namespace", namespace).put("meeting", name).put("request", value)
                .put("status", "requested").toString());
    }

    /**
     * Null when {@code caller} may do {@code verb} on the Manybot (a key, or a user the API server's
     * SubjectAccessReview allows), else the 403 to answer (recorded in the audit log).
     */
    private Reply authorize(ClusterAuth.Caller caller, String verb, String namespace, String name, String what) {
        if (auth.allowed(caller, verb, namespace, name)) {
            return null;
        }
        record("api", actor(caller.name()), what, "403 not allowed to " + verb + " manybots", Map.of("namespace", namespace, "bot", name));
        return error(403, caller.name() + " may not " + verb + " Manybot " + name + " in namespace " + namespace
                + ": grant the verb '" + verb + "' on manybots.manybot.io (the chart's ClusterRole <release>-edit has it)");
    }

    /** Sets (or, for null, removes) the pause annotation by a JSON merge patch of metadata.annotations. */
    void setPaused(String namespace, String name, String value) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode annotations = patch.putObject("metadata").putObject("annotations");
        if (value == null) {
            annotations.putNull(ManybotResource.PAUSED);
        } else {
            annotations.put(ManybotResource.PAUSED, value);
        }
        operator.client().resources(ManybotResource.class).inNamespace(namespace).withName(name)
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        patch.toString());
    }

    private ManybotResource manybot(String namespace, String name) {
        return operator.client().resources(ManybotResource.class).inNamespace(namespace).withName(name).get();
    }

    private ObjectNode botJson(ManybotResource bot) {
        ObjectNode node = JSON.createObjectNode().put("name", bot.getMetadata().getName()).put("namespace", bot.getMetadata().getNamespace())
                .put("createdAt", bot.getMetadata().getCreationTimestamp());
        if (bot.getSpec() != null) {
            node.put("goal", bot.getSpec().goal).put("mode", bot.getSpec().mode == null ? null : JSON.valueToTree(bot.getSpec().mode).asText());
        }
        var status = bot.getStatus();
        if (status != null) {
            node.put("phase", status.phase).put("progress", status.progress);
            node.set("lastCycle", JSON.valueToTree(status.lastCycle));
            node.set("conditions", JSON.valueToTree(status.conditions));
            node.set("status", JSON.valueToTree(status));
        }
        node.set("pendingTriggers", JSON.valueToTree(operator.pendingTriggers(bot.getMetadata().getNamespace(), bot.getMetadata().getName())));
        return node;
    }

    Reply error(int status, String message) {
        return reply(status, JSON.createObjectNode().put("error", message).toString());
    }

    /**
     * Every answer goes out through here: the registered secrets (webhook secret, GitLab token, API
     * keys) and the {@code MANYBOT_REDACT} rules masked, as in the audit log.
     */
    private Reply reply(int status, String json) {
        return new Reply(status, audit.redact(json));
    }
}
