package io.manybot.local.api;

import io.manybot.core.secret.ApiKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.audit.AuditLog;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.event.Activation;
import io.manybot.core.event.ChatCommand;
import io.manybot.core.event.ChatCommands;
import io.manybot.core.event.EventRouter;
import io.manybot.core.event.Provider;
import io.manybot.core.event.RepositoryEvent;
import io.manybot.core.event.WebhookIntake;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.PathOwners;
import io.manybot.core.secret.BotSecrets;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.local.RuntimeSubscriptions;
import io.manybot.local.state.BotState;
import io.manybot.local.state.ControlAction;
import io.manybot.local.state.Event;
import io.manybot.local.state.StateJson;
import io.manybot.local.state.StateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's adapter over the local home: reads come from the state store (its own connection,
 * as a second {@code manybot} process would) and the declarations in force ({@link RepositoryView});
 * writes become control requests, exactly as {@code manybot trigger|pause|resume} make them. An
 * accepted webhook is routed by {@link EventRouter}; each activation becomes a trigger request with
 * its reason. No business logic lives here.
 *
 * <p>Every response body, audit entry and stored reason is redacted ({@link AuditLog#redact}).
 */
public final class HomeApi implements AutoCloseable {
    /** A response: HTTP status and JSON body. */
    public record Reply(int status, String json) {}

    private static final ObjectMapper JSON = StateJson.MAPPER;

    private final ApiSettings settings;
    private final RepositoryView view;
    private final StateStore store;
    private final SecretRedactor redactor = new SecretRedactor();
    private final AuditLog audit;
    private final ApiKeys keys;
    private final WebhookIntake intake;
    private final EventRouter router;
    private final ApiMetrics metrics;
    private final EventHub events;

    public HomeApi(ApiSettings settings, RepositoryView view) throws IOException {
        this.settings = settings;
        this.view = view;
        settings.apiKeys().forEach(redactor::register);
        redactor.register(settings.webhookSecret());
        redactor.register(settings.gitlabToken());
        this.store = StateStore.open(view.stateDirectory());
        this.audit = AuditLog.inStateDirectory(view.stateDirectory(), redactor, settings.redactRules());
        this.keys = new ApiKeys(settings.apiKeys());
        this.intake = WebhookIntake.builder().githubSecret(settings.webhookSecret()).gitlabToken(settings.gitlabToken())
                .maxBodyBytes(settings.maxBodyBytes()).redactor(redactor)
                .deliveryLog(new io.manybot.core.event.DeliveryLog(new io.manybot.local.state.StoredDeliveries(store))).build();
        this.router = new EventRouter(null, redactor);
        this.metrics = new ApiMetrics(this::pendingControlRequests, () -> store.unfinishedCycles().size());
        this.events = new EventHub(store, List.of(this::observe));
    }

    public ApiSettings settings() {
        return settings;
    }

    AuditLog audit() {
        return audit;
    }

    EventHub events() {
        return events;
    }

    ApiMetrics metrics() {
        return metrics;
    }

    WebhookIntake intake() {
        return intake;
    }

    private int pendingControlRequests() {
        return store.pendingControlRequests();
    }

    // ---- access ----

    /** Null when the request may go on; else the 401 reply. Writes always need a key; reads only off loopback. */
    Reply authorize(String presentedKey, boolean write, String what) {
        if (!write && settings.loopback()) {
            return null;
        }
        if (!keys.configured()) {
            return write ? denied(what, "no API key configured: set MANYBOT_API_KEYS or --api-keys to allow writes")
                    : denied(what, "no API key configured: reads off loopback need one");
        }
        Optional<String> id = keys.check(presentedKey);
        if (id.isEmpty()) {
            return denied(what, presentedKey == null || presentedKey.isEmpty() ? "missing X-API-Key header" : "invalid API key");
        }
        return null;
    }

    private Reply denied(String what, String why) {
        audit.record("api", "anonymous", what, "401 " + why, Map.of());
        return error(401, why);
    }

    /** The key id of a presented key (for the audit log), "anonymous" when none is valid. */
    String keyId(String presentedKey) {
        return keys.check(presentedKey).orElse("anonymous");
    }

    // ---- reads ----

    Reply bots() {
        ArrayNode list = JSON.createArrayNode();
        Map<String, BotState> states = new LinkedHashMap<>();
        store.bots().forEach(state -> states.put(state.name(), state));
        Optional<io.manybot.local.state.DirectivesState> directives = store.directives();
        Map<String, String> outcomes = store.lastCycleOutcomes();
        Map<String, String> landings = store.lastLandings();
        Map<String, String> parents = teamParents();
        io.manybot.core.team.BoardSnapshot board = new io.manybot.local.state.StoredTeam(store).load();
        java.time.Instant now = java.time.Instant.now();
        for (Bot bot : view.bots()) {
            list.add(withTeam(listed(botJson(bot.name(), states.remove(bot.name()), true), directives, outcomes, landings),
                    io.manybot.core.team.TeamStatus.of(bot.name(), parents, board, now)));
        }
        states.values().forEach(state -> list.add(withTeam(listed(botJson(state.name(), state, false), directives, outcomes, landings),
                io.manybot.core.team.TeamStatus.of(state.name(), parents, board, now))));
        return ok(list);
    }

    /** Each bot's parent (null for a root): as declared, or as the controller last recorded when nothing is declared here. */
    private Map<String, String> teamParents() {
        Map<String, String> parents = new LinkedHashMap<>();
        view.bots().forEach(bot -> parents.put(bot.name(), bot.parent()));
        return parents.isEmpty() ? new io.manybot.local.state.StoredTeam(store).parents() : parents;
    }

    /** A bot's team in short (parent, children, how much waits for it), on the bot's JSON; nothing for a bot in no team. */
    private static ObjectNode withTeam(ObjectNode node, io.manybot.core.team.TeamStatus team) {
        io.manybot.core.team.TeamSummary summary = io.manybot.core.team.TeamSummary.of(team);
        if (summary != null) {
            node.set("team", JSON.valueToTree(summary));
        }
        return node;
    }

    /** {@code GET /api/v1/bots/{name}/team}: the bot's parent and children, its queue, tasks in flight, unread handoffs, scratchpad. */
    Reply team(String name) {
        if (store.bot(name).isEmpty() && view.bot(name).isEmpty()) {
            return error(404, "no bot named '" + name + "'");
        }
        return ok(JSON.valueToTree(io.manybot.core.team.TeamStatus.of(name, teamParents(), new io.manybot.local.state.StoredTeam(store).load(),
                java.time.Instant.now())));
    }

    /**
     * What {@code manybot list} and {@code status} show beside the state: the last cycle's outcome and how it landed
     * ({@code lastLanding}: "direct", "rebased over 2 commits, retested", "conflict on a.txt (…)"), a pause by directives.
     */
    private ObjectNode listed(ObjectNode node, Optional<io.manybot.local.state.DirectivesState> directives, Map<String, String> outcomes,
            Map<String, String> landings) {
        String last = node.path("lastCycleId").asText(null);
        if (last != null && outcomes.containsKey(last)) {
            node.put("lastCycleOutcome", outcomes.get(last));
        }
        if (last != null && landings.containsKey(last)) {
            node.put("lastLanding", landings.get(last));
        }
        node.put("pausedByDirectives", directives.map(d -> d.pauses(node.path("name").asText())).orElse(false));
        return node;
    }

    Reply bot(String name) {
        Optional<BotState> state = store.bot(name);
        boolean declared = view.bot(name).isPresent();
        if (state.isEmpty() && !declared) {
            return error(404, "no bot named '" + name + "'");
        }
        ObjectNode node = botJson(name, state.orElse(null), declared);
        withTeam(node, io.manybot.core.team.TeamStatus.of(name, teamParents(), new io.manybot.local.state.StoredTeam(store).load(),
                java.time.Instant.now()));
        state.map(BotState::lastCycleId).flatMap(id -> safeCycle(id)).ifPresent(cycle -> node.set("lastCycle", cycleSummary(cycle)));
        ArrayNode proposals = node.putArray("proposals");
        store.proposals(name).stream().filter(p -> !p.state().finished()).forEach(p -> proposals.add(proposalJson(p)));
        view.bot(name).ifPresent(bot -> node.set("declaration", JSON.valueToTree(bot)));
        return ok(node);
    }

    Reply cycles(String name, int limit) {
        if (store.bot(name).isEmpty() && view.bot(name).isEmpty()) {
            return error(404, "no bot named '" + name + "'");
        }
        ArrayNode list = JSON.createArrayNode();
        store.cycles(name, Math.max(1, Math.min(limit, 500))).forEach(cycle -> list.add(cycleSummary(cycle)));
        return ok(list);
    }

    Reply cycle(String id) {
        try {
            return store.cycle(id).map(cycle -> ok(JSON.valueToTree(cycle))).orElseGet(() -> error(404, "no cycle '" + id + "'"));
        } catch (IllegalArgumentException ambiguous) {
            return error(400, ambiguous.getMessage());
        }
    }

    /** The live directives in force (version, hash, when applied, the last rejected edit), as the controller recorded them. */
    Reply directives() {
        return store.directives().map(state -> ok(JSON.valueToTree(state)))
                .orElseGet(() -> error(404, "no directives in force: the repository has no MARATHON.md, or the controller has not read it yet"));
    }

    /** Which home this is, for the dashboard (the same page in both homes). */
    Reply home() {
        return ok(JSON.createObjectNode().put("home", "local").put("writesNeedKey", true).put("keysConfigured", keys.configured()));
    }

    Reply goals() {
        ArrayNode list = JSON.createArrayNode();
        List<BotState> states = store.bots();
        java.time.Instant now = java.time.Instant.now();
        view.goals().forEach(goal -> {
            ObjectNode node = JSON.valueToTree(goal);
            Map<String, Double> latest = new LinkedHashMap<>();
            for (io.manybot.core.declaration.KeyResult kr : goal.keyResults()) {
                store.measurements(goal.name(), kr.name(), 20).stream().filter(io.manybot.core.measure.MeasuredValue::known)
                        .findFirst().ifPresent(m -> latest.put(kr.name(), m.value()));
            }
            node.set("evaluation", JSON.valueToTree(EVALUATOR.evaluate(goal, latest, now)));
            ArrayNode bots = node.putArray("bots");
            for (BotState state : states) {
                if (goal.name().equals(state.goal())) {
                    bots.addObject().put("name", state.name()).put("progress", state.progress()).put("atRisk", state.atRisk());
                }
            }
            list.add(node);
        });
        return ok(list);
    }

    private static final io.manybot.core.goal.GoalEvaluator EVALUATOR = new io.manybot.core.goal.GoalEvaluator();

    /**
     * {@code GET /goals/{name}/history}: each key result's measurements, oldest first (at most
     * {@code limit} each, the newest), for the dashboard's burn-up charts.
     */
    Reply goalHistory(String name, int limit) {
        Optional<io.manybot.core.declaration.Goal> goal = view.goals().stream().filter(g -> g.name().equals(name)).findFirst();
        if (goal.isEmpty()) {
            return error(404, "no goal named '" + name + "'");
        }
        ObjectNode node = JSON.createObjectNode().put("goal", name);
        ObjectNode keyResults = node.putObject("keyResults");
        for (io.manybot.core.declaration.KeyResult kr : goal.get().keyResults()) {
            List<io.manybot.core.measure.MeasuredValue> values = new ArrayList<>(store.measurements(name, kr.name(), Math.max(1, Math.min(limit, 10_000))));
            java.util.Collections.reverse(values);
            ArrayNode points = keyResults.putArray(kr.name());
            for (io.manybot.core.measure.MeasuredValue m : values) {
                ObjectNode p = points.addObject().put("at", m.measuredAt() == null ? null : m.measuredAt().toString());
                if (m.known()) {
                    p.put("value", m.value());
                } else {
                    p.put("failure", m.failure());
                }
                p.put("commit", m.commit());
            }
        }
        return ok(node);
    }

    Reply subscriptions() {
        ArrayNode list = JSON.createArrayNode();
        view.subscriptions().forEach(subscription -> list.add(subscriptionJson(subscription, true)));
        java.util.Set<String> declared = new java.util.HashSet<>();
        view.subscriptions().forEach(subscription -> declared.add(subscription.name()));
        store.subscriptions().stream().filter(subscription -> !declared.contains(subscription.name()))
                .forEach(subscription -> list.add(subscriptionJson(subscription, false)));
        return ok(list);
    }

    Reply subscription(String name) {
        Optional<Subscription> declared = view.subscriptions().stream().filter(s -> s.name().equals(name)).findFirst();
        if (declared.isPresent()) {
            return ok(subscriptionJson(declared.get(), true));
        }
        return store.subscription(name).map(s -> ok(subscriptionJson(s, false)))
                .orElseGet(() -> error(404, "no subscription named '" + name + "'"));
    }

    private ObjectNode subscriptionJson(Subscription subscription, boolean declared) {
        ObjectNode node = JSON.valueToTree(subscription);
        node.put("source", declared ? "declared" : "runtime");
        if (declared) {
            view.subscriptionFile(subscription.name()).ifPresent(file -> node.put("file", file));
        }
        return node;
    }

    /** The declared and the runtime subscriptions, as webhooks are routed with them. */
    List<Subscription> allSubscriptions() {
        return RuntimeSubscriptions.merge(view.subscriptions(), store.subscriptions());
    }

    /** A bot's last {@code tail} events, oldest first (as {@code manybot logs} shows them). */
    Reply events(String bot, int tail) {
        List<Event> list = store.events(bot, Math.max(1, Math.min(tail, 10_000)));
        if (list.isEmpty() && store.bot(bot).isEmpty() && view.bot(bot).isEmpty()) {
            return error(404, "no bot named '" + bot + "'");
        }
        ArrayNode array = JSON.createArrayNode();
        for (Event event : list) {
            try {
                array.add(JSON.readTree(eventJson(event)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return ok(array);
    }

    Reply owners(String path, String as) {
        if (path == null || path.isBlank()) {
            return error(400, "the path query parameter is required: /api/v1/owners?path=src/a.py");
        }
        OwnershipIndex index = view.ownership();
        if (index == null) {
            return error(503, "the declarations have not been read yet");
        }
        try {
            return ok(JSON.valueToTree(PathOwners.of(index, path, as)));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    /** {@code GET /owners/tree}: every directory with who governs it (at most {@code limit}). */
    Reply ownersTree(int limit) {
        OwnershipIndex index = view.ownership();
        if (index == null) {
            return error(503, "the declarations have not been read yet");
        }
        return ok(JSON.valueToTree(io.manybot.core.ownership.OwnershipTree.of(index, Math.max(1, Math.min(limit, 100_000)))));
    }

    // ---- writes ----

    /** Trigger, pause or resume a bot: a control request, as the CLI makes it (202). */
    Reply control(String presentedKey, String bot, ControlAction action) {
        String what = action.name().toLowerCase(Locale.ROOT) + " " + bot;
        Reply refused = authorize(presentedKey, true, what);
        if (refused != null) {
            return refused;
        }
        String who = keyId(presentedKey);
        if (store.bot(bot).isEmpty()) {
            audit.record("api", who, what, "404 no such bot", Map.of());
            return error(404, "no bot named '" + bot + "'");
        }
        try {
            store.requestControl(bot, action, action == ControlAction.TRIGGER ? "api trigger by " + who : null);
        } catch (IllegalArgumentException e) {
            audit.record("api", who, what, "404 " + e.getMessage(), Map.of());
            return error(404, e.getMessage());
        }
        audit.record("api", who, what, "202 requested", Map.of());
        ObjectNode node = JSON.createObjectNode().put("bot", bot).put("action", action.name().toLowerCase(Locale.ROOT))
                .put("status", "requested");
        return new Reply(202, text(node));
    }

    // ---- runtime subscriptions ----

    /** {@code POST /api/v1/subscriptions}: a new runtime subscription (201), checked as a declared one is (400 with field paths). */
    Reply createSubscription(String presentedKey, byte[] body) {
        Reply refused = authorize(presentedKey, true, "create subscription");
        if (refused != null) {
            return refused;
        }
        String who = keyId(presentedKey);
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return error(400, "the body is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        java.util.Set<String> bots = new java.util.TreeSet<>();
        view.bots().forEach(bot -> bots.add(bot.name()));
        store.bots().forEach(bot -> bots.add(bot.name()));
        RuntimeSubscriptions.Checked checked = RuntimeSubscriptions.check(node, bots);
        if (!checked.ok()) {
            ObjectNode reply = JSON.createObjectNode().put("status", 400).put("error", "invalid subscription");
            ArrayNode problems = reply.putArray("problems");
            checked.problems().forEach(p -> problems.addObject().put("severity", p.severity().name().toLowerCase(Locale.ROOT))
                    .put("field", p.field()).put("message", p.message()));
            audit.record("api", who, "create subscription", "400 invalid", Map.of());
            return new Reply(400, text(reply));
        }
        Subscription subscription = checked.subscription();
        Reply declared = declared(subscription.name(), who, "create subscription " + subscription.name());
        if (declared != null) {
            return declared;
        }
        if (!store.addSubscription(subscription)) {
            audit.record("api", who, "create subscription " + subscription.name(), "409 exists", Map.of());
            return error(409, "a subscription named '" + subscription.name() + "' exists already");
        }
        audit.record("api", who, "create subscription " + subscription.name(), "201 created", Map.of());
        return new Reply(201, text(subscriptionJson(subscription, false)));
    }

    /** Pause (suspend) or resume a runtime subscription. */
    Reply suspendSubscription(String presentedKey, String name, boolean suspend) {
        String what = (suspend ? "pause" : "resume") + " subscription " + name;
        Reply refused = authorize(presentedKey, true, what);
        if (refused != null) {
            return refused;
        }
        String who = keyId(presentedKey);
        Reply declared = declared(name, who, what);
        if (declared != null) {
            return declared;
        }
        if (!store.suspendSubscription(name, suspend)) {
            audit.record("api", who, what, "404 no such subscription", Map.of());
            return error(404, "no subscription named '" + name + "'");
        }
        audit.record("api", who, what, "200 done", Map.of());
        return ok(subscriptionJson(store.subscription(name).orElseThrow(), false));
    }

    /** Delete a runtime subscription. */
    Reply deleteSubscription(String presentedKey, String name) {
        String what = "delete subscription " + name;
        Reply refused = authorize(presentedKey, true, what);
        if (refused != null) {
            return refused;
        }
        String who = keyId(presentedKey);
        Reply declared = declared(name, who, what);
        if (declared != null) {
            return declared;
        }
        if (!store.deleteSubscription(name)) {
            audit.record("api", who, what, "404 no such subscription", Map.of());
            return error(404, "no subscription named '" + name + "'");
        }
        audit.record("api", who, what, "200 deleted", Map.of());
        return ok(JSON.createObjectNode().put("name", name).put("status", "deleted"));
    }

    /** The 409 for a subscription declared in git (read-only here), or null. */
    private Reply declared(String name, String who, String what) {
        if (view.subscriptions().stream().noneMatch(s -> s.name().equals(name))) {
            return null;
        }
        String file = view.subscriptionFile(name).orElse(".manybot/");
        audit.record("api", who, what, "409 declared in " + file, Map.of());
        return error(409, "subscription '" + name + "' is declared in " + file + "; change it in git");
    }

    /** A webhook delivery: verified, parsed, deduplicated by the intake, then routed. */
    Reply webhook(String expectedProvider, Map<String, String> headers, byte[] body) {
        registerBotSecrets();
        WebhookIntake.Result result = intake.accept(Provider.of(expectedProvider), headers, body);
        ObjectNode node = JSON.createObjectNode();
        node.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
        node.put("message", result.message());
        Map<String, Object> details = new LinkedHashMap<>();
        String actor = "webhook";
        if (result instanceof WebhookIntake.Accepted accepted) {
            RepositoryEvent event = accepted.event();
            actor = "webhook " + event.provider().displayName() + (event.sender() == null ? "" : " " + event.sender());
            details.put("event", event.kind().name().toLowerCase(Locale.ROOT));
            details.put("delivery", event.deliveryId());
            if (!event.refusedPaths().isEmpty()) {
                // Refused paths are not routed; they are kept in the answer and the audit entry.
                ArrayNode refused = node.putArray("refusedPaths");
                event.refusedPaths().forEach(path -> refused.add(path.describe()));
                details.put("refusedPaths", String.join("; ", event.refusedPaths().stream().map(RepositoryEvent.RefusedPath::describe).toList()));
            }
            if (event instanceof RepositoryEvent.Push push) {
                view.pushed(push.repository()); // the mirror is fetched before the bots below are triggered
            }
            if (event instanceof RepositoryEvent.PullRequest pr) {
                proposal(pr, node, details);
            }
            if (event instanceof RepositoryEvent.Comment comment && !ChatCommands.parse(comment.body()).isEmpty()) {
                node.set("commands", chat(comment, details));
            } else {
                node.set("activations", route(event, details));
            }
        }
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        metrics.webhook(outcome);
        audit.record("webhook", actor, "delivery", result.status() + " " + result.message(), details);
        return new Reply(result.status(), text(node));
    }

    /** A pull request event about a proposal branch updates the proposal (merged, closed, changes requested). */
    private void proposal(RepositoryEvent.PullRequest pr, ObjectNode node, Map<String, Object> details) {
        io.manybot.core.review.ProposalEvents.apply(pr, new io.manybot.local.state.StoredProposals(store), java.time.Instant.now())
                .ifPresent(applied -> {
                    String message = audit.redact(applied.event());
                    store.event(applied.after().bot(), applied.after().cycleId(), "info", message);
                    node.set("proposal", proposalJson(applied.after()));
                    details.put("proposal", message);
                });
    }

    private ArrayNode route(RepositoryEvent event, Map<String, Object> details) {
        ArrayNode list = JSON.createArrayNode();
        List<Activation> activations = router.route(event, view.bots(), allSubscriptions(), view.ownership());
        List<String> triggered = new ArrayList<>();
        for (Activation activation : activations) {
            String reason = audit.redact(activation.reason());
            ObjectNode a = list.addObject().put("bot", activation.bot()).put("kind", activation.kind().name().toLowerCase(Locale.ROOT))
                    .put("reason", reason);
            try {
                store.requestControl(activation.bot(), ControlAction.TRIGGER, reason);
                a.put("status", "requested");
                triggered.add(activation.bot());
            } catch (IllegalArgumentException e) {
                a.put("status", "not known to the controller yet");
            }
        }
        details.put("triggered", String.join(",", triggered));
        return list;
    }

    private ArrayNode chat(RepositoryEvent.Comment comment, Map<String, Object> details) {
        List<Bot> bots = view.bots().stream().filter(bot -> router.worksOn(bot, comment.repository())).toList();
        ArrayNode list = JSON.createArrayNode();
        List<String> done = new ArrayList<>();
        for (ChatCommands.Decision decision : ChatCommands.decide(comment, bots, view.ownership())) {
            ChatCommand command = decision.command();
            String verb = command.verb().name().toLowerCase(Locale.ROOT);
            ObjectNode d = list.addObject().put("command", verb).put("bot", decision.bot()).put("allowed", decision.allowed())
                    .put("reason", decision.reason());
            if (!decision.allowed()) {
                done.add(verb + " " + decision.bot() + " refused");
                continue;
            }
            switch (command.verb()) {
                case STATUS -> store.bot(decision.bot()).ifPresent(state -> d.set("status", botJson(state.name(), state, true)));
                case TRIGGER, PAUSE, RESUME -> {
                    ControlAction action = ControlAction.valueOf(command.verb().name());
                    try {
                        store.requestControl(decision.bot(), action, action == ControlAction.TRIGGER
                                ? audit.redact("comment by " + comment.author()) : null);
                        d.put("status", "requested");
                    } catch (IllegalArgumentException e) {
                        d.put("status", "not known to the controller yet");
                    }
                }
            }
            done.add(verb + " " + decision.bot() + " by " + comment.author());
        }
        details.put("commands", String.join("; ", done));
        return list;
    }

    // ---- events, audit and metrics of cycles ----

    private void observe(Event event) {
        if (event.cycleId() == null || !event.message().startsWith("phase ")) {
            return;
        }
        String phase = event.message().substring("phase ".length());
        if (phase.equals("SENSE")) {
            metrics.activation(event.bot(), event.at());
            audit.record("cycle", event.bot(), "cycle " + event.cycleId() + " start", "started", Map.of());
        } else if (phase.startsWith("DONE")) {
            safeCycle(event.cycleId()).ifPresent(cycle -> {
                metrics.cycleDone(cycle);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("trigger", cycle.trigger());
                details.put("error", cycle.error());
                audit.record("cycle", cycle.bot(), "cycle " + cycle.id() + " done",
                        cycle.outcome() == null ? "unknown" : cycle.outcome().name(), details);
            });
        }
    }

    /** An event as the stream sends it (JSON, redacted). */
    String eventJson(Event event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("seq", event.seq());
        node.put("at", event.at() == null ? null : event.at().toString());
        node.put("bot", event.bot());
        node.put("cycleId", event.cycleId());
        node.put("level", event.level());
        node.put("message", event.message());
        if (event.message().startsWith("phase ")) {
            node.put("phase", event.message().substring("phase ".length()).split(" ")[0]);
        }
        return text(node);
    }

    String eventName(Event event) {
        return event.message().startsWith("phase ") ? "phase" : "log";
    }

    // ---- JSON ----

    private Optional<WorkCycle> safeCycle(String id) {
        try {
            return store.cycle(id);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode botJson(String name, BotState state, boolean declared) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        node.put("declared", declared);
        if (state != null) {
            node.put("mode", state.mode());
            node.put("goal", state.goal());
            node.put("paused", state.paused());
            node.put("phase", state.paused() && "Idle".equals(state.phase()) ? "Paused" : state.phase());
            node.put("progress", state.progress());
            node.put("atRisk", state.atRisk());
            node.put("lastCycleId", state.lastCycleId());
            node.put("lastCycleAt", state.lastCycleAt() == null ? null : state.lastCycleAt().toString());
            node.put("nextCycleAt", state.nextCycleAt() == null ? null : state.nextCycleAt().toString());
            node.put("consecutiveFailures", state.consecutiveFailures());
            node.put("circuitOpenUntil", state.circuitOpenUntil() == null ? null : state.circuitOpenUntil().toString());
            node.put("message", state.message());
            node.put("createdAt", state.createdAt() == null ? null : state.createdAt().toString());
        }
        return node;
    }

    private static ObjectNode cycleSummary(WorkCycle cycle) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", cycle.id());
        node.put("bot", cycle.bot());
        node.put("goal", cycle.goal());
        node.put("trigger", cycle.trigger());
        node.put("phase", cycle.phase().name());
        node.put("outcome", cycle.outcome() == null ? null : cycle.outcome().name());
        node.put("startedAt", cycle.startedAt() == null ? null : cycle.startedAt().toString());
        node.put("finishedAt", cycle.finishedAt() == null ? null : cycle.finishedAt().toString());
        node.put("error", cycle.error());
        if (cycle.landing() != null && (cycle.landing().how() != null || cycle.landing().rebasedOver() > 0)) {
            ObjectNode landing = node.putObject("landing");
            landing.put("how", cycle.landing().how());
            landing.put("rebasedOver", cycle.landing().rebasedOver());
            landing.put("retested", cycle.landing().retested());
            cycle.landing().conflicts().forEach(landing.putArray("conflicts")::add);
        }
        if (cycle.landing() != null && cycle.landing().pullRequest() != null) {
            node.set("pullRequest", JSON.valueToTree(cycle.landing().pullRequest()));
        }
        return node;
    }

    /** A proposal branch and its pull request: where it is, why it waits, whom it asks (not its whole body). */
    static ObjectNode proposalJson(io.manybot.core.review.Proposal p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("bot", p.bot()).put("branch", p.branch()).put("cycle", p.cycleId()).put("host", p.host());
        if (p.number() == null) {
            node.putNull("number");
        } else {
            node.put("number", p.number());
        }
        node.put("url", p.url()).put("state", p.state().id()).put("reason", p.reason());
        node.put("createdAt", String.valueOf(p.createdAt())).put("openedAt", p.openedAt() == null ? null : p.openedAt().toString())
                .put("updatedAt", String.valueOf(p.updatedAt()));
        if (p.draft() != null) {
            node.put("title", p.draft().title());
            p.draft().reviewers().forEach(node.putArray("reviewers")::add);
            p.draft().teamReviewers().forEach(node.putArray("teamReviewers")::add);
            p.draft().labels().forEach(node.putArray("labels")::add);
            p.draft().paths().forEach(node.putArray("paths")::add);
        }
        return node;
    }

    /** {@code GET /api/v1/proposals} ({@code bot} null) and {@code /bots/{name}/proposals}: newest first. */
    Reply proposals(String bot) {
        if (bot != null && store.bot(bot).isEmpty() && view.bot(bot).isEmpty()) {
            return error(404, "no bot named '" + bot + "'");
        }
        ArrayNode list = JSON.createArrayNode();
        store.proposals(bot).forEach(p -> list.add(proposalJson(p)));
        return ok(list);
    }

    // ---- meetings ----

    /** {@code GET /api/v1/meetings}: the declared meetings, and the minutes kept (newest first, at most {@code limit}). */
    Reply meetings(int limit) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode declared = node.putArray("meetings");
        java.time.Instant now = java.time.Instant.now();
        for (io.manybot.core.declaration.Meeting meeting : view.meetings()) {
            ObjectNode m = declared.addObject().put("name", meeting.name()).put("topic", meeting.topic()).put("schedule", meeting.schedule())
                    .put("facilitator", meeting.facilitatorBot()).put("suspend", meeting.suspend());
            meeting.attendees().forEach(m.putArray("attendees")::add);
            schedule(m, meeting, store.minutes(meeting.name(), 1).stream().findFirst().orElse(null), now);
        }
        ArrayNode minutes = node.putArray("minutes");
        store.minutes(null, Math.max(1, Math.min(limit, 500))).forEach(m -> minutes.add(JSON.valueToTree(m)));
        return ok(node);
    }

    /**
     * A declared meeting's times: {@code lastHeldAt} and {@code lastMinutes} (its newest minutes' id), {@code nextAt} (its
     * schedule's next time; none while suspended) and {@code dueSince} (a time after the last holding that has passed: a run
     * holds it at its next look, once, however many times were missed).
     */
    private static void schedule(ObjectNode m, io.manybot.core.declaration.Meeting meeting, io.manybot.core.meeting.Minutes last,
            java.time.Instant now) {
        m.put("lastHeldAt", last == null ? null : last.heldAt().toString());
        m.put("lastMinutes", last == null ? null : last.id());
        java.time.Instant next = meeting.suspend() ? null : io.manybot.core.schedule.CronTriggers.following(meeting.schedule(), now);
        m.put("nextAt", next == null ? null : next.toString());
        java.time.Instant due = meeting.suspend() || last == null ? null
                : io.manybot.core.schedule.CronTriggers.following(meeting.schedule(), last.heldAt());
        m.put("dueSince", due != null && !due.isAfter(now) ? due.toString() : null);
    }

    /** {@code GET /api/v1/meetings/minutes/{id}}: one meeting's minutes. */
    Reply minutes(String id) {
        return store.minutesById(id).map(m -> ok(JSON.valueToTree(m))).orElseGet(() -> error(404, "no minutes '" + id + "'"));
    }

    /** {@code POST /api/v1/meetings/{name}}: hold a declared meeting now (202; the running controller holds it within a second). */
    Reply meet(String presentedKey, String name) {
        String what = "meet " + name;
        Reply refused = authorize(presentedKey, true, what);
        if (refused != null) {
            return refused;
        }
        String who = keyId(presentedKey);
        if (view.meetings().stream().noneMatch(m -> m.name().equals(name))) {
            audit.record("api", who, what, "404 no such meeting", Map.of());
            return error(404, "no Meeting named '" + name + "'");
        }
        store.requestMeeting(name);
        audit.record("api", who, what, "202 requested", Map.of());
        return new Reply(202, text(JSON.createObjectNode().put("meeting", name).put("status", "requested")));
    }

    private Reply ok(JsonNode node) {
        return new Reply(200, text(node));
    }

    Reply error(int status, String message) {
        ObjectNode node = JSON.createObjectNode().put("status", status).put("error", message);
        return new Reply(status, text(node));
    }

    /** JSON text, redacted: no registered secret, credential shape or extra rule match leaves the API. */
    String text(JsonNode node) {
        registerBotSecrets();
        return audit.redact(node.toString());
    }

    /** The configured secrets of the bots in force (executor env, model keys) join the API's own: see {@link BotSecrets}. */
    private void registerBotSecrets() {
        Map<String, String> env = System.getenv();
        view.bots().forEach(bot -> BotSecrets.register(bot, env, redactor));
    }

    String scrape() {
        return metrics.scrape();
    }

    @Override
    public void close() {
        events.close();
        store.close();
    }
}
