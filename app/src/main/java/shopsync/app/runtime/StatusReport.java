package shopsync.app.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import shopsync.connector.ShopDatabase;
import shopsync.events.Json;
import shopsync.events.Masking;
import shopsync.events.Topics;
import shopsync.sink.TargetStatus;
import shopsync.sink.delivery.SinkStats;

/**
 * Everything an ops person asks after an outage, from inside the running process: which roles run, where the
 * capture is in the shop's binlog compared with the server (and whether the oldest binlog the server keeps is
 * close to it), consumer lag, parked orders and dead letters, last success and error per CRM, rate-limit
 * waits. {@code attention} lists what needs a human; it is empty when all is well.
 */
final class StatusReport {
    private static final long LAG_WARNING = 1_000;
    private final ShopsyncRuntime runtime;
    private final ShopDatabase shop;

    StatusReport(ShopsyncRuntime runtime, ShopDatabase shop) {
        this.runtime = runtime;
        this.shop = shop;
    }

    String scrape() {
        return runtime.metrics.scrape();
    }

    ObjectNode health() {
        ObjectNode h = Json.object();
        ObjectNode roles = h.putObject("roles");
        boolean ready = true;
        boolean live = true;
        for (RoleService role : runtime.roles()) {
            for (RoleService.Part part : role.health()) {
                ObjectNode node = roles.putObject(part.name()).put("live", part.live()).put("ready", part.ready());
                if (part.state() != null) node.put("state", part.state());
                ready &= part.ready();
                live &= part.live();
            }
        }
        return h.put("live", live).put("ready", ready);
    }

    ObjectNode status() {
        ObjectNode s = Json.object();
        List<String> attention = new ArrayList<>();
        ObjectNode health = health();
        s.set("roles", health.get("roles"));
        health.get("roles").fields().forEachRemaining(e -> {
            JsonNode role = e.getValue();
            if (!role.path("live").asBoolean()) attention.add(e.getKey() + " has stopped: " + role.path("state").asText("no reason known"));
            else if (!role.path("ready").asBoolean()) attention.add(e.getKey() + " is not running" + (role.has("state") ? " (" + role.path("state").asText() + ")" : ""));
        });
        if (runtime.capture() != null) s.set("cdc", cdc(attention));
        s.set("lag", lag(attention));
        ArrayNode targets = s.putArray("targets");
        for (TargetStatus target : sinkTargets()) {
            String name = target.target().name();
            SinkStats w = target.stats();
            ObjectNode t = targets.addObject().put("target", name).put("delivered", w.delivered() - w.deadLettered())
                    .put("parked", w.parked()).put("deadLettered", w.deadLettered()).put("retries", w.retries())
                    .put("lastSuccess", time(w.lastSuccessMs())).put("lastErrorAt", time(w.lastErrorMs()));
            if (w.lastError() != null) t.put("lastError", Masking.mask(w.lastError()));
            ObjectNode parked = t.putObject("parkedEntities");
            w.parkedReasons().forEach((key, error) -> parked.put(key, Masking.mask(error)));
            t.put("rateLimitWaitMs", target.rateLimitWaitMs());
            target.progress().forEach(t::put);
            target.attention().forEach(line -> attention.add(name + ": " + line));
            if (w.parked() > 0) attention.add(name + ": " + w.parked() + " order(s) parked (CRM failing)");
            if (w.deadLettered() > 0) attention.add(name + ": " + w.deadLettered() + " dead letter(s) since start: shopsync dlq list");
        }
        ArrayNode a = s.putArray("attention");
        attention.forEach(a::add);
        return s;
    }

    private List<TargetStatus> sinkTargets() {
        return runtime.sink() == null ? List.of() : runtime.sink().status();
    }

    /** Every consumer group whose lag matters: the processor's, each target's sink and the write-back. */
    private static List<String> groups() {
        List<String> groups = new ArrayList<>();
        groups.add("shopsync-processor");
        Topics.TARGETS.forEach(t -> groups.add(t.sinkGroup()));
        groups.add("shopsync-writeback");
        return groups;
    }

    private ObjectNode cdc(List<String> attention) {
        ObjectNode cdc = Json.object();
        String ours = runtime.capture().position();
        cdc.put("position", ours);
        if (runtime.capture().fatal() != null) attention.add("capture stopped: " + runtime.capture().fatal());
        try {
            ShopDatabase.BinlogStatus binlog = shop.binlogStatus();
            if (binlog.file() != null) cdc.put("server", binlog.file() + ":" + binlog.position());
            List<String> files = binlog.files();
            if (!files.isEmpty()) cdc.put("oldestBinlog", binlog.oldest());
            String ourFile = ours == null ? null : ours.substring(0, ours.indexOf(':'));
            if (ourFile != null && !files.isEmpty() && ourFile.compareTo(files.get(0)) < 0) {
                attention.add("the binlog the capture needs (" + ourFile + ") is already purged: see the capture's error");
            } else if (ourFile != null && files.size() > 1 && ourFile.equals(files.get(0))) {
                // The server rotates and purges binlogs, and the next one to go is the one the capture still reads.
                attention.add("binlog purge trap: the oldest binlog the server keeps (" + ourFile + ") is the one the capture "
                        + "reads; if it is purged while shopsync is down, changes are lost. Keep binlog_expire_logs_seconds "
                        + "well above the longest outage.");
            }
        } catch (Exception e) {
            cdc.put("serverError", e.getMessage());
            attention.add("cannot read the shop's binlog status: " + e.getMessage());
        }
        return cdc;
    }

    private ObjectNode lag(List<String> attention) {
        ObjectNode lag = Json.object();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            for (String group : groups()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                if (committed.isEmpty()) continue;
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
                long total = 0;
                for (var e : committed.entrySet()) if (e.getValue() != null) total += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                lag.put(group, total);
                if (total > LAG_WARNING) attention.add(group + " is " + total + " records behind");
            }
        } catch (Exception e) {
            lag.put("error", e.getMessage());
            attention.add("cannot read consumer lag: " + e.getMessage());
        }
        return lag;
    }

    private static String time(long ms) {
        return ms == 0 ? null : Instant.ofEpochMilli(ms).toString();
    }
}
