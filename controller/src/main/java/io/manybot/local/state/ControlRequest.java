package io.manybot.local.state;

import java.time.Instant;

/**
 * A pending request for the running controller ({@link StateStore#takeControlRequests()}).
 *
 * @param reason why a trigger was asked for (a webhook's activation), or null for a manual request
 */
public record ControlRequest(long id, String bot, ControlAction action, Instant requestedAt, String reason) {

    public ControlRequest(long id, String bot, ControlAction action, Instant requestedAt) {
        this(id, bot, action, requestedAt, null);
    }
}
