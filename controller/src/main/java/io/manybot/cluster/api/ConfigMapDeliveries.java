package io.manybot.cluster.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manybot.core.event.DeliveryLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster home's webhook delivery journal: a ConfigMap ({@value #NAME} in the operator's
 * namespace), so that what was answered {@code duplicate} stays a duplicate across operator restarts,
 * leader changes and API replicas. Each key is stored as the first {@value #KEY_HEX} hex digits of
 * its SHA-256 (a ConfigMap key may hold only {@code [-._a-zA-Z0-9]}) with the second it was received.
 * A record is a read and an update carrying the read's resourceVersion: two replicas recording at
 * once conflict (409) and the loser reads again, so one of them wins. Entries older than the
 * retention are dropped on each write, and at most {@value #MAX_ENTRIES} are kept (the oldest go
 * first), which keeps the ConfigMap far below its 1 MiB limit.
 */
final class ConfigMapDeliveries implements DeliveryLog.Journal {
    static final String NAME = "manybot-webhook-deliveries";
    static final int KEY_HEX = 40;
    static final int MAX_ENTRIES = 8_000;
    private static final int ATTEMPTS = 8;

    private final KubernetesClient client;
    private final String namespace;

    ConfigMapDeliveries(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public Set<String> record(List<String> keys, Instant at, Instant oldest) {
        KubernetesClientException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ConfigMap current = client.configMaps().inNamespace(namespace).withName(NAME).get();
            try {
                Map<String, String> data = kept(current == null ? null : current.getData(), oldest);
                Set<String> present = new LinkedHashSet<>();
                for (String key : keys) {
                    if (data.putIfAbsent(storedKey(key), Long.toString(at.getEpochSecond())) != null) {
                        present.add(key);
                    }
                }
                if (present.size() == keys.size()) {
                    return present;
                }
                trim(data);
                if (current == null) {
                    // create() fails with 409 when another replica created it meanwhile: read again.
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(NAME)
                            .withNamespace(namespace).addToLabels("app.kubernetes.io/managed-by", "manybot").endMetadata()
                            .withData(data).build()).create();
                } else {
                    current.setData(data);
                    // update() sends the resourceVersion read above: a concurrent writer makes it fail with 409.
                    client.configMaps().inNamespace(namespace).resource(current).update();
                }
                return present;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    @Override
    public Set<String> seen(List<String> keys, Instant oldest) {
        ConfigMap current = client.configMaps().inNamespace(namespace).withName(NAME).get();
        Set<String> present = new LinkedHashSet<>();
        if (current != null && current.getData() != null) {
            for (String key : keys) {
                String at = current.getData().get(storedKey(key));
                if (at != null && parse(at) >= oldest.getEpochSecond() - 1) {
                    present.add(key);
                }
            }
        }
        return present;
    }

    private static Map<String, String> kept(Map<String, String> data, Instant oldest) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (data != null) {
            long limit = oldest.getEpochSecond() - 1;
            data.forEach((k, v) -> {
                if (parse(v) >= limit) {
                    kept.put(k, v);
                }
            });
        }
        return kept;
    }

    private static void trim(Map<String, String> data) {
        if (data.size() <= MAX_ENTRIES) {
            return;
        }
        data.entrySet().stream().sorted(Comparator.comparingLong(e -> parse(e.getValue()))).limit(data.size() - MAX_ENTRIES)
                .map(Map.Entry::getKey).toList().forEach(data::remove);
    }

    private static long parse(String seconds) {
        try {
            return Long.parseLong(seconds);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String storedKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, KEY_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "deliveries in ConfigMap " + namespace + "/" + NAME;
    }
}
