package shopsync.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Routes given before the start and added while running, under a catch-all. */
class JsonHttpServerTest {
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRouteAddedWhileRunningWinsOverTheCatchAllForItsPaths() throws Exception {
        try (JsonHttpServer server = JsonHttpServer.on(new InetSocketAddress("127.0.0.1", 0)).threads(1, "test-http")
                .route("/", ex -> JsonHttpServer.json(ex, 404, "{\"route\":\"any\"}")).start()) {
            assertThat(get(server, "/page")).isEqualTo("404 {\"route\":\"any\"}");

            server.route("/page", ex -> JsonHttpServer.reply(ex, 200, "text/plain; charset=utf-8", "page"));

            assertThat(get(server, "/page")).isEqualTo("200 page");
            assertThat(get(server, "/page/sub")).isEqualTo("200 page");
            assertThat(get(server, "/other")).isEqualTo("404 {\"route\":\"any\"}");
        }
    }

    private String get(JsonHttpServer server, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
