package io.manybot.cluster.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.Map;
import java.util.TreeMap;

/** {@link ClusterApi.Reply} as a Micronaut response, and request headers as a case-insensitive map. */
final class ClusterReplies {
    private ClusterReplies() {}

    static MutableHttpResponse<String> of(ClusterApi.Reply reply) {
        return HttpResponse.<String>status(HttpStatus.valueOf(reply.status())).contentType(MediaType.APPLICATION_JSON_TYPE).body(reply.json());
    }

    static Map<String, String> headers(HttpRequest<?> request) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.getHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }
}
