package io.manybot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.ControlAction;
import io.manybot.local.state.Event;
import java.util.List;

/**
 * A running home behind {@code --server}, as the commands use it: the local home's API ({@link LocalHome})
 * or the cluster home's, one namespace of it ({@link ClusterHome}). Both answer in the local API's shapes,
 * so the commands print them one way.
 */
interface RemoteHome {

    /** "at URL" or "in namespace NS at URL", for messages. */
    String where();

    /** The bots, a JSON array in the shape of the local API's {@code GET /bots}. */
    JsonNode bots() throws ApiClient.ApiException;

    /** One bot, in the same shape; a 404 ApiException when there is none. */
    JsonNode bot(String name) throws ApiClient.ApiException;

    /** Requests a trigger, pause or resume of {@code bot}. */
    void control(String bot, ControlAction action) throws ApiClient.ApiException;

    /** The bot's last {@code tail} events, oldest first. */
    List<Event> events(String bot, int tail) throws ApiClient.ApiException;

    /** The cycle with this id (or the only one it is a prefix of). */
    WorkCycle cycle(String id) throws ApiClient.ApiException;

    /** The subscriptions, a JSON array in the shape of the local API's {@code GET /subscriptions}. */
    JsonNode subscriptions() throws ApiClient.ApiException;

    JsonNode subscription(String name) throws ApiClient.ApiException;

    /** Why subscriptions cannot be created, paused, resumed or deleted here, or null when they can (through {@link #client()}). */
    String subscriptionWritesRefused(String command);

    ApiClient client();

    /** The bot's place in its team (queue, unread handoffs, scratchpad), or null when this home's API does not say it. */
    default io.manybot.core.team.TeamStatus team(String bot) throws ApiClient.ApiException {
        return null;
    }

    /** Asks the home to hold meeting {@code name} now (a 404 ApiException when there is no such meeting). */
    void meet(String name) throws ApiClient.ApiException;

    /**
     * The meetings: the local API's {@code GET /meetings} ({@code meetings} declared, {@code minutes} newest first), or the
     * cluster's {@code GET .../meetings} ({@code meetings}: each Meeting's name, spec and status with its last minutes).
     */
    JsonNode meetings() throws ApiClient.ApiException;
}
