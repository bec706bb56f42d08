package shopsync.sink.frontpad;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import shopsync.events.Json;

/**
 * A proxy in front of the Frontpad emulator that passes each call on and then spoils the answer as a test asks: a
 * 502 after Frontpad created the order (a gateway that timed out), or warning keys added to a success.
 */
final class FrontpadFaults implements AutoCloseable {
    enum Mode { PASS, ANSWER_502, WARN_DATETIME }

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String upstream;
    private volatile Mode mode = Mode.PASS;

    FrontpadFaults(String upstreamUrl) throws IOException {
        this.upstream = upstreamUrl;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + URI.create(upstream).getPath();
    }

    void mode(Mode next) {
        this.mode = next;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(upstream + "?" + exchange.getRequestURI().getRawQuery()))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = 200;
            String text = answer.body();
            if (mode == Mode.ANSWER_502) {
                status = 502;
                text = "<html>502 Bad Gateway</html>";
            } else if (mode == Mode.WARN_DATETIME && text.contains("\"success\"")) {
                ObjectNode json = (ObjectNode) Json.parse(text);
                text = Json.write(json.put("invalid_datetime", 1));
            }
            byte[] out = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
