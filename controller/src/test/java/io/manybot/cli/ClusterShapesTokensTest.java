package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.core.cycle.TokenUsage;
import io.manybot.core.cycle.WorkCycle;
import org.junit.jupiter.api.Test;

/** A cluster cycle's tokens, from its WorkCycle status, reach {@code manybot result --server} as the local record has them. */
class ClusterShapesTokensTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theStatusTokensBecomeTheCyclesTokens() throws Exception {
        WorkCycle cycle = ClusterShapes.cycle("fixer", json.readTree("""
                {"id": "c1", "trigger": "api", "status": {"outcome": "LANDED", "tokens": {"input": 1200, "output": 340}}}"""));
        assertEquals(new TokenUsage(1200, 340), cycle.tokens());
        WorkCycle none = ClusterShapes.cycle("fixer", json.readTree("""
                {"id": "c2", "trigger": "api", "status": {"outcome": "NO_CHANGE"}}"""));
        assertEquals(TokenUsage.NONE, none.tokens());
    }
}
