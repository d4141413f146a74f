package io.manybot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The command line's client of the HTTP API ({@code --server URL}): JSON over {@link HttpClient}, the
 * API key as {@code X-API-Key}. A failure becomes an {@link ApiException} with the message and exit
 * code the command prints.
 */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request that did not succeed: what to print and the exit code. */
    static final class ApiException extends Exception {
        final int status;
        final int exitCode;

        ApiException(int status, String message, int exitCode) {
            super(message);
            this.status = status;
            this.exitCode = exitCode;
        }
    }

    /** What to suggest when the server cannot be reached and when it refuses the credentials. */
    record Hints(String unreachable, String unauthorized) {
        static final Hints LOCAL = new Hints("is `manybot run --http` serving there?",
                "the server refused the API key (%s); pass --api-key KEY or set MANYBOT_API_KEY");
        static final Hints CLUSTER = new Hints("is the operator's Service reachable there, e.g. by `kubectl port-forward svc/manybot 8080`?",
                "the server refused the request (%s); pass --api-key KEY (or MANYBOT_API_KEY) or a Kubernetes token with "
                        + "--token TOKEN (or MANYBOT_TOKEN), e.g. from `kubectl create token SERVICE_ACCOUNT`");
    }

    private final String base;
    private final String apiKey;
    private final String token;
    private final Hints hints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(String server, String apiKey) {
        this(server, apiKey, null, Hints.LOCAL);
    }

    ApiClient(String server, String apiKey, String token, Hints hints) {
        String url = server.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        this.base = url;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.hints = hints;
    }

    String server() {
        return base;
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET; {@code notFound} is the message for a 404 (null: the server's). */
    JsonNode get(String path, String notFound) throws ApiException {
        return send(request(path).GET(), notFound);
    }

    JsonNode post(String path, JsonNode body, String notFound) throws ApiException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        return send(request(path).header("Content-Type", "application/json").POST(publisher), notFound);
    }

    JsonNode delete(String path, String notFound) throws ApiException {
        return send(request(path).DELETE(), notFound);
    }

    private HttpRequest.Builder request(String path) throws ApiException {
        URI uri;
        try {
            uri = URI.create(base + "/api/v1" + path);
        } catch (IllegalArgumentException e) {
            throw new ApiException(0, "invalid server URL '" + base + "': " + e.getMessage(), ExitCodes.FAILURE);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new ApiException(0, "invalid server URL '" + base + "': expected http://HOST:PORT or https://HOST", ExitCodes.FAILURE);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        if (apiKey != null) {
            builder.header("X-API-Key", apiKey);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private JsonNode send(HttpRequest.Builder builder, String notFound) throws ApiException {
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ApiException(0, "cannot reach " + base + ": " + describe(e) + " (" + hints.unreachable() + ")",
                    ExitCodes.FAILURE);
        } catch (IOException e) {
            throw new ApiException(0, "cannot reach " + base + ": " + describe(e), ExitCodes.FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted", ExitCodes.FAILURE);
        }
        JsonNode body;
        try {
            body = response.body() == null || response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (body == null) {
                throw new ApiException(status, "the server at " + base + " answered " + status + " with a body that is not JSON",
                        ExitCodes.FAILURE);
            }
            return body;
        }
        String error = body != null && body.hasNonNull("error") ? body.get("error").asText() : "HTTP " + status;
        if (status == 401) {
            throw new ApiException(status, String.format(java.util.Locale.ROOT, hints.unauthorized(), error), ExitCodes.FAILURE);
        }
        if (status == 404) {
            throw new ApiException(status, notFound != null ? notFound : error, ExitCodes.INVALID);
        }
        if (status == 400 && body != null && body.has("problems")) {
            StringBuilder text = new StringBuilder(error);
            for (JsonNode problem : body.get("problems")) {
                text.append("\n  ").append(problem.path("field").asText("").isEmpty() ? "" : problem.path("field").asText() + ": ")
                        .append(problem.path("message").asText());
            }
            throw new ApiException(status, text.toString(), ExitCodes.INVALID);
        }
        if (status == 400 || status == 409) {
            throw new ApiException(status, error, ExitCodes.INVALID);
        }
        throw new ApiException(status, "the server at " + base + " answered " + status + ": " + error, ExitCodes.FAILURE);
    }

    private static String describe(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }
}
