package io.manybot.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.core.secret.SecretRedactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log behind the HTTP API: JSON lines, every value redacted (registered secrets, token shapes, extra rules). */
class HttpAuditLogTest {
    @TempDir
    Path dir;

    @Test
    void writesOneRedactedJsonLinePerEntry() throws Exception {
        Path rules = dir.resolve("rules");
        Files.writeString(rules, "# internal ticket tokens\nTKT-[0-9]{6}\n");
        SecretRedactor redactor = new SecretRedactor();
        redactor.register("registered-secret-value");
        AuditLog audit = AuditLog.inStateDirectory(dir, redactor,
                AuditLog.loadRules(Map.of(AuditLog.REDACT_ENV, "acct=[0-9]+"), rules));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("note", "acct=12345 TKT-123456 registered-secret-value ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8");
        details.put("bytes", 1048586L);
        details.put("ok", true);
        audit.record("api", AuditLog.keyId("the-api-key-itself"), "pause format-bot", "202 requested", details);
        audit.record("webhook", "webhook GitHub alice", "delivery", "202 accepted", Map.of());

        List<String> lines = Files.readAllLines(dir.resolve(AuditLog.FILE_NAME));
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("api", first.path("kind").asText());
        assertTrue(first.path("actor").asText().matches("key:[0-9a-f]{12}"), first.toString());
        assertEquals("*** *** *** ***", first.path("note").asText());
        assertEquals(1048586L, first.path("bytes").asLong());
        assertTrue(first.path("bytes").isIntegralNumber());
        assertTrue(first.path("ok").asBoolean());
        assertFalse(lines.get(0).contains("the-api-key-itself"));
    }

    @Test
    void refusesAnInvalidRule() {
        var e = assertThrows(IllegalArgumentException.class, () -> AuditLog.parseRules("ok\n[unclosed"));
        assertTrue(e.getMessage().startsWith("redaction rule 2 is not a regular expression"), e.getMessage());
    }
}
