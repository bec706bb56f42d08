package shopsync.sink.retailcrm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import javax.xml.stream.XMLStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.http.JsonHttpServer;
import shopsync.sink.catalog.CatalogView;

/**
 * The ICML catalog RetailCRM loads every few hours (Stores → the store → catalog: the ICML file's URL), at
 * {@code /catalog/retailcrm/<secret>.xml} on the webhook port: RetailCRM fetches it without credentials, so the secret
 * path segment is the only key. Rendered from the local copy of {@code shopsync.catalog}, streamed, from one
 * consistent point in time. {@code ETag} (the copy's version and the feed's settings) and {@code Last-Modified} let a
 * loader skip an unchanged catalog ({@code 304}). Answers 503 while the copy is still being read: an incomplete
 * catalog would make RetailCRM take the missing offers for gone.
 */
final class IcmlFeed implements HttpHandler {
    static final String PATH = "/catalog/retailcrm/";
    private static final Logger log = LoggerFactory.getLogger(IcmlFeed.class);

    private final CatalogView view;
    private final byte[] secretDigest;
    private final IcmlWriter.Settings settings;
    private final String settingsTag;
    private final Clock clock;
    private final long startedMs;

    IcmlFeed(CatalogView view, String secret, IcmlWriter.Settings settings, Clock clock) {
        this.view = view;
        this.secretDigest = sha256(secret);
        this.settings = settings;
        this.settingsTag = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(settings.toString())).substring(0, 8);
        this.clock = clock;
        this.startedMs = clock.millis();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readNBytes(64 * 1024); // a GET has none; a large body is not read, the connection just ends
        String token = exchange.getRequestURI().getRawPath().substring(PATH.length()).replaceFirst("\\.xml$", "");
        if (!MessageDigest.isEqual(sha256(token), secretDigest)) {
            JsonHttpServer.reply(exchange, 404, "text/plain; charset=utf-8", "no such endpoint");
            return;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            JsonHttpServer.reply(exchange, 405, "text/plain; charset=utf-8", "use GET");
            return;
        }
        if (!view.ready()) {
            exchange.getResponseHeaders().set("Retry-After", "60");
            JsonHttpServer.reply(exchange, 503, "text/plain; charset=utf-8", "the catalog is still being read; try again in a minute");
            return;
        }
        try (CatalogView.Reading reading = view.read()) {
            String etag = "\"" + reading.version() + "-" + settingsTag + "\"";
            long modifiedMs = Math.max(reading.lastModifiedMs(), startedMs) / 1000 * 1000;
            var headers = exchange.getResponseHeaders();
            headers.set("ETag", etag);
            headers.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(modifiedMs).atZone(ZoneOffset.UTC)));
            headers.set("Cache-Control", "no-cache");
            if (notModified(exchange, etag, modifiedMs)) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            headers.set("Content-Type", "application/xml; charset=utf-8");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            long start = System.nanoTime();
            exchange.sendResponseHeaders(200, 0);
            long offers;
            try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 64 * 1024)) {
                offers = IcmlWriter.write(reading, out, settings, LocalDateTime.now(clock));
            } catch (XMLStreamException e) {
                log.error("retailcrm catalog feed: writing failed after the answer began: {}", e.getMessage());
                return;
            }
            log.info("retailcrm catalog feed: {} offers (version {}) in {} ms", offers, reading.version(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** RFC 9110: If-None-Match decides when present; If-Modified-Since only without it. */
    private static boolean notModified(HttpExchange exchange, String etag, long modifiedMs) {
        String match = exchange.getRequestHeaders().getFirst("If-None-Match");
        if (match != null) {
            for (String tag : match.split(",")) {
                String t = tag.trim().replaceFirst("^W/", "");
                if (t.equals(etag) || t.equals("*")) return true;
            }
            return false;
        }
        String since = exchange.getRequestHeaders().getFirst("If-Modified-Since");
        if (since == null) return false;
        try {
            return ZonedDateTime.parse(since.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() >= modifiedMs;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
