package io.manybot.core.directives;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The live directives file ({@code MARATHON.md}) as read: its {@code _meta} block, inline
 * {@code <!-- KEY: value -->} directives, its sections and its per-bot sections. Built by
 * {@link DirectivesParser}; immutable.
 *
 * @param meta the {@code _meta} block; without one the file counts as active with a null version
 * @param contentHash the hex SHA-256 of the file's bytes
 * @param focus the global focus ({@code <!-- CURRENT FOCUS: … -->}), or null
 * @param priorities inline {@code PRIORITY} values and the items of {@code ## Priority queue}, in file order
 * @param blockers inline {@code BLOCKED} values (except "none") and the items of {@code ## Blockers}, in file order
 * @param notes the items and paragraphs of {@code ## Notes}
 * @param inline every inline directive outside bot sections, by upper-case key, values in file order
 * @param bots the bot sections by bot name, in file order (each with only its own settings)
 */
public record Directives(
        DirectivesMeta meta,
        String contentHash,
        String focus,
        List<String> priorities,
        List<String> blockers,
        List<String> notes,
        Map<String, List<String>> inline,
        Map<String, BotDirectives> bots) {

    static final int PLANNING_ITEMS = 8;
    static final int PLANNING_ITEM_CHARS = 300;
    static final int PLANNING_CHARS = 2_000;

    public Directives {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(contentHash, "contentHash");
        priorities = List.copyOf(priorities);
        blockers = List.copyOf(blockers);
        notes = List.copyOf(notes);
        Map<String, List<String>> inlineCopy = new LinkedHashMap<>();
        inline.forEach((key, values) -> inlineCopy.put(key, List.copyOf(values)));
        inline = Collections.unmodifiableMap(inlineCopy);
        bots = Collections.unmodifiableMap(new LinkedHashMap<>(bots));
    }

    /** The {@code _meta} version, or null when the file has no {@code _meta} block. */
    public String version() {
        return meta.version();
    }

    /** Whether {@code _meta} pauses every bot. */
    public boolean paused() {
        return meta.status() == DirectivesMeta.Status.PAUSED;
    }

    /**
     * The effective directives of bot {@code name}: paused when everything is paused or its section
     * pauses it; its section's focus, else the global focus; its section's limit overrides and notes.
     */
    public BotDirectives forBot(String name) {
        BotDirectives own = bots.getOrDefault(name, BotDirectives.none(name));
        return new BotDirectives(name, paused() || own.paused(), own.focus() != null ? own.focus() : focus, own.limits(), own.notes());
    }

    /**
     * What a planner of bot {@code bot} should read from the directives, kept short: the effective
     * focus, the priorities, the blockers and the notes of the bot's section (at most
     * {@value #PLANNING_ITEMS} items each, about {@value #PLANNING_CHARS} characters in all). Empty when
     * the directives say nothing of the kind.
     */
    public String planningNotes(String bot) {
        BotDirectives effective = forBot(bot);
        List<String> parts = new ArrayList<>();
        if (effective.focus() != null) {
            parts.add("Focus: " + clip(effective.focus()));
        }
        list(parts, "Priorities (highest first):", priorities, true);
        list(parts, "Blockers (do not work around them):", blockers, false);
        list(parts, "Notes for " + bot + ":", effective.notes(), false);
        String text = String.join("\n", parts);
        return text.length() <= PLANNING_CHARS ? text : text.substring(0, PLANNING_CHARS - 1) + "…";
    }

    private static void list(List<String> parts, String title, List<String> items, boolean numbered) {
        if (items.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder(title);
        for (int i = 0; i < Math.min(items.size(), PLANNING_ITEMS); i++) {
            out.append('\n').append(numbered ? (i + 1) + ". " : "- ").append(clip(items.get(i)));
        }
        if (items.size() > PLANNING_ITEMS) {
            out.append("\n(and ").append(items.size() - PLANNING_ITEMS).append(" more)");
        }
        parts.add(out.toString());
    }

    private static String clip(String text) {
        return text.length() <= PLANNING_ITEM_CHARS ? text : text.substring(0, PLANNING_ITEM_CHARS - 1) + "…";
    }
}
