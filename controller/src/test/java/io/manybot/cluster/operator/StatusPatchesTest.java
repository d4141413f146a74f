package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.cluster.resource.SubscriptionSpec;
import io.manybot.cluster.resource.SubscriptionStatus;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleSpec;
import io.manybot.cluster.resource.WorkCycleStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What a status write carries, decided without an API server: the fabric8 mock answers 415 to
 * server-side apply, so the production (apply) branch of these decisions is tested here, the other
 * branch by every operator test on the mock.
 */
class StatusPatchesTest {

    @Test
    void aStatusApplyCarriesNameNamespaceAndStatusOnly() {
        WorkCycleResource cycle = new WorkCycleResource();
        cycle.getMetadata().setName("format-bot-20261206t060642-304b");
        cycle.getMetadata().setNamespace("shop");
        cycle.getMetadata().setResourceVersion("4711");
        cycle.getMetadata().setUid("0b7c7d55-2d2c-4e0e-9a4c-1f0f6d0f3e11");
        cycle.getMetadata().setLabels(Map.of(WorkCycleResource.BOT_LABEL, "format-bot"));
        cycle.getMetadata().setAnnotations(Map.of(WorkCycleResource.STOP_REQUESTED, "a pause"));
        cycle.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Update").build()));
        cycle.setSpec(new WorkCycleSpec());
        cycle.getSpec().bot = "format-bot";
        cycle.setStatus(new WorkCycleStatus());
        cycle.getStatus().phase = "DONE";
        cycle.getStatus().outcome = "INTERRUPTED";

        JsonNode body = Serialization.jsonMapper().valueToTree(StatusPatches.statusOnly(cycle));
        assertEquals(Set.of("apiVersion", "kind", "metadata", "status"), names(body));
        assertEquals("manybot.io/v1alpha1", body.path("apiVersion").asText());
        assertEquals("WorkCycle", body.path("kind").asText());
        assertEquals(Set.of("name", "namespace"), names(body.path("metadata")),
                "no resourceVersion (a stale cache would 409), labels, annotations or managed fields");
        assertEquals("INTERRUPTED", body.path("status").path("outcome").asText());
        assertEquals("format-bot", cycle.getSpec().bot, "the resource itself is left as it was");
    }

    @Test
    void theApplyIsForcedByTheOperatorsFieldManager() {
        var context = StatusPatches.serverSideApply();
        assertEquals(PatchType.SERVER_SIDE_APPLY, context.getPatchType());
        assertEquals(StatusPatches.FIELD_MANAGER, context.getFieldManager());
        assertEquals(Boolean.TRUE, context.getForce());
    }

    @Test
    void aSubscriptionStatusAppliedServerSideLeavesTheCountsToTheManybotReconciler() {
        SubscriptionStatus applied = counted();
        SubscriptionReconciler.leaveCountsToTheirOwner(applied, true);
        assertNull(applied.lastTriggered, "an apply naming the field would take it over from its owner");
        assertNull(applied.triggerCount);
        SubscriptionResource subscription = new SubscriptionResource();
        subscription.getMetadata().setName("format-bot-nightly");
        subscription.getMetadata().setNamespace("shop");
        subscription.setSpec(new SubscriptionSpec());
        subscription.setStatus(applied);
        JsonNode status = Serialization.jsonMapper().valueToTree(StatusPatches.statusOnly(subscription)).path("status");
        assertEquals(false, status.has("lastTriggered") || status.has("triggerCount"), status.toString());

        SubscriptionStatus updated = counted();
        SubscriptionReconciler.leaveCountsToTheirOwner(updated, false);
        assertEquals("2026-12-06T02:30:00Z", updated.lastTriggered, "a plain patch of the difference keeps the values as read");
        assertEquals(4L, updated.triggerCount);
    }

    private static SubscriptionStatus counted() {
        SubscriptionStatus status = new SubscriptionStatus();
        status.lastTriggered = "2026-12-06T02:30:00Z";
        status.triggerCount = 4L;
        return status;
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
