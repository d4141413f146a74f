package io.manybot.cluster.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.cluster.declaration.ResourceDeclarations;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.core.declaration.Bot;
import io.manybot.core.event.Activation;
import io.manybot.core.event.EventRouter;
import io.manybot.core.event.RepositoryEvent;
import io.manybot.core.event.WebhookIntake;
import io.manybot.core.secret.SecretRedactor;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster home's HTTP API behind the Micronaut controllers of this package: webhooks routed over
 * the Manybots and Subscriptions of the watched namespaces into {@link ManybotOperator#trigger}.
 * Secrets (webhook secret, GitLab token, API keys, bearer tokens) never appear in answers or logs.
 */
@Singleton
@Requires(beans = ManybotOperator.class)
public class ClusterApi {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A status and a JSON body. */
    public record Reply(int status, String json) {}

    private final ManybotOperator operator;
    private final SecretRedactor redactor = new SecretRedactor();
    private final WebhookIntake intake;
    private final EventRouter router;

    public ClusterApi(ManybotOperator operator, @Nullable ClusterApiSettings settings) {
        this.operator = operator;
        ClusterApiSettings s = settings != null ? settings : ClusterApiSettings.fromEnvironment(System.getenv());
        redactor.register(s.webhookSecret());
        redactor.register(s.gitlabToken());
        s.apiKeys().forEach(redactor::register);
        this.intake = WebhookIntake.builder().githubSecret(s.webhookSecret()).gitlabToken(s.gitlabToken()).redactor(redactor).build();
        this.router = new EventRouter(null, redactor);
    }

    WebhookIntake intake() {
        return intake;
    }

    ManybotOperator operator() {
        return operator;
    }

    /** A webhook delivery: verified and parsed by the intake, routed per namespace, each activation a trigger. */
    Reply webhook(String expectedProvider, Map<String, String> headers, byte[] body) {
        WebhookIntake.Result result = intake.accept(headers, body == null ? new byte[0] : body);
        ObjectNode node = JSON.createObjectNode();
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        node.put("outcome", outcome);
        node.put("message", redactor.redact(result.message()));
        if (result instanceof WebhookIntake.Accepted accepted) {
            RepositoryEvent event = accepted.event();
            if (expectedProvider != null && !event.provider().name().equalsIgnoreCase(expectedProvider)) {
                node.put("outcome", "malformed").put("message", "a " + event.provider() + " delivery posted to /webhooks/" + expectedProvider);
                operator.metrics().webhook("malformed");
                return new Reply(400, node.toString());
            }
            node.set("activations", route(event));
        }
        operator.metrics().webhook(outcome);
        return new Reply(result.status(), node.toString());
    }

    private ArrayNode route(RepositoryEvent event) {
        ArrayNode list = JSON.createArrayNode();
        for (Map.Entry<String, List<Bot>> namespace : botsByNamespace().entrySet()) {
            List<Activation> activations = router.route(event, namespace.getValue(),
                    operator.routes().in(namespace.getKey()), null);
            for (Activation activation : activations) {
                String reason = redactor.redact(activation.reason());
                operator.trigger(namespace.getKey(), activation.bot(), reason);
                list.addObject().put("namespace", namespace.getKey()).put("bot", activation.bot())
                        .put("kind", activation.kind().name().toLowerCase(Locale.ROOT)).put("reason", reason).put("status", "requested");
            }
        }
        return list;
    }

    /** The valid Manybots of the watched namespaces as core declarations, by namespace. */
    private Map<String, List<Bot>> botsByNamespace() {
        ResourceDeclarations declarations = new ResourceDeclarations();
        Map<String, List<Bot>> bots = new TreeMap<>();
        for (ManybotResource resource : manybots(null)) {
            ResourceDeclarations.Read<Bot> read = declarations.bot(resource);
            if (read.ok() && !Boolean.TRUE.equals(resource.getSpec().suspend)) {
                bots.computeIfAbsent(resource.getMetadata().getNamespace(), n -> new ArrayList<>()).add(read.declaration().value());
            }
        }
        return bots;
    }

    /** The Manybots of {@code namespace} (null: of every watched namespace), from the API server. */
    List<ManybotResource> manybots(String namespace) {
        var resources = operator.client().resources(ManybotResource.class);
        if (namespace != null) {
            return resources.inNamespace(namespace).list().getItems();
        }
        if (operator.namespaces().isEmpty()) {
            return resources.inAnyNamespace().list().getItems();
        }
        List<ManybotResource> all = new ArrayList<>();
        operator.namespaces().forEach(n -> all.addAll(resources.inNamespace(n).list().getItems()));
        return all;
    }

    Reply error(int status, String message) {
        return new Reply(status, JSON.createObjectNode().put("error", redactor.redact(message)).toString());
    }
}
