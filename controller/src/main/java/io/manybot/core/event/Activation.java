package io.manybot.core.event;

import java.util.List;

/**
 * A bot to wake because of an event: one per bot and event, the reasons merged.
 *
 * @param bot the bot's name
 * @param kind {@link Kind#TRIGGER} when a subscription matched (the cycle is triggered, and reviews
 *     what it owns anyway), else {@link Kind#REVIEW} (someone else changed paths the bot owns)
 * @param reason why, for status and logs (paths and names masked, see {@link LogText})
 * @param subscriptions the names of the matching subscriptions, empty for a review
 * @param event the event's one-line summary
 */
public record Activation(String bot, Kind kind, String reason, List<String> subscriptions, String event) {

    public enum Kind { TRIGGER, REVIEW }

    public Activation {
        subscriptions = List.copyOf(subscriptions);
    }
}
