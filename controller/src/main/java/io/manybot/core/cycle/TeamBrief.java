package io.manybot.core.cycle;

import java.util.List;

/**
 * What a bot's team brings to its plan (see {@code io.manybot.core.team}): the handoffs its children sent up since its last
 * plan, one line each; the tasks queued for it (by its parent, the directives, webhooks), highest priority first; its
 * scratchpad; its children.
 *
 * @param handoffs each handoff as one line ("child-a: task … landed 1 file …")
 * @param scratchpad the bot's scratchpad (rewritten every cycle), or empty
 */
public record TeamBrief(List<String> handoffs, List<Task> queued, String scratchpad, List<String> children) {
    public static final TeamBrief NONE = new TeamBrief(List.of(), List.of(), "", List.of());

    public TeamBrief {
        handoffs = List.copyOf(handoffs);
        queued = List.copyOf(queued);
        scratchpad = scratchpad == null ? "" : scratchpad;
        children = List.copyOf(children);
    }

    public boolean isEmpty() {
        return handoffs.isEmpty() && queued.isEmpty() && scratchpad.isEmpty() && children.isEmpty();
    }
}
