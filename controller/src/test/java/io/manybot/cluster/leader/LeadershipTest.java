package io.manybot.cluster.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fence's decision: a cycle lands only while the Lease is held by the replica that started it, unchanged since. */
class LeadershipTest {
    private static final Leadership.Stamp STAMP = new Leadership.Stamp("manybot-7f9c-1a2b3c4d", 3);

    @Test
    void theReplicaThatStartedTheCycleAndStillHoldsTheLeaseMayLand() {
        assertEquals(Optional.empty(), Leadership.refusal(STAMP, "manybot-7f9c-1a2b3c4d", 3));
    }

    @Test
    void anotherHolderRefusesTheLandingAndNamesBoth() {
        String why = Leadership.refusal(STAMP, "manybot-5d2e-99aa00bb", 4).orElseThrow();
        assertTrue(why.contains("manybot-5d2e-99aa00bb") && why.contains("manybot-7f9c-1a2b3c4d"), why);
    }

    @Test
    void aReleasedLeaseRefusesTheLanding() {
        assertTrue(Leadership.refusal(STAMP, null, 3).orElseThrow().contains("nobody"));
        assertTrue(Leadership.refusal(STAMP, "", 3).orElseThrow().contains("nobody"));
    }

    @Test
    void aLeaseLostAndWonBackInBetweenRefusesTheLanding() {
        String why = Leadership.refusal(STAMP, "manybot-7f9c-1a2b3c4d", 5).orElseThrow();
        assertTrue(why.contains("3 → 5"), why);
    }

    @Test
    void withoutLeaderElectionNothingIsFencedAndItAlwaysLeads() {
        Leadership none = Leadership.none();
        assertFalse(none.enabled());
        assertTrue(none.leading());
        assertEquals(Optional.of(Leadership.NONE), none.stamp());
        assertEquals(Optional.empty(), none.refusal(Leadership.NONE));
        assertEquals(Optional.empty(), Leadership.refusal(Leadership.NONE, "someone", 9));
    }

    @Test
    void identitiesDifferPerProcessEvenOnOnePod() {
        String one = Leadership.newIdentity("manybot-7f9c");
        String two = Leadership.newIdentity("manybot-7f9c");
        assertTrue(one.startsWith("manybot-7f9c-") && two.startsWith("manybot-7f9c-"), one + " " + two);
        assertNotEquals(one, two);
        assertTrue(Leadership.newIdentity(null).startsWith("manybot-operator-"));
    }
}
