package shopsync.connector.capture;

import java.util.List;
import java.util.stream.Collectors;
import shopsync.events.Json;
import shopsync.events.Topics;
import shopsync.events.kafka.AckedProducer;

/**
 * Asks the running capture for a blocking ad-hoc snapshot of some shop tables (Debezium's {@code execute-snapshot}
 * signal over Kafka): for when the capture itself missed a window. The rows come again as snapshot reads; the
 * processor and the CRMs treat them as the upserts they are.
 */
public final class Resnapshot {
    private Resnapshot() {}

    /** @param tables table names without the shop's prefix, e.g. {@code ms2_orders} */
    public static String request(String bootstrapServers, String database, String tablePrefix, List<String> tables) {
        var collections = Json.MAPPER.createArrayNode();
        for (String t : tables) collections.add(database + "." + tablePrefix + t);
        var signal = Json.object().put("type", "execute-snapshot");
        signal.putObject("data").put("type", "blocking").set("data-collections", collections);
        String text = Json.write(signal);
        try (AckedProducer producer = new AckedProducer(bootstrapServers)) {
            producer.send(Topics.CDC_SIGNALS, CaptureSettings.TOPIC_PREFIX, text);
        }
        return tables.stream().collect(Collectors.joining(", "));
    }

    /** The tables the capture reads, in the snapshot's order. */
    public static List<String> allTables() {
        return CaptureSettings.TABLES;
    }

    /** Those of {@link #allTables()} a shop may lack (an extra it never installed); they are read where they exist. */
    public static List<String> optionalTables() {
        return CaptureSettings.OPTIONAL_TABLES;
    }
}
