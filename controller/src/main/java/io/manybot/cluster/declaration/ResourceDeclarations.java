package io.manybot.cluster.declaration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.Located;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        List<Problem> problems = new ArrayList<>();
        Declarations read = load(resource, "Manybot", CLUSTER_ONLY, problems);
        return new Read<>(read.bots().get(resource.getMetadata().getName()), problems);
    }

    public Read<Goal> goal(GoalResource resource) {
        List<Problem> problems = new ArrayList<>();
        Declarations read = load(resource, "Goal", List.of(), problems);
        return new Read<>(read.goals().get(resource.getMetadata().getName()), problems);
    }

    public Read<Subscription> subscription(SubscriptionResource resource) {
        List<Problem> problems = new ArrayList<>();
        Declarations read = load(resource, "Subscription", List.of(), problems);
        return new Read<>(read.subscriptions().get(resource.getMetadata().getName()), problems);
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
