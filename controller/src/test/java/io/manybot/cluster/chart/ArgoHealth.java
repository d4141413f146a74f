package io.manybot.cluster.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs the Argo CD health checks of {@code charts/manybot/health/<Kind>.lua} the way Argo CD does: the object
 * as the global {@code obj}, the script's returned table {@code hs} read for {@code status} and {@code message}.
 * Argo CD runs gopher-lua (Lua 5.1); this runs LuaJ (5.2) on the scripts, which keep to the common subset.
 * The operator's end-to-end tests call it on the objects the operator wrote.
 */
public final class ArgoHealth {
    public static final String HEALTHY = "Healthy";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    public static final String SUSPENDED = "Suspended";
    /** The kinds with a health check. */
    public static final List<String> KINDS = List.of("Manybot", "Goal", "Subscription", "WorkCycle", "Meeting");

    /** What Argo CD would show for a resource. */
    public record Health(String status, String message) {
        @Override
        public String toString() {
            return status + ": " + message;
        }
    }

    private ArgoHealth() {}

    /** The script for {@code kind} (Manybot, Goal, Subscription, WorkCycle or Meeting). */
    public static Path script(String kind) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("no health check for kind " + kind + " (have " + KINDS + ")");
        }
        return CrdFiles.root().resolve("charts/manybot/health").resolve(kind + ".lua");
    }

    /** The health of a resource read from the cluster (its kind says which script runs). */
    public static Health assess(HasMetadata resource) {
        return assess(resource.getKind(), resource);
    }

    /**
     * The health of {@code object} by {@code kind}'s script. {@code object} is anything Jackson turns into the
     * resource's JSON: a {@code GenericKubernetesResource}, a resource class such as {@code ManybotResource}, a
     * {@code Map} or a {@code JsonNode}.
     */
    public static Health assess(String kind, Object object) {
        JsonNode tree = object instanceof JsonNode node ? node : Serialization.jsonMapper().valueToTree(object);
        String source;
        try {
            source = Files.readString(script(kind), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", toLua(tree));
        LuaValue result = globals.load(source, kind + ".lua").call();
        if (!result.istable()) {
            throw new IllegalStateException(kind + ".lua returned " + result.typename() + ", not a table");
        }
        LuaValue status = result.get("status");
        LuaValue message = result.get("message");
        return new Health(status.isnil() ? null : status.tojstring(), message.isnil() ? null : message.tojstring());
    }

    /** JSON as Argo CD hands it to Lua: objects and arrays as tables (arrays 1-based), null as nil. */
    static LuaValue toLua(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return LuaValue.NIL;
        }
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                LuaValue value = toLua(field.getValue());
                if (!value.isnil()) {
                    table.set(field.getKey(), value);
                }
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            int index = 1;
            for (JsonNode element : node) {
                table.set(index++, toLua(element));
            }
            return table;
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.booleanValue());
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.doubleValue());
        }
        return LuaValue.valueOf(node.asText());
    }
}
