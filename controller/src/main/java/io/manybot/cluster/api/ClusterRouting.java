package io.manybot.cluster.api;

import io.manybot.cluster.declaration.ResourceDeclarations;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.core.declaration.Bot;
import io.manybot.core.event.Activation;
import io.manybot.core.event.EventRouter;
import io.manybot.core.event.RepositoryEvent;
import io.manybot.core.ownership.OwnershipIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Which Manybots of the watched namespaces an event wakes: the core's {@link EventRouter} over each
 * namespace's valid, unsuspended bots and Subscriptions, one repository (URL and branch) at a time,
 * with that repository's OWNERS files at the newest commit one of its bots was read at, so that
 * someone else's push into paths the files give a bot wakes it for review.
 */
final class ClusterRouting {
    /** An activation of a bot of a namespace. */
    record Woken(String namespace, Activation activation) {}

    /** A valid Manybot as a core declaration, and the commit its status was last read at (null: none yet). */
    private record BotAt(Bot bot, String commit) {
        String repository() {
            return bot.repository() == null ? "" : bot.repository().url() + "\u0000" + bot.repository().branch();
        }
    }

    private final ManybotOperator operator;
    private final EventRouter router;
    private final Supplier<List<ManybotResource>> manybots;

    /** @param manybots the Manybots of every watched namespace */
    ClusterRouting(ManybotOperator operator, EventRouter router, Supplier<List<ManybotResource>> manybots) {
        this.operator = operator;
        this.router = router;
        this.manybots = manybots;
    }

    /** The bots {@code event} wakes, by namespace and then bot name. */
    List<Woken> route(RepositoryEvent event) {
        List<Woken> woken = new ArrayList<>();
        for (Map.Entry<String, List<BotAt>> namespace : botsByNamespace().entrySet()) {
            for (List<BotAt> sameRepository : byRepository(namespace.getValue())) {
                List<Bot> bots = sameRepository.stream().map(BotAt::bot).toList();
                router.route(event, bots, operator.routes().in(namespace.getKey()), ownership(sameRepository))
                        .forEach(activation -> woken.add(new Woken(namespace.getKey(), activation)));
            }
        }
        return woken;
    }

    private Map<String, List<BotAt>> botsByNamespace() {
        ResourceDeclarations declarations = new ResourceDeclarations();
        Map<String, List<BotAt>> bots = new TreeMap<>();
        for (ManybotResource resource : manybots.get()) {
            ResourceDeclarations.Read<Bot> read = declarations.bot(resource);
            if (read.ok() && !Boolean.TRUE.equals(resource.getSpec().suspend)) {
                String commit = resource.getStatus() == null ? null : resource.getStatus().commit;
                bots.computeIfAbsent(resource.getMetadata().getNamespace(), n -> new ArrayList<>())
                        .add(new BotAt(read.declaration().value(), commit));
            }
        }
        return bots;
    }

    private static Collection<List<BotAt>> byRepository(List<BotAt> bots) {
        Map<String, List<BotAt>> groups = new TreeMap<>();
        bots.forEach(bot -> groups.computeIfAbsent(bot.repository(), r -> new ArrayList<>()).add(bot));
        return groups.values();
    }

    /** Null (the bots' {@code owns} globs only) when no bot's commit was read yet or the mirror is not here. */
    private OwnershipIndex ownership(List<BotAt> sameRepository) {
        Bot first = sameRepository.get(0).bot();
        if (first.repository() == null) {
            return null;
        }
        for (BotAt bot : sameRepository) {
            if (bot.commit() != null) {
                var index = operator.ownership(first.repository().url(), first.repository().branch(), bot.commit());
                if (index.isPresent()) {
                    return index.get();
                }
            }
        }
        return null;
    }
}
