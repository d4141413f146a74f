package io.manybot.core.directives;

import io.manybot.core.problem.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The directives in effect, under the "last good" rule: each version of the file offered is parsed;
 * a good one replaces the directives in effect, a broken one keeps them and is reported; content
 * already offered (the same hash) changes nothing.
 *
 * <p>Thread-safe. Offers are handled one at a time, and listeners are called in order on the
 * offering thread after each change (an applied or a rejected version), with the new state already
 * visible through {@link #current()} and {@link #lastErrors()}. Readers never wait for an offer.
 */
public final class LiveDirectives {

    /** What an offer did. */
    public enum Outcome {
        /** The content was good: its directives are in effect now. */
        APPLIED,
        /** The content is the one offered last (same hash): nothing changed. */
        UNCHANGED,
        /** The content has errors: the previous directives (if any) stay in effect. */
        REJECTED
    }

    /**
     * The result of one offer.
     *
     * @param file the file offered, as named in problems
     * @param offeredHash the hex SHA-256 of the content offered
     * @param current the directives in effect after the offer (the kept ones after a rejection)
     * @param problems the problems of the content offered: warnings when applied, errors (and
     *     warnings) when rejected; for UNCHANGED those of the last offer of the same content
     * @param at when the offer was made
     */
    public record Update(
            Outcome outcome, String file, String offeredHash, Optional<AppliedDirectives> current, List<Problem> problems, Instant at) {

        public Update {
            problems = List.copyOf(problems);
        }

        /** The {@code _meta} version in effect after this update, or null (none applied, or unversioned). */
        public String version() {
            return current.map(applied -> applied.directives().version()).orElse(null);
        }

        /** The content hash of the directives in effect after this update, or null when none were ever applied. */
        public String appliedHash() {
            return current.map(applied -> applied.directives().contentHash()).orElse(null);
        }

        /** One line for a log or an event: the outcome, the version and hash in effect, the first error. */
        public String describe() {
            String effect = current.isEmpty() ? "no directives in effect"
                    : "version " + (version() == null ? "(none)" : version()) + ", hash " + appliedHash().substring(0, 12);
            return switch (outcome) {
                case APPLIED -> file + " applied: " + effect;
                case UNCHANGED -> file + " unchanged: " + effect;
                case REJECTED -> file + " rejected (" + problems.stream().filter(Problem::isError).findFirst()
                        .map(Problem::toString).orElse("errors") + "); kept " + effect;
            };
        }
    }

    private record State(String lastOfferedHash, List<Problem> lastOfferProblems, AppliedDirectives current, List<Problem> lastErrors) {
        static final State EMPTY = new State(null, List.of(), null, List.of());
    }

    private final Object offers = new Object();
    private final List<Consumer<Update>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = State.EMPTY;

    /**
     * Parses {@code content} (the bytes of {@code file}) and applies it when it has no error.
     * Listeners are called unless the outcome is {@link Outcome#UNCHANGED}; an exception from a
     * listener is rethrown after every listener has been called (the update stands).
     */
    public Update offer(String file, byte[] content, Instant now) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(now, "now");
        synchronized (offers) {
            State before = state;
            String hash = DirectivesParser.hash(content);
            if (hash.equals(before.lastOfferedHash())) {
                return new Update(Outcome.UNCHANGED, file, hash, Optional.ofNullable(before.current()), before.lastOfferProblems(), now);
            }
            DirectivesRead read = DirectivesParser.parse(file, content);
            Update update;
            if (read.directives().isPresent()) {
                AppliedDirectives applied = new AppliedDirectives(read.directives().get(), now);
                state = new State(hash, read.problems(), applied, List.of());
                update = new Update(Outcome.APPLIED, file, hash, Optional.of(applied), read.problems(), now);
            } else {
                state = new State(hash, read.problems(), before.current(), read.errors());
                update = new Update(Outcome.REJECTED, file, hash, Optional.ofNullable(before.current()), read.problems(), now);
            }
            notifyListeners(update);
            return update;
        }
    }

    /** The directives in effect, if a good version was ever offered. */
    public Optional<AppliedDirectives> current() {
        return Optional.ofNullable(state.current());
    }

    /** The errors of the last offer when it was rejected; empty after a good one. */
    public List<Problem> lastErrors() {
        return state.lastErrors();
    }

    /** The effective directives of bot {@code name} now; active with no focus when none are in effect. */
    public BotDirectives forBot(String name) {
        AppliedDirectives current = state.current();
        return current == null ? BotDirectives.none(name) : current.directives().forBot(name);
    }

    public void addListener(Consumer<Update> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Consumer<Update> listener) {
        listeners.remove(listener);
    }

    private void notifyListeners(Update update) {
        RuntimeException failure = null;
        for (Consumer<Update> listener : listeners) {
            try {
                listener.accept(update);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
