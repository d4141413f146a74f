package io.manybot.cluster.api;

import io.micronaut.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** Which limit a refused request broke, read from Netty's decoder result: the status and message to answer with (as the local home's API answers). */
public final class ClusterRequestLimits {
    /** The request line (method, URI, version) longest accepted, in bytes. */
    static final int MAX_REQUEST_LINE = 4096;
    /** All headers together, longest accepted, in bytes. */
    static final int MAX_HEADERS = 8192;

    record Refusal(int status, String message) {}

    /** The server settings that enforce these limits (and the webhook intake's body limit). */
    public static java.util.Map<String, Object> serverProperties() {
        return java.util.Map.of("micronaut.server.netty.max-initial-line-length", MAX_REQUEST_LINE,
                "micronaut.server.netty.max-header-size", MAX_HEADERS,
                "micronaut.server.max-request-size", io.manybot.core.event.WebhookIntake.DEFAULT_MAX_BODY_BYTES);
    }

    private ClusterRequestLimits() {}

    /** The refusal for a request Micronaut answers 413: the decoder's failure tells which limit it was. */
    static Refusal refusal(HttpRequest<?> request, int maxBodyBytes) {
        Throwable cause = null;
        if (request instanceof io.micronaut.http.server.netty.NettyHttpRequest<?> netty) {
            cause = netty.getNativeRequest().decoderResult().cause();
        }
        return refusal(cause, maxBodyBytes);
    }

    /** The refusal for a decoder failure (raised as an error of a matched route). */
    static Refusal refusal(Throwable cause, int maxBodyBytes) {
        if (cause instanceof TooLongHttpLineException) {
            return new Refusal(414, "request line too long: the limit is " + MAX_REQUEST_LINE + " bytes (method, URI and version)");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new Refusal(431, "request headers too large: the limit is " + MAX_HEADERS + " bytes for all headers together");
        }
        return body(maxBodyBytes);
    }

    static Refusal body(int maxBodyBytes) {
        return new Refusal(413, "payload too large: the limit is " + maxBodyBytes + " bytes");
    }

    /** The request for the audit log: method and path, cut short (a refused URI may be huge). */
    static String what(HttpRequest<?> request, Refusal refusal) {
        String path = refusal.status() == 414 ? "(request line too long)" : request.getPath();
        return request.getMethodName() + " " + (path.length() > 200 ? path.substring(0, 199) + "…" : path);
    }
}
