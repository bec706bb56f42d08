package shopsync.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import shopsync.events.Json;

/**
 * {@code shopsync status}: asks the running process ({@code ops.port}) and prints its state readably. Exit code 0
 * when all is well, 1 when something needs attention, 2 when shopsync does not answer — for cron and monitoring.
 */
public final class StatusCommand {
    private StatusCommand() {}

    /** Asks the process listening on {@code host} (an IP address) and {@code opsPort}. */
    public static int print(String host, int opsPort, PrintStream out) {
        JsonNode s;
        try {
            String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + opsPort;
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + authority + "/status")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            s = Json.parse(r.body());
        } catch (IOException | RuntimeException e) {
            out.println("shopsync does not answer on ops port " + opsPort + " (" + e.getClass().getSimpleName() + "): is it running?");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        List<String> roles = new ArrayList<>();
        s.path("roles").fields().forEachRemaining(e -> roles.add(e.getKey() + " " + (e.getValue().path("ready").asBoolean() ? "up" : "DOWN")
                + (e.getValue().has("state") ? " (" + e.getValue().path("state").asText() + ")" : "")));
        out.println("roles:     " + String.join(" · ", roles));
        if (s.has("cdc")) {
            JsonNode c = s.get("cdc");
            out.printf("cdc:       at %s; server at %s; oldest binlog kept %s%n", c.path("position").asText("-"),
                    c.path("server").asText("?"), c.path("oldestBinlog").asText("?"));
        }
        List<String> lag = new ArrayList<>();
        s.path("lag").fields().forEachRemaining(e -> lag.add(e.getKey() + " " + e.getValue().asText()));
        out.println("lag:       " + (lag.isEmpty() ? "-" : String.join(" · ", lag)));
        for (JsonNode t : s.path("targets")) {
            out.printf("%-10s parked %d, dead letters %d, retries %d, rate-limit waits %d ms, last success %s, last error %s%s%n",
                    t.path("target").asText() + ":", t.path("parked").asInt(), t.path("deadLettered").asInt(), t.path("retries").asInt(),
                    t.path("rateLimitWaitMs").asLong(), t.path("lastSuccess").asText("never"), t.path("lastErrorAt").asText("never"),
                    t.has("lastError") ? " (" + t.path("lastError").asText() + ")" : "");
            if (t.has("backfillCreated")) {
                out.printf("%-10s backfill: %d created, %d already there (left as they are)%n", "", t.path("backfillCreated").asLong(),
                        t.path("backfillAlreadyThere").asLong());
            }
        }
        if (s.path("attention").isEmpty()) {
            out.println("all well");
            return 0;
        }
        out.println("needs attention:");
        s.path("attention").forEach(a -> out.println("  - " + a.asText()));
        return 1;
    }
}
