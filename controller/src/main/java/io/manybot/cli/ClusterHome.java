package io.manybot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.ControlAction;
import io.manybot.local.state.Event;
import io.manybot.local.state.StateJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One namespace of the cluster home's API (the operator's Service): paths under
 * {@code /api/v1/namespaces/NS}, answers turned into the local API's shapes by {@link ClusterShapes}.
 * A bot's events are made of its WorkCycles; subscriptions are Kubernetes resources, changed with kubectl.
 */
final class ClusterHome implements RemoteHome {
    private final ApiClient client;
    private final String namespace;
    private final String base;

    ClusterHome(ApiClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.base = "/namespaces/" + ApiClient.segment(namespace);
    }

    @Override
    public ApiClient client() {
        return client;
    }

    @Override
    public String where() {
        return "in namespace " + namespace + " at " + client.server();
    }

    @Override
    public JsonNode bots() throws ApiClient.ApiException {
        ArrayNode bots = StateJson.MAPPER.createArrayNode();
        for (JsonNode bot : list("/bots").path("bots")) {
            bots.add(ClusterShapes.bot(bot));
        }
        return bots;
    }

    /** The bot's team as the operator reads it from the namespace's Manybots and team board (the local API's shape). */
    @Override
    public io.manybot.core.team.TeamStatus team(String bot) throws ApiClient.ApiException {
        JsonNode node = client.get(bot(bot, "/team"), noBot(bot));
        try {
            return StateJson.MAPPER.treeToValue(node, io.manybot.core.team.TeamStatus.class);
        } catch (java.io.IOException e) {
            throw new ApiClient.ApiException(200, "the operator's team of " + bot + " could not be read: " + e.getMessage(), ExitCodes.FAILURE);
        }
    }

    @Override
    public JsonNode bot(String name) throws ApiClient.ApiException {
        return ClusterShapes.bot(client.get(bot(name, ""), noBot(name)));
    }

    @Override
    public void control(String bot, ControlAction action) throws ApiClient.ApiException {
        client.post(bot(bot, "/" + action.name().toLowerCase(Locale.ROOT)), null, noBot(bot));
    }

    @Override
    public List<Event> events(String bot, int tail) throws ApiClient.ApiException {
        List<Event> events = ClusterShapes.events(client.get(bot(bot, "/cycles"), noBot(bot)));
        return events.subList(Math.max(0, events.size() - tail), events.size());
    }

    @Override
    public WorkCycle cycle(String id) throws ApiClient.ApiException {
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode bot : bots()) {
            JsonNode cycles = client.get(bot(bot.path("name").asText(), "/cycles"), null);
            for (JsonNode cycle : cycles.path("cycles")) {
                String cycleId = cycle.path("id").asText();
                if (cycleId.equals(id) || cycle.path("name").asText().equals(id)) {
                    return ClusterShapes.cycle(cycles.path("bot").asText(), cycle);
                }
                if (cycleId.startsWith(id)) {
                    matches.add(StateJson.MAPPER.createObjectNode().put("bot", cycles.path("bot").asText()).set("cycle", cycle));
                }
            }
        }
        if (matches.size() == 1) {
            return ClusterShapes.cycle(matches.get(0).path("bot").asText(), matches.get(0).path("cycle"));
        }
        if (matches.isEmpty()) {
            throw new ApiClient.ApiException(404, "no cycle '" + id + "' " + where() + " (`manybot logs BOT --server " + client.server()
                    + " -n " + namespace + "` shows a bot's cycles)", ExitCodes.INVALID);
        }
        List<String> ids = matches.stream().map(m -> m.path("cycle").path("id").asText()).toList();
        throw new ApiClient.ApiException(0, "cycle prefix '" + id + "' is ambiguous " + where() + ": " + String.join(", ", ids),
                ExitCodes.INVALID);
    }

    @Override
    public JsonNode subscriptions() throws ApiClient.ApiException {
        ArrayNode list = StateJson.MAPPER.createArrayNode();
        for (JsonNode s : list("/subscriptions").path("subscriptions")) {
            list.add(ClusterShapes.subscription(s));
        }
        return list;
    }

    @Override
    public JsonNode subscription(String name) throws ApiClient.ApiException {
        for (JsonNode s : subscriptions()) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new ApiClient.ApiException(404, "no subscription " + name + " " + where(), ExitCodes.INVALID);
    }

    @Override
    public String subscriptionWritesRefused(String command) {
        return "the cluster home's subscriptions are Kubernetes resources (Subscription, mbsub): `" + command
                + "` does not change them; use `kubectl apply -f SUBSCRIPTION.yaml -n " + namespace + "`, "
                + "`kubectl delete mbsub NAME -n " + namespace + "`, or set spec.suspend to pause one";
    }

    /** A namespace's list; its 404 says that the operator does not watch the namespace, or that the server is no operator. */
    private JsonNode list(String what) throws ApiClient.ApiException {
        try {
            return client.get(base + what, null);
        } catch (ApiClient.ApiException e) {
            if (e.status != 404) {
                throw e;
            }
            String why = e.getMessage().startsWith("namespace ") ? e.getMessage() + " at " + client.server()
                    : "the server at " + client.server() + " has no /api/v1" + base + what + "; is it the operator's API? "
                            + "(a local home, `manybot run --http`, is used without --namespace)";
            throw new ApiClient.ApiException(404, why, ExitCodes.INVALID);
        }
    }

    private String bot(String name, String rest) {
        return base + "/bots/" + ApiClient.segment(name) + rest;
    }

    private String noBot(String name) {
        return "no bot " + name + " " + where() + " (`manybot list --server " + client.server() + " -n " + namespace + "` lists them)";
    }

    @Override
    public void meet(String name) throws ApiClient.ApiException {
        client.post(base + "/meetings/" + ApiClient.segment(name) + "/hold", null, "no Meeting " + name + " " + where());
    }

    @Override
    public JsonNode meetings() throws ApiClient.ApiException {
        return list("/meetings");
    }
}
