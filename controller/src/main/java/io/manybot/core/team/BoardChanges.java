package io.manybot.core.team;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The changes made to a copy of a team's board, kept to be made again on the board as it is stored — which others may have
 * changed meanwhile: a home that keeps the board in one shared record (the cluster home's ConfigMap) reads it, restores a
 * copy that records into this journal, runs a bot's team part on the copy, then replays the changes on the stored board
 * as it reads it again (retrying on a conflict). Which bots got queued tasks or handoffs is kept too, to wake them.
 * Thread-safe.
 */
public final class BoardChanges implements TeamJournal {
    private final List<Consumer<TeamBoard>> changes = new ArrayList<>();
    private final Set<String> woken = new LinkedHashSet<>();

    @Override
    public synchronized void queued(String bot, TeamTask task) {
        changes.add(board -> board.enqueue(bot, task));
        woken.add(bot);
    }

    @Override
    public synchronized void taken(String bot, List<TeamTask> tasks) {
        List<TeamTask> copy = List.copyOf(tasks);
        changes.add(board -> board.taken(bot, copy));
    }

    @Override
    public synchronized void settled(String bot, String taskId) {
        changes.add(board -> board.settle(bot, taskId));
    }

    @Override
    public synchronized void delivered(Handoff handoff) {
        changes.add(board -> board.deliver(handoff));
        woken.add(handoff.to());
    }

    @Override
    public synchronized void drained(String bot, List<Handoff> read) {
        List<Handoff> copy = List.copyOf(read);
        changes.add(board -> board.read(bot, copy));
    }

    @Override
    public synchronized void rewritten(Scratchpad pad) {
        changes.add(board -> board.rewrite(pad));
    }

    @Override
    public synchronized void fed(String key) {
        changes.add(board -> board.firstFeed(key));
    }

    /** Whether nothing changed since the last {@link #take}. */
    public synchronized boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The changes so far, to replay on another board in order (and forgets them). */
    public synchronized List<Consumer<TeamBoard>> take() {
        List<Consumer<TeamBoard>> out = List.copyOf(changes);
        changes.clear();
        return out;
    }

    /** The bots that got a task in their queue or a handoff in their inbox since the last call (and forgets them). */
    public synchronized Set<String> woken() {
        Set<String> out = Set.copyOf(woken);
        woken.clear();
        return out;
    }
}
