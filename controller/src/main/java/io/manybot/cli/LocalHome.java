package io.manybot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.ControlAction;
import io.manybot.local.state.Event;
import io.manybot.local.state.StateJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The local home's API ({@code manybot run --http}): paths under {@code /api/v1}, its shapes as they are. */
final class LocalHome implements RemoteHome {
    private final ApiClient client;

    LocalHome(ApiClient client) {
        this.client = client;
    }

    @Override
    public ApiClient client() {
        return client;
    }

    @Override
    public String where() {
        return "at " + client.server();
    }

    @Override
    public JsonNode bots() throws ApiClient.ApiException {
        return client.get("/bots", "the server at " + client.server() + " has no /api/v1/bots; "
                + "if this is the operator's API (the cluster home), pass --namespace NS");
    }

    @Override
    public JsonNode bot(String name) throws ApiClient.ApiException {
        return client.get("/bots/" + ApiClient.segment(name), "no bot " + name + " " + where());
    }

    @Override
    public void control(String bot, ControlAction action) throws ApiClient.ApiException {
        client.post("/bots/" + ApiClient.segment(bot) + "/" + action.name().toLowerCase(Locale.ROOT), null, "no bot " + bot + " " + where());
    }

    @Override
    public List<Event> events(String bot, int tail) throws ApiClient.ApiException {
        List<Event> events = new ArrayList<>();
        for (JsonNode e : client.get("/bots/" + ApiClient.segment(bot) + "/events?tail=" + tail, "no bot " + bot + " " + where())) {
            events.add(new Event(e.path("seq").asLong(), Instant.parse(e.path("at").asText()), e.path("bot").asText(null),
                    e.hasNonNull("cycleId") ? e.get("cycleId").asText() : null, e.path("level").asText("info"), e.path("message").asText("")));
        }
        return events;
    }

    @Override
    public WorkCycle cycle(String id) throws ApiClient.ApiException {
        JsonNode node = client.get("/cycles/" + ApiClient.segment(id),
                "no cycle '" + id + "' " + where() + " (`manybot status --server " + client.server() + "` shows the last ones)");
        try {
            return StateJson.MAPPER.treeToValue(node, WorkCycle.class);
        } catch (IOException e) {
            throw new ApiClient.ApiException(200, "the server's cycle " + id + " could not be read: " + e.getMessage(), ExitCodes.FAILURE);
        }
    }

    @Override
    public JsonNode subscriptions() throws ApiClient.ApiException {
        return client.get("/subscriptions", "the server at " + client.server() + " has no /api/v1/subscriptions; "
                + "if this is the operator's API (the cluster home), pass --namespace NS");
    }

    @Override
    public JsonNode subscription(String name) throws ApiClient.ApiException {
        return client.get("/subscriptions/" + ApiClient.segment(name), "no subscription " + name + " " + where());
    }

    @Override
    public io.manybot.core.team.TeamStatus team(String bot) throws ApiClient.ApiException {
        JsonNode node = client.get("/bots/" + ApiClient.segment(bot) + "/team", "no bot " + bot + " " + where());
        try {
            return StateJson.MAPPER.treeToValue(node, io.manybot.core.team.TeamStatus.class);
        } catch (IOException e) {
            throw new ApiClient.ApiException(200, "the server's team of " + bot + " could not be read: " + e.getMessage(), ExitCodes.FAILURE);
        }
    }

    @Override
    public String subscriptionWritesRefused(String command) {
        return null;
    }

    @Override
    public void meet(String name) throws ApiClient.ApiException {
        client.post("/meetings/" + ApiClient.segment(name), null, "no Meeting " + name + " is declared " + where());
    }

    @Override
    public JsonNode meetings() throws ApiClient.ApiException {
        return client.get("/meetings?limit=100", "the server at " + client.server() + " has no /api/v1/meetings");
    }
}
