package shopsync.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import shopsync.events.CatalogEntry;
import shopsync.events.SyncRequest;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.processor.retailcrm.RetailCrmOptions;
import shopsync.processor.retailcrm.RetailCrmRequests;

/** The shop's catalog as the processor keeps it, and the offer stock and price changes it sends between catalog loads. */
class CatalogTopologyTest {
    TopologyTestDriver driver;
    Envelopes rows = new Envelopes();
    TestInputTopic<String, JsonNode> cdc;
    TestOutputTopic<String, CatalogEntry> catalog;
    TestOutputTopic<String, SyncRequest> retailCrm;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        RetailCrmOptions options = new RetailCrmOptions(RetailCrmOptions.OfferId.MODRETAILCRM, Set.of(), "paid")
                .withInventories(new RetailCrmOptions.Inventories(true, "main", "base"));
        driver = new TopologyTestDriver(ShopTopology.build(new StreamsBuilder(), new TopologySettings("modx_", Set.of(5),
                List.of(new RetailCrmRequests(ShopTopologyTest.MAPPING, options)))), p);
        cdc = driver.createInputTopic(Topics.CDC_PRODUCTS.name(), Topics.CDC_PRODUCTS.keySerde().serializer(),
                Topics.CDC_PRODUCTS.valueSerde().serializer());
        catalog = output(Topics.CATALOG);
        retailCrm = output(Topics.RETAILCRM.syncTopic());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void productWithModificationsIsOneRecordWithThePricesTheShopCharges() {
        cdc.pipeInput("3", rows.insert("modx_site_content", Map.of("id", 3, "pagetitle", "Чай", "class_key", "msCategory", "parent", 0,
                "uri", "catalog/tea/")));
        cdc.pipeInput("vendor:2", rows.insert("modx_ms2_vendors", Map.of("id", 2, "name", "Чайный дом")));
        cdc.pipeInput("7", rows.insert("modx_site_content", Map.of("id", 7, "pagetitle", "Чай улун", "parent", 3)));
        cdc.pipeInput("7", rows.insert("modx_ms2_products", Map.of("id", 7, "article", "TEA-07", "price", "1000.00", "weight", "0.500",
                "remains", 12, "vendor", 2, "image", "/assets/images/products/7/oolong.jpg")));
        cdc.pipeInput("7", rows.insert("modx_msop_modifications", Map.of("id", 11, "rid", 7, "type", 1, "price", "1200", "article", "TEA-07-L",
                "count", 4, "rank", 1)));
        cdc.pipeInput("7", rows.insert("modx_msop_modification_options", Map.of("mid", 11, "rid", 7, "key", "size", "value", "L")));
        cdc.pipeInput("7", rows.insert("modx_msop_modifications", Map.of("id", 12, "rid", 7, "type", 2, "price", "10%", "count", 2,
                "name", "Подарочная упаковка")));
        cdc.pipeInput("7", rows.insert("modx_msop_modifications", Map.of("id", 13, "rid", 7, "type", 3, "price", "150", "active", 0)));

        Map<String, CatalogEntry> latest = catalog.readKeyValuesToMap();
        assertThat(latest.get("category:3").category()).isEqualTo(new CatalogEntry.Category(3, 0, "Чай"));
        assertThat(latest.get("vendor:2").vendor()).isEqualTo(new CatalogEntry.Vendor(2, "Чайный дом"));
        CatalogEntry.Product tea = latest.get("product:7").product();
        assertThat(tea.name()).isEqualTo("Чай улун");
        assertThat(tea.categoryId()).isEqualTo(3);
        assertThat(tea.quantity()).isEqualTo(12);
        assertThat(tea.vendorId()).isEqualTo(2);
        assertThat(tea.modifications()).as("inactive modification 13 is not offered; rank orders them").extracting(
                m -> m.id() + " " + m.name() + " " + m.price() + " " + m.article() + " " + m.quantity())
                .containsExactly("12 Подарочная упаковка 1100.00 null 2", "11 L 1200.00 TEA-07-L 4");
        assertThat(tea.offers(true)).extracting(CatalogEntry.Offer::id).containsExactly("7", "mod-7-12", "mod-7-11");
        assertThat(tea.offers(false)).extracting(CatalogEntry.Offer::id).containsExactly("7");
        assertThat(latest).doesNotContainKey("product:3");
        assertThat(retailCrm.isEmpty()).as("new products are brought by the next catalog load").isTrue();

        cdc.pipeInput("7", rows.update("modx_site_content", 7, Map.of("published", 0)));
        assertThat(catalog.readKeyValuesToMap()).containsEntry("product:7", null);
    }

    @Test
    void stockAndPriceChangesOfKnownOffersAreSentAtOnceOnlyWhatChanged() {
        cdc.pipeInput("7", rows.read("modx_site_content", Map.of("id", 7, "pagetitle", "Чай улун", "parent", 3)));
        cdc.pipeInput("7", rows.read("modx_ms2_products", Map.of("id", 7, "price", "1000.00", "remains", 12)));
        cdc.pipeInput("7", rows.read("modx_msop_modifications", Map.of("id", 11, "rid", 7, "type", 2, "price", "100", "count", 4)));
        cdc.pipeInput("7", rows.update("modx_ms2_products", 7, Map.of("remains", 11)));
        cdc.pipeInput("7", rows.update("modx_msop_modifications", 11, Map.of("count", 3)));
        cdc.pipeInput("7", rows.update("modx_ms2_products", 7, Map.of("price", "900.00")));

        List<String> sent = retailCrm.readRecordsToList().stream().map(r -> r.key() + " " + r.value().kind() + " " + r.value().payload()).toList();
        assertThat(sent).containsExactly(
                "offer:7 OFFER_STOCK {\"externalId\":\"7\",\"stores\":[{\"code\":\"main\",\"available\":11}]}",
                "offer:mod-7-11 OFFER_STOCK {\"externalId\":\"mod-7-11\",\"stores\":[{\"code\":\"main\",\"available\":3}]}",
                "offer:7 OFFER_STOCK {\"externalId\":\"7\",\"prices\":[{\"code\":\"base\",\"price\":900.00}]}",
                "offer:mod-7-11 OFFER_STOCK {\"externalId\":\"mod-7-11\",\"prices\":[{\"code\":\"base\",\"price\":1000.00}]}");
        assertThat(catalog.readKeyValuesToMap().get("product:7").product().price()).isEqualByComparingTo(new BigDecimal("900.00"));
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
