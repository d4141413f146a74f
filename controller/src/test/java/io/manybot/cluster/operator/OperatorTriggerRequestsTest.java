package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorTriggerRequestsTest {
    @Test
    void reasonsWaitPerBotInOrderWithoutRepeatsAndAreTakenOneAtATime() {
        TriggerRequests requests = new TriggerRequests();
        requests.add("a", "bot", "webhook 1");
        requests.add("a", "bot", "webhook 2");
        requests.add("a", "bot", "webhook 1");
        requests.add("b", "bot", "other namespace");
        assertEquals(List.of("webhook 1", "webhook 2"), requests.pending("a", "bot"));
        assertEquals(Optional.of("webhook 1"), requests.take("a", "bot"));
        assertEquals(Optional.of("webhook 2"), requests.peek("a", "bot"));
        assertEquals(Optional.of("webhook 2"), requests.take("a", "bot"));
        assertEquals(Optional.empty(), requests.take("a", "bot"));
        requests.forget("b", "bot");
        assertTrue(requests.pending("b", "bot").isEmpty());
    }

    @Test
    void atMostTheLimitWaitsTheOldestDropped() {
        TriggerRequests requests = new TriggerRequests();
        for (int i = 0; i < TriggerRequests.LIMIT + 5; i++) {
            requests.add("a", "bot", "r" + i);
        }
        assertEquals(TriggerRequests.LIMIT, requests.pending("a", "bot").size());
        assertEquals(Optional.of("r5"), requests.peek("a", "bot"));
    }
}
