package io.manybot.core.directives;

import io.manybot.core.declaration.Bot;
import java.util.List;
import java.util.Objects;

/**
 * What the directives file says to one bot. Read from its {@code ## Bot: <name>} section, these
 * are the section's own settings; {@link Directives#forBot(String)} gives the effective ones (a
 * global pause wins, the global focus fills in).
 *
 * @param paused whether the bot starts no new cycle
 * @param focus what the bot should concentrate on, or null
 * @param limits the limits changed for the bot (fields it does not set are null)
 * @param notes the list items and paragraphs of the bot's section, in order
 */
public record BotDirectives(String name, boolean paused, String focus, LimitOverrides limits, List<String> notes) {

    public BotDirectives {
        Objects.requireNonNull(name, "name");
        limits = limits == null ? LimitOverrides.NONE : limits;
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A bot the directives say nothing about: active, no focus, its declared limits. */
    public static BotDirectives none(String name) {
        return new BotDirectives(name, false, null, LimitOverrides.NONE, List.of());
    }

    /** The bot's declared {@code limits} with this section's overrides applied. */
    public Bot.Limits applyTo(Bot.Limits limits) {
        return this.limits.applyTo(limits);
    }
}
