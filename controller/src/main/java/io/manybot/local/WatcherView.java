package io.manybot.local;

import io.manybot.local.api.RepositoryView;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.ownership.OwnershipIndex;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link LocalController#view()}: the declaration watcher's current snapshot, read at each call. */
final class WatcherView implements RepositoryView {
    private final Supplier<DeclarationWatcher> watcher;
    private final String repository;
    private final Path stateDirectory;
    private final java.util.function.Consumer<io.manybot.core.event.RepositoryEvent.Repository> pushed;

    WatcherView(Supplier<DeclarationWatcher> watcher, String repository, Path stateDirectory,
            java.util.function.Consumer<io.manybot.core.event.RepositoryEvent.Repository> pushed) {
        this.watcher = watcher;
        this.repository = repository;
        this.stateDirectory = stateDirectory;
        this.pushed = pushed;
    }

    @Override
    public void pushed(io.manybot.core.event.RepositoryEvent.Repository repository) {
        pushed.accept(repository);
    }

    private Optional<DeclarationWatcher.Snapshot> current() {
        DeclarationWatcher live = watcher.get();
        return Optional.ofNullable(live == null ? null : live.current());
    }

    private Declarations declarations() {
        return current().map(snapshot -> snapshot.report().declarations()).orElse(Declarations.EMPTY);
    }

    @Override
    public List<Bot> bots() {
        return declarations().bots().values().stream().map(located -> located.value()).sorted(Comparator.comparing(Bot::name)).toList();
    }

    @Override
    public List<io.manybot.core.declaration.Meeting> meetings() {
        return declarations().meetings().values().stream().map(located -> located.value())
                .sorted(Comparator.comparing(io.manybot.core.declaration.Meeting::name)).toList();
    }

    @Override
    public List<Goal> goals() {
        return declarations().goals().values().stream().map(located -> located.value()).sorted(Comparator.comparing(Goal::name)).toList();
    }

    @Override
    public List<Subscription> subscriptions() {
        return declarations().subscriptions().values().stream().map(located -> located.value())
                .sorted(Comparator.comparing(Subscription::name)).toList();
    }

    @Override
    public Optional<String> subscriptionFile(String name) {
        return Optional.ofNullable(declarations().subscriptions().get(name)).map(located -> located.location().file());
    }

    @Override
    public OwnershipIndex ownership() {
        return current().map(snapshot -> snapshot.report().ownership()).orElse(null);
    }

    @Override
    public String repository() {
        return repository;
    }

    @Override
    public Path stateDirectory() {
        return stateDirectory;
    }
}
