package io.manybot.local.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** {@link HomeApi.Reply} as a Micronaut response: the status and a JSON body. */
final class Replies {
    static final String API_KEY = "X-API-Key";

    private Replies() {}

    static MutableHttpResponse<String> of(HomeApi.Reply reply) {
        return HttpResponse.<String>status(HttpStatus.valueOf(reply.status())).contentType(MediaType.APPLICATION_JSON_TYPE).body(reply.json());
    }
}
