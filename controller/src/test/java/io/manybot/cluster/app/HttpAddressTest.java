package io.manybot.cluster.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's HTTP bind address, from MANYBOT_HTTP_HOST and MANYBOT_HTTP_PORT. */
class HttpAddressTest {
    @Test
    void defaultsToEveryInterfaceOnPort8080() {
        HttpAddress address = HttpAddress.fromEnvironment(Map.of());
        assertEquals(new HttpAddress("0.0.0.0", 8080), address);
        assertEquals(Map.of("micronaut.server.host", "0.0.0.0", "micronaut.server.port", 8080), address.properties());
    }

    @Test
    void theSettingsChooseHostAndPortAndZeroIsAnyFreePort() {
        assertEquals(new HttpAddress("127.0.0.1", 9090), HttpAddress.fromEnvironment(Map.of("MANYBOT_HTTP_HOST", "127.0.0.1", "MANYBOT_HTTP_PORT", "9090")));
        assertEquals(-1, HttpAddress.fromEnvironment(Map.of("MANYBOT_HTTP_PORT", "0")).properties().get("micronaut.server.port"));
    }

    @Test
    void badValuesNameTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpAddress.fromEnvironment(Map.of("MANYBOT_HTTP_PORT", "http")))
                .getMessage().contains("MANYBOT_HTTP_PORT is 'http'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpAddress.fromEnvironment(Map.of("MANYBOT_HTTP_PORT", "70000")))
                .getMessage().contains("MANYBOT_HTTP_PORT is 70000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpAddress.fromEnvironment(Map.of("MANYBOT_HTTP_HOST", " ")))
                .getMessage().contains("MANYBOT_HTTP_HOST is empty"));
    }
}
