package io.manybot.dashboard;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web dashboard, the same page in both homes: {@code GET /ui/} and its few static files, read
 * from the jar ({@code manybot/dashboard/}, built from {@code controller/src/main/dashboard}). Only
 * the files listed here are served; the page reads the home's REST API and event stream from the
 * browser. {@code GET /} redirects to it.
 */
@Controller
public class DashboardController {
    private static final String ROOT = "manybot/dashboard/";
    /** Every file the page is made of, with its media type: nothing else under /ui is served. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html;charset=utf-8",
            "app.js", "text/javascript;charset=utf-8",
            "app.css", "text/css;charset=utf-8",
            "vendor/uPlot.iife.min.js", "text/javascript;charset=utf-8",
            "vendor/uPlot.min.css", "text/css;charset=utf-8",
            "favicon.svg", "image/svg+xml");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Get
    public HttpResponse<?> root() {
        return HttpResponse.seeOther(URI.create("/ui/"));
    }

    /** {@code /ui} and {@code /ui/} (the server matches both); the page names its files by absolute paths. */
    @Get("/ui/")
    public HttpResponse<byte[]> index() {
        return file("index.html");
    }

    @Get("/ui/{file}")
    public HttpResponse<byte[]> top(@PathVariable String file) {
        return file(file);
    }

    @Get("/ui/vendor/{file}")
    public HttpResponse<byte[]> vendor(@PathVariable String file) {
        return file("vendor/" + file);
    }

    private HttpResponse<byte[]> file(String name) {
        String type = FILES.get(name);
        if (type == null) {
            return HttpResponse.notFound();
        }
        byte[] body = cache.computeIfAbsent(name, DashboardController::read);
        // The page's own files change only with the jar; a reload revalidates them.
        return HttpResponse.ok(body).contentType(MediaType.of(type)).header("Cache-Control", "no-cache");
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardController.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + ROOT + name + " is missing from the jar: rebuild with mvn package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
