package io.manybot.cluster.chart;

import static io.manybot.cluster.chart.ArgoHealth.DEGRADED;
import static io.manybot.cluster.chart.ArgoHealth.HEALTHY;
import static io.manybot.cluster.chart.ArgoHealth.PROGRESSING;
import static io.manybot.cluster.chart.ArgoHealth.SUSPENDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.chart.ArgoHealth.Health;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.GoalStatus;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.ManybotStatus;
import io.manybot.cluster.resource.MeetingResource;
import io.manybot.cluster.resource.MeetingSpec;
import io.manybot.cluster.resource.MeetingStatus;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.cluster.resource.SubscriptionSpec;
import io.manybot.cluster.resource.SubscriptionStatus;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleSpec;
import io.manybot.cluster.resource.WorkCycleStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Argo CD health checks on objects as the operator writes them. */
class HealthCheckTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Nested
    class ManybotHealth {
        ManybotResource bot = manybot(3L);

        @Test
        void noStatusYetIsProgressing() {
            assertHealth(PROGRESSING, "waiting for the controller", ArgoHealth.assess(bot));
        }

        @Test
        void anOlderGenerationIsProgressingEvenWhenItWasReady() {
            bot.setStatus(status(2L, "Idle"));
            bot.getStatus().conditions = Conditions.set(null, Conditions.READY, true, "Idle", "waiting", 2L, NOW);
            assertHealth(PROGRESSING, "waiting for the controller", ArgoHealth.assess(bot));
        }

        @Test
        void readyIsHealthyWithPhaseAndProgress() {
            bot.setStatus(status(3L, "Idle"));
            bot.getStatus().progress = "43%";
            bot.getStatus().conditions = Conditions.set(null, Conditions.READY, true, "Idle", "next cycle at 10:30", 3L, NOW);
            assertHealth(HEALTHY, "Idle, goal progress 43%", ArgoHealth.assess(bot));

            bot.getStatus().phase = "Running";
            bot.getStatus().atRisk = true;
            assertHealth(HEALTHY, "Running, goal progress 43% (at risk)", ArgoHealth.assess(bot));
        }

        @Test
        void stalledIsDegradedWithItsMessage() {
            bot.setStatus(status(3L, "Stalled"));
            var conditions = Conditions.set(null, Conditions.READY, false, "GoalNotFound", "goal api-test-coverage not found", 3L, NOW);
            conditions = Conditions.set(conditions, Conditions.STALLED, true, "GoalNotFound", "goal api-test-coverage not found", 3L, NOW);
            bot.getStatus().conditions = Conditions.set(conditions, Conditions.GOAL_RESOLVED, false, "NotFound", "", 3L, NOW);
            assertHealth(DEGRADED, "goal api-test-coverage not found", ArgoHealth.assess(bot));
        }

        @Test
        void suspendedByPhaseOrSpec() {
            bot.setStatus(status(3L, "Suspended"));
            bot.getStatus().conditions = Conditions.set(null, Conditions.READY, true, "Suspended", "", 3L, NOW);
            assertHealth(SUSPENDED, "suspended", ArgoHealth.assess(bot));

            bot.getStatus().phase = "Idle";
            bot.getSpec().suspend = true;
            assertHealth(SUSPENDED, "suspended", ArgoHealth.assess(bot));
        }

        @Test
        void reconcilingOrNotYetReadyIsProgressing() {
            bot.setStatus(status(3L, "Pending"));
            var conditions = Conditions.set(null, Conditions.READY, false, "Fetching", "fetching the repository", 3L, NOW);
            bot.getStatus().conditions = Conditions.set(conditions, Conditions.RECONCILING, true, "Fetching", "cloning https://github.com/acme/shop.git", 3L, NOW);
            assertHealth(PROGRESSING, "cloning https://github.com/acme/shop.git", ArgoHealth.assess(bot));

            bot.getStatus().conditions = Conditions.set(bot.getStatus().conditions, Conditions.RECONCILING, false, "Done", "", 3L, NOW);
            assertHealth(PROGRESSING, "fetching the repository", ArgoHealth.assess(bot));
        }

        @Test
        void aGenericResourceFromTheClusterWorksToo() {
            bot.setStatus(status(3L, "CircuitOpen"));
            bot.getStatus().conditions = Conditions.set(null, Conditions.STALLED, true, "CircuitOpen", "5 cycles failed in a row", 3L, NOW);
            GenericKubernetesResource generic = Serialization.unmarshal(Serialization.asJson(bot), GenericKubernetesResource.class);
            assertEquals("Manybot", generic.getKind());
            assertHealth(DEGRADED, "5 cycles failed in a row", ArgoHealth.assess(generic));
        }
    }

    @Nested
    class GoalHealth {
        GoalResource goal = new GoalResource();

        GoalHealth() {
            goal.setMetadata(new ObjectMetaBuilder().withName("api-test-coverage").withNamespace("shop").withGeneration(1L).build());
        }

        @Test
        void progressingUntilObservedThenHealthyWithProgress() {
            assertHealth(PROGRESSING, "waiting for the controller", ArgoHealth.assess(goal));
            goal.setStatus(new GoalStatus());
            assertHealth(PROGRESSING, "waiting for the controller", ArgoHealth.assess(goal));

            goal.getStatus().observedGeneration = 1L;
            goal.getStatus().progress = "33%";
            goal.getStatus().onTrack = false;
            var conditions = Conditions.set(null, Conditions.READY, true, "Evaluated", "", 1L, NOW);
            goal.getStatus().conditions = Conditions.set(conditions, Conditions.GOAL_ON_TRACK, false, "Behind", "33% at 40% of the time", 1L, NOW);
            assertHealth(HEALTHY, "progress 33%, off track", ArgoHealth.assess(goal));
        }

        @Test
        void stalledIsDegradedReconcilingIsProgressing() {
            goal.setStatus(new GoalStatus());
            goal.getStatus().observedGeneration = 1L;
            goal.getStatus().conditions = Conditions.set(null, Conditions.RECONCILING, true, "Measuring", "measuring 1 key result", 1L, NOW);
            assertHealth(PROGRESSING, "measuring 1 key result", ArgoHealth.assess(goal));

            goal.getStatus().conditions = Conditions.set(goal.getStatus().conditions, Conditions.STALLED, true, "Invalid",
                    "spec.deadline is before spec.start", 1L, NOW);
            assertHealth(DEGRADED, "spec.deadline is before spec.start", ArgoHealth.assess(goal));
        }
    }

    @Nested
    class SubscriptionHealth {
        SubscriptionResource subscription = new SubscriptionResource();

        SubscriptionHealth() {
            subscription.setMetadata(new ObjectMetaBuilder().withName("api-bot-on-push").withNamespace("shop").withGeneration(2L).build());
            subscription.setSpec(new SubscriptionSpec());
            subscription.getSpec().bot = "api-bot";
            subscription.getSpec().trigger = SubscriptionSpec.Trigger.PUSH;
            subscription.setStatus(new SubscriptionStatus());
            subscription.getStatus().observedGeneration = 2L;
        }

        @Test
        void readyIsHealthy() {
            subscription.getStatus().conditions = Conditions.set(null, Conditions.READY, true, "Registered", "push on main", 2L, NOW);
            assertHealth(HEALTHY, "push on main", ArgoHealth.assess(subscription));
        }

        @Test
        void unknownBotIsDegraded() {
            var conditions = Conditions.set(null, Conditions.BOT_RESOLVED, false, "NotFound", "no Manybot api-bot", 2L, NOW);
            subscription.getStatus().conditions = Conditions.set(conditions, Conditions.STALLED, true, "BotNotFound", "no Manybot api-bot", 2L, NOW);
            assertHealth(DEGRADED, "no Manybot api-bot", ArgoHealth.assess(subscription));
        }

        @Test
        void suspendedSpecIsSuspended() {
            subscription.getSpec().suspend = true;
            subscription.getStatus().conditions = Conditions.set(null, Conditions.READY, true, "Registered", "", 2L, NOW);
            assertHealth(SUSPENDED, "suspended", ArgoHealth.assess(subscription));
        }

        @Test
        void aNewSpecIsProgressing() {
            subscription.getStatus().conditions = Conditions.set(null, Conditions.READY, true, "Registered", "", 2L, NOW);
            subscription.getMetadata().setGeneration(3L);
            assertHealth(PROGRESSING, "waiting for the controller", ArgoHealth.assess(subscription));
        }
    }

    @Nested
    class MeetingHealth {
        MeetingResource meeting = new MeetingResource();

        MeetingHealth() {
            meeting.setMetadata(new ObjectMetaBuilder().withName("api-sync").withNamespace("shop").withGeneration(1L).build());
            meeting.setSpec(new MeetingSpec());
            meeting.getSpec().topic = "Who owns the API";
            meeting.getSpec().schedule = "0 6 1 * *";
            meeting.setStatus(new MeetingStatus());
            meeting.getStatus().observedGeneration = 1L;
        }

        @Test
        void noStatusYetIsProgressing() {
            meeting.setStatus(null);
            assertHealth(PROGRESSING, "waiting for the controller", ArgoHealth.assess(meeting));
        }

        @Test
        void scheduledOrHeldIsHealthy() {
            meeting.getStatus().conditions = Conditions.set(null, Conditions.READY, true, "Scheduled", "next at 2027-01-01T06:00:00Z", 1L, NOW);
            assertHealth(HEALTHY, "next at 2027-01-01T06:00:00Z", ArgoHealth.assess(meeting));
        }

        @Test
        void aFailedHoldingIsDegradedWithItsReason() {
            meeting.getStatus().conditions = Conditions.set(null, Conditions.READY, false, "MeetingFailed",
                    "the facilitator bot Manybot shop/ghost does not exist", 1L, NOW);
            assertHealth(DEGRADED, "the facilitator bot Manybot shop/ghost does not exist", ArgoHealth.assess(meeting));
        }

        @Test
        void anInvalidSpecIsDegraded() {
            meeting.getStatus().conditions = Conditions.set(null, Conditions.STALLED, true, "InvalidSpec", "spec.schedule is not a cron", 1L, NOW);
            assertHealth(DEGRADED, "spec.schedule is not a cron", ArgoHealth.assess(meeting));
        }

        @Test
        void suspendedSpecIsSuspended() {
            meeting.getSpec().suspend = true;
            meeting.getStatus().conditions = Conditions.set(null, Conditions.READY, false, "Suspended", "spec.suspend is true", 1L, NOW);
            assertHealth(SUSPENDED, "suspended", ArgoHealth.assess(meeting));
        }

        @Test
        void aNewSpecIsProgressing() {
            meeting.getStatus().conditions = Conditions.set(null, Conditions.READY, true, "Scheduled", "", 1L, NOW);
            meeting.getMetadata().setGeneration(2L);
            assertHealth(PROGRESSING, "waiting for the controller", ArgoHealth.assess(meeting));
        }
    }

    @Nested
    class WorkCycleHealth {
        WorkCycleResource cycle = new WorkCycleResource();

        WorkCycleHealth() {
            cycle.setMetadata(new ObjectMetaBuilder().withName("api-bot-c42").withNamespace("shop").withGeneration(1L).build());
            cycle.setSpec(new WorkCycleSpec());
            cycle.getSpec().bot = "api-bot";
            cycle.getSpec().cycleId = "c42";
        }

        @Test
        void runningIsProgressingWithItsPhase() {
            assertHealth(PROGRESSING, "waiting for the controller", ArgoHealth.assess(cycle));
            cycle.setStatus(running("Pending"));
            assertHealth(PROGRESSING, "phase Pending", ArgoHealth.assess(cycle));
            cycle.getStatus().phase = "EXECUTE";
            assertHealth(PROGRESSING, "phase EXECUTE", ArgoHealth.assess(cycle));
        }

        @Test
        void failedOutcomesAreDegradedWithTheError() {
            for (String outcome : new String[] {"FAILED", "TIMED_OUT", "INTERRUPTED", "ABANDONED"}) {
                cycle.setStatus(running("DONE"));
                cycle.getStatus().outcome = outcome;
                cycle.getStatus().error = "tests failed: 3 of 40 (exit 1)";
                Health health = ArgoHealth.assess(cycle);
                assertEquals(DEGRADED, health.status(), outcome);
                assertTrue(health.message().contains("tests failed: 3 of 40 (exit 1)"), health.toString());
            }
        }

        @Test
        void otherOutcomesAreHealthy() {
            for (String outcome : new String[] {"LANDED", "PROPOSED", "NO_CHANGE", "REFUSED", "ROLLED_BACK", "DRY_RUN", "SUPERSEDED"}) {
                cycle.setStatus(running("DONE"));
                cycle.getStatus().outcome = outcome;
                assertHealth(HEALTHY, outcome, ArgoHealth.assess(cycle));
            }
            cycle.getStatus().outcome = "LANDED";
            cycle.getStatus().landedCommit = "3f2a9c1";
            assertHealth(HEALTHY, "LANDED 3f2a9c1", ArgoHealth.assess(cycle));
        }

        private WorkCycleStatus running(String phase) {
            WorkCycleStatus status = new WorkCycleStatus();
            status.observedGeneration = 1L;
            status.phase = phase;
            status.startedAt = NOW.toString();
            status.conditions = Conditions.set(null, Conditions.RECONCILING, true, phase, "", 1L, NOW);
            return status;
        }
    }

    @Test
    void assessAlsoTakesPlainMaps() {
        Map<String, Object> cycle = Map.of("kind", "WorkCycle", "metadata", Map.of("name", "c1", "generation", 1),
                "status", Map.of("observedGeneration", 1, "phase", "VERIFY"));
        assertHealth(PROGRESSING, "phase VERIFY", ArgoHealth.assess("WorkCycle", cycle));
    }

    @Test
    void argoCdConfigMapInlinesTheChartScripts() throws IOException {
        ConfigMap cm = Serialization.unmarshal(Files.readString(CrdFiles.root().resolve("examples/argocd/argocd-cm.yaml")), ConfigMap.class);
        assertEquals("argocd-cm", cm.getMetadata().getName());
        for (String kind : ArgoHealth.KINDS) {
            String key = "resource.customizations.health.manybot.io_" + kind;
            assertTrue(cm.getData().containsKey(key), "argocd-cm.yaml has " + key);
            assertEquals(Files.readString(ArgoHealth.script(kind)), cm.getData().get(key),
                    "examples/argocd/argocd-cm.yaml " + key + " differs from charts/manybot/health/" + kind + ".lua: copy the script in");
        }
        assertEquals(ArgoHealth.KINDS.size(), cm.getData().size());
    }

    @Test
    void scriptsKeepToLua51() throws IOException {
        // gopher-lua (Argo CD) is Lua 5.1: no goto or labels, no integer division or bitwise operators, no _ENV.
        Pattern newer = Pattern.compile("\\bgoto\\b|::\\w+::|//|\\b_ENV\\b|[&|~]\\s*[\\w(]|<<|>>|\\btable\\.unpack\\b");
        for (String kind : ArgoHealth.KINDS) {
            String code = Files.readString(ArgoHealth.script(kind)).replaceAll("--[^\n]*", "").replaceAll("~=", "");
            assertFalse(newer.matcher(code).find(), kind + ".lua uses Lua 5.2+ syntax: " + newer.matcher(code).results().map(r -> r.group()).toList());
            assertTrue(code.contains("return hs"), kind + ".lua returns hs");
        }
    }

    static ManybotResource manybot(Long generation) {
        ManybotResource bot = new ManybotResource();
        bot.setMetadata(new ObjectMetaBuilder().withName("api-bot").withNamespace("shop").withGeneration(generation).build());
        ManybotSpec spec = new ManybotSpec();
        spec.goal = "api-test-coverage";
        spec.executor = new ManybotSpec.Executor();
        spec.executor.type = ManybotSpec.ExecutorType.COMMAND;
        bot.setSpec(spec);
        return bot;
    }

    static ManybotStatus status(Long observedGeneration, String phase) {
        ManybotStatus status = new ManybotStatus();
        status.observedGeneration = observedGeneration;
        status.phase = phase;
        return status;
    }

    static void assertHealth(String status, String message, Health health) {
        assertEquals(status + ": " + message, health.toString());
    }
}
