package io.manybot.local.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.function.Supplier;

/** {@code GET /api/v1/...}: bots, cycles, goals, subscriptions, owners. Open on loopback; elsewhere they need a key. */
@Controller("/api/v1")
@Requires(beans = HomeApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReadController {
    private final HomeApi api;

    public ReadController(HomeApi api) {
        this.api = api;
    }

    private HttpResponse<String> read(String key, String what, Supplier<HomeApi.Reply> reply) {
        HomeApi.Reply refused = api.authorize(key, false, what);
        return Replies.of(refused != null ? refused : reply.get());
    }

    @Get("/bots")
    public HttpResponse<String> bots(@Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read bots", api::bots);
    }

    @Get("/bots/{name}")
    public HttpResponse<String> bot(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read bot", () -> api.bot(name));
    }

    @Get("/bots/{name}/team")
    public HttpResponse<String> team(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read team", () -> api.team(name));
    }

    @Get("/bots/{name}/cycles")
    public HttpResponse<String> cycles(@PathVariable String name, @QueryValue @Nullable Integer limit,
            @Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read cycles", () -> api.cycles(name, limit == null ? 50 : limit));
    }

    @Get("/cycles/{id}")
    public HttpResponse<String> cycle(@PathVariable String id, @Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read cycle", () -> api.cycle(id));
    }

    @Get("/proposals")
    public HttpResponse<String> proposals(@Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read proposals", () -> api.proposals(null));
    }

    @Get("/bots/{name}/proposals")
    public HttpResponse<String> botProposals(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read proposals", () -> api.proposals(name));
    }

    @Get("/directives")
    public HttpResponse<String> directives(@Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read directives", api::directives);
    }

    @Get("/goals")
    public HttpResponse<String> goals(@Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read goals", api::goals);
    }

    @Get("/home")
    public HttpResponse<String> home(@Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read home", api::home);
    }

    @Get("/goals/{name}/history")
    public HttpResponse<String> goalHistory(@PathVariable String name, @QueryValue @Nullable Integer limit,
            @Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read goal history", () -> api.goalHistory(name, limit == null ? 1000 : limit));
    }

    @Get("/subscriptions")
    public HttpResponse<String> subscriptions(@Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read subscriptions", api::subscriptions);
    }

    @Get("/subscriptions/{name}")
    public HttpResponse<String> subscription(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read subscription", () -> api.subscription(name));
    }

    @Get("/bots/{name}/events")
    public HttpResponse<String> events(@PathVariable String name, @QueryValue @Nullable Integer tail,
            @Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read events", () -> api.events(name, tail == null ? 50 : tail));
    }

    @Get("/owners/tree")
    public HttpResponse<String> ownersTree(@QueryValue @Nullable Integer limit, @Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read owners tree", () -> api.ownersTree(limit == null ? 20_000 : limit));
    }

    @Get("/owners")
    public HttpResponse<String> owners(@QueryValue @Nullable String path, @QueryValue @Nullable String as,
            @Header(Replies.API_KEY) @Nullable String key) {
        return read(key, "read owners", () -> api.owners(path, as));
    }
}
