package shopsync.http;

import com.sun.net.httpserver.HttpExchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as a PHP-style API sees it: query parameters plus form fields from an
 * {@code application/x-www-form-urlencoded} or {@code multipart/form-data} body (parsed by Netty's decoder).
 */
public record FormRequest(String method, String path, Map<String, String> query, Map<String, String> form,
                          Map<String, List<String>> headers, byte[] body) {

    public static FormRequest read(HttpExchange exchange, int maxBodyBytes) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) throw new BodyTooLarge();
        QueryStringDecoder uri = new QueryStringDecoder(exchange.getRequestURI().toString(), StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if ("POST".equals(exchange.getRequestMethod()) && contentType != null && body.length > 0
                && (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/form-data"))) {
            FullHttpRequest netty = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                    exchange.getRequestURI().toString(), Unpooled.wrappedBuffer(body));
            netty.headers().set("Content-Type", contentType);
            HttpPostRequestDecoder decoder = new HttpPostRequestDecoder(
                    new DefaultHttpDataFactory(false, StandardCharsets.UTF_8), netty, StandardCharsets.UTF_8);
            try {
                for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                    if (data instanceof Attribute attribute) form.put(attribute.getName(), attribute.getValue());
                }
            } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
                throw new IOException("malformed form body: " + e.getMessage(), e);
            } finally {
                decoder.destroy();
                netty.release();
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        uri.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        return new FormRequest(exchange.getRequestMethod(), uri.rawPath(), query, form,
                Map.copyOf(exchange.getRequestHeaders()), body);
    }

    /** A parameter from the form body, else from the query string. */
    public String param(String name) {
        String v = form.get(name);
        return v != null ? v : query.get(name);
    }

    public String header(String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
        }
        return null;
    }

    /** Thrown when the body exceeds the limit the server accepts. */
    public static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("request body too large");
        }
    }
}
