package io.manybot.http;

import io.micronaut.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Both homes' HTTP request limits, and which one a refused request broke (read from Netty's decoder
 * result): the status (414, 431, 413) and message both APIs answer with.
 */
public final class RequestLimits {
    /** The request line (method, URI, version) longest accepted, in bytes. */
    public static final int MAX_REQUEST_LINE = 4096;
    /** All headers together, longest accepted, in bytes. */
    public static final int MAX_HEADERS = 8192;

    public record Refusal(int status, String message) {}

    /** The Micronaut server settings that enforce these limits, bodies up to {@code maxBodyBytes}. */
    public static java.util.Map<String, Object> serverProperties(int maxBodyBytes) {
        return java.util.Map.of("micronaut.server.netty.max-initial-line-length", MAX_REQUEST_LINE,
                "micronaut.server.netty.max-header-size", MAX_HEADERS,
                "micronaut.server.max-request-size", maxBodyBytes);
    }

    private RequestLimits() {}

    /** The refusal for a request Micronaut answers 413: the decoder's failure tells which limit it was. */
    public static Refusal refusal(HttpRequest<?> request, int maxBodyBytes) {
        Throwable cause = null;
        if (request instanceof io.micronaut.http.server.netty.NettyHttpRequest<?> netty) {
            cause = netty.getNativeRequest().decoderResult().cause();
        }
        return refusal(cause, maxBodyBytes);
    }

    /** The refusal for a decoder failure (raised as an error of a matched route). */
    public static Refusal refusal(Throwable cause, int maxBodyBytes) {
        if (cause instanceof TooLongHttpLineException) {
            return new Refusal(414, "request line too long: the limit is " + MAX_REQUEST_LINE + " bytes (method, URI and version)");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new Refusal(431, "request headers too large: the limit is " + MAX_HEADERS + " bytes for all headers together");
        }
        return body(maxBodyBytes);
    }

    public static Refusal body(int maxBodyBytes) {
        return new Refusal(413, "payload too large: the limit is " + maxBodyBytes + " bytes");
    }

    /** The request for the audit log: method and path, cut short (a refused URI may be huge). */
    public static String what(HttpRequest<?> request, Refusal refusal) {
        String path = refusal.status() == 414 ? "(request line too long)" : request.getPath();
        return request.getMethodName() + " " + (path.length() > 200 ? path.substring(0, 199) + "…" : path);
    }
}
