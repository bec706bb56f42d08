package shopsync.connector.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.ShopCommand;
import shopsync.events.SyncResult;
import shopsync.events.Topics;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.ShopFixture;
import shopsync.testkit.TopicProbe;

/** The write-back on a real MariaDB: miniShop2's rules, one transaction, a result for every command. */
class StatusWriteBackTest {
    static PrivateMariaDb db;
    static EmbeddedKafka kafka;
    ShopFixture shop;
    static StatusWriteBack writeBack;
    static Thread thread;
    static KafkaProducer<String, byte[]> producer;
    static long customer;
    static long product;

    @BeforeAll
    static void start() {
        db = PrivateMariaDb.start();
        kafka = EmbeddedKafka.startTemporary();
        try (ShopFixture setup = ShopFixture.connect(db)) {
            customer = setup.newCustomer(new ShopFixture.Customer("a@example.com", "A B", "+79000000001"));
            product = setup.addProduct("TEA-01", "Чай", new BigDecimal("10.00"), new BigDecimal("0.100"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        writeBack = new StatusWriteBack(kafka.bootstrapServers(), "test", new WriteBackSettings(db.jdbcUrl(),
                PrivateMariaDb.CDC_USER, PrivateMariaDb.CDC_PASSWORD, "modx_", 0), Clock.systemUTC(), new Random());
        thread = new Thread(writeBack);
        thread.start();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer = new KafkaProducer<>(p, new StringSerializer(), (t, v) -> v);
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        writeBack.close();
        thread.join(10_000);
        kafka.close();
        db.close();
    }

    @BeforeEach
    void connect() {
        shop = ShopFixture.connect(db);
    }

    @AfterEach
    void disconnect() throws Exception {
        shop.close();
    }

    @Test
    void appliesAllowedChangesAndRefusesWhatMiniShop2Refuses() throws Exception {
        int before = resultCount();
        long paid = order(ShopFixture.STATUS_NEW);
        long sent = order(ShopFixture.STATUS_SENT);        // final
        long fixedPaid = order(ShopFixture.STATUS_PAID);   // fixed, rank 2
        long sameAgain = order(ShopFixture.STATUS_NEW);

        command(paid, ShopFixture.STATUS_PAID);
        command(sent, ShopFixture.STATUS_NEW);
        command(fixedPaid, ShopFixture.STATUS_NEW);
        command(paid, 42);
        command(987654, ShopFixture.STATUS_PAID);
        command(sameAgain, ShopFixture.STATUS_NEW);

        List<SyncResult> results = results(before + 6).subList(before, before + 6);
        assertThat(results).extracting(r -> r.entityId() + " " + r.outcome() + " " + r.detail()).containsExactly(
                paid + " UPDATED shop status 2",
                sent + " REJECTED shop refused status 1: status 3 is final: miniShop2 allows no change out of it",
                fixedPaid + " REJECTED shop refused status 1: status 2 is fixed: only a status of higher rank may follow (1 has rank 1, not above 2)",
                paid + " REJECTED shop refused status 42: status 42 does not exist in the shop",
                "987654 REJECTED shop refused status 2: the shop has no order 987654",
                sameAgain + " UPDATED shop status 1");
        assertThat(shop.status(paid)).isEqualTo(ShopFixture.STATUS_PAID);
        assertThat(shop.status(sent)).isEqualTo(ShopFixture.STATUS_SENT);
        assertThat(logRows(paid)).containsExactly("1", "2");
        assertThat(logRows(sameAgain)).as("nothing written when the shop already has the status").containsExactly("1");
    }

    @Test
    void aCommandWaitsWhileTheDatabaseIsDownAndIsAppliedWhenItIsBack() throws Exception {
        long order = order(ShopFixture.STATUS_NEW);
        int before = resultCount();
        db.kill();
        command(order, ShopFixture.STATUS_PAID);
        try (TopicProbe<SyncResult> probe = new TopicProbe<>(kafka.bootstrapServers(), Topics.SYNC_RESULTS)) {
            assertThat(probe.drain(Duration.ofSeconds(2))).hasSize(before);
            db.restart();
            probe.readUntil(r -> r.size() == before + 1, Duration.ofSeconds(60));
        }
        try (ShopFixture reconnected = ShopFixture.connect(db)) {
            assertThat(reconnected.status(order)).isEqualTo(ShopFixture.STATUS_PAID);
        }
    }

    private long order(int status) {
        long id = shop.placeOrder(customer, new ShopFixture.Order(1, 1, BigDecimal.ZERO, null,
                new ShopFixture.Address("A B", "+79000000001", "a@example.com", null, null, null, null, null, null, null, null,
                        null, null, null, null),
                List.of(new ShopFixture.Item(product, "Чай", 1, new BigDecimal("10.00"), new BigDecimal("0.100")))));
        if (status != ShopFixture.STATUS_NEW) shop.changeStatus(id, status, 1);
        return id;
    }

    private static void command(long orderId, int status) throws Exception {
        ShopCommand c = new ShopCommand(orderId, status, "retailcrm", "test", System.currentTimeMillis());
        producer.send(new ProducerRecord<>(Topics.SHOP_COMMANDS.name(), String.valueOf(orderId),
                Topics.SHOP_COMMANDS.valueSerde().serializer().serialize(Topics.SHOP_COMMANDS.name(), c))).get();
    }

    private static int resultCount() {
        try (TopicProbe<SyncResult> probe = new TopicProbe<>(kafka.bootstrapServers(), Topics.SYNC_RESULTS)) {
            return probe.readToEnd().size();
        }
    }

    private static List<SyncResult> results(int atLeast) {
        try (TopicProbe<SyncResult> probe = new TopicProbe<>(kafka.bootstrapServers(), Topics.SYNC_RESULTS)) {
            return probe.readUntil(r -> r.size() >= atLeast, Duration.ofSeconds(60)).stream().map(ConsumerRecord::value).toList();
        }
    }

    private static List<String> logRows(long orderId) throws Exception {
        try (Connection c = db.appConnection();
             PreparedStatement ps = c.prepareStatement("SELECT entry FROM modx_ms2_order_logs WHERE order_id = ? AND action = 'status' ORDER BY id")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> entries = new ArrayList<>();
                while (rs.next()) entries.add(rs.getString(1));
                return entries;
            }
        }
    }
}
