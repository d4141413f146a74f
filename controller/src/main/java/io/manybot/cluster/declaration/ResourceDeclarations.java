package io.manybot.cluster.declaration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.MeetingResource;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.Located;
import io.manybot.core.declaration.Meeting;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.problem.Problem;
import java.nio.charset.StandardCharsets;
import io.manybot.core.validation.RepositoryValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Custom resources read as the core reads declaration files: the same JSON Schema and the same
 * binding, so the cluster home has no second copy of the rules. The resource is written back out as
 * the declaration document it stands for (apiVersion, kind, name, labels, spec without the
 * cluster-only fields) and loaded from there; problems name the resource ({@code Manybot ns/name})
 * and the field.
 */
public final class ResourceDeclarations {
    /** Fields of a Manybot's spec that only the cluster home reads. */
    private static final List<String> CLUSTER_ONLY = List.of("runner", "workCycleHistory");

    private final DeclarationLoader loader = new DeclarationLoader();
    /** Reads by resource uid, valid while generation and labels stay the same (spec is immutable within a generation). */
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String stamp, Read<?> read) {}

    /** A declaration, or the problems that kept it out. */
    public record Read<T>(Located<T> declaration, List<Problem> problems) {
        public boolean ok() {
            return declaration != null;
        }

        /** The errors (and warnings), one per line, for status messages. */
        public String describe() {
            return String.join("\n", problems.stream().map(Problem::toString).toList());
        }
    }

    public Read<Bot> bot(ManybotResource resource) {
        return cached(resource, () -> {
            List<Problem> problems = new ArrayList<>();
            Declarations read = load(resource, "Manybot", CLUSTER_ONLY, problems);
            return checked(read.bots().get(resource.getMetadata().getName()), read, problems);
        });
    }

    public Read<Goal> goal(GoalResource resource) {
        return cached(resource, () -> {
            List<Problem> problems = new ArrayList<>();
            Declarations read = load(resource, "Goal", List.of(), problems);
            return checked(read.goals().get(resource.getMetadata().getName()), read, problems);
        });
    }

    public Read<Subscription> subscription(SubscriptionResource resource) {
        return cached(resource, () -> {
            List<Problem> problems = new ArrayList<>();
            Declarations read = load(resource, "Subscription", List.of(), problems);
            return checked(read.subscriptions().get(resource.getMetadata().getName()), read, problems);
        });
    }

    public Read<Meeting> meeting(MeetingResource resource) {
        return cached(resource, () -> {
            List<Problem> problems = new ArrayList<>();
            Declarations read = load(resource, "Meeting", List.of(), problems);
            return checked(read.meetings().get(resource.getMetadata().getName()), read, problems);
        });
    }

    /**
     * The declaration, unless the core's checks of its values (cron, globs, regular expressions, key
     * results) find an error: then only the problems, located, so that it stalls instead of failing later.
     */
    private static <T> Read<T> checked(Located<T> declaration, Declarations read, List<Problem> problems) {
        if (declaration == null) {
            return new Read<>(null, problems);
        }
        List<Problem> values = RepositoryValidator.checkValues(read);
        problems.addAll(values);
        return new Read<>(values.stream().anyMatch(Problem::isError) ? null : declaration, problems);
    }

    /**
     * Many bots share a Goal and every reconcile reads both: reading a spec (YAML, schema, binding)
     * once per generation instead of once per reconcile keeps that off the reconcile path.
     */
    @SuppressWarnings("unchecked")
    private <T> Read<T> cached(CustomResource<?, ?> resource, Supplier<Read<T>> read) {
        String uid = resource.getMetadata().getUid();
        if (uid == null || resource.getMetadata().getGeneration() == null) {
            return read.get();
        }
        String stamp = resource.getMetadata().getGeneration() + " " + resource.getMetadata().getName() + " " + resource.getMetadata().getLabels();
        Cached hit = cache.get(uid);
        if (hit != null && hit.stamp().equals(stamp)) {
            return (Read<T>) hit.read();
        }
        Read<T> fresh = read.get();
        cache.put(uid, new Cached(stamp, fresh));
        return fresh;
    }

    /** Forgets a deleted resource's read. */
    public void forget(CustomResource<?, ?> resource) {
        String uid = resource.getMetadata().getUid();
        if (uid != null) {
            cache.remove(uid);
        }
    }

    /** Where problems of this resource are said to be: "Manybot team-a/format-bot". */
    public static String source(CustomResource<?, ?> resource) {
        String namespace = resource.getMetadata().getNamespace();
        return resource.getKind() + " " + (namespace == null ? "" : namespace + "/") + resource.getMetadata().getName();
    }

    private Declarations load(CustomResource<?, ?> resource, String kind, List<String> clusterOnly, List<Problem> problems) {
        ObjectNode document = Serialization.jsonMapper().createObjectNode();
        document.put("apiVersion", DeclarationLoader.API_VERSION);
        document.put("kind", kind);
        ObjectNode metadata = document.putObject("metadata");
        metadata.put("name", resource.getMetadata().getName());
        Map<String, String> labels = resource.getMetadata().getLabels();
        if (labels != null && !labels.isEmpty()) {
            metadata.set("labels", Serialization.jsonMapper().valueToTree(labels));
        }
        Object spec = resource.getSpec();
        if (spec == null) {
            document.putNull("spec");
        } else {
            ObjectNode specNode = Serialization.jsonMapper().valueToTree(spec);
            clusterOnly.forEach(specNode::remove);
            document.set("spec", specNode);
        }
        String yaml = Serialization.asYaml(document);
        return loader.loadText(source(resource), yaml.getBytes(StandardCharsets.UTF_8), problems);
    }
}
