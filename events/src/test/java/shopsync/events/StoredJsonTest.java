package shopsync.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Records written by earlier versions still read: users keep their stored Kafka data across upgrades. */
class StoredJsonTest {

    @Test
    void aCrmEventStoredBeforeFailureReportsReadsAsAStatusChange() {
        String stored = "{\"target\":\"retailcrm\",\"source\":\"history\",\"orderId\":\"7\",\"crmOrderId\":\"1007\","
                + "\"status\":\"paid\",\"historyId\":12,\"eventTimeMs\":1000}";
        CrmEvent event = Topics.CRM_INBOUND.valueSerde().deserializer().deserialize("crm.inbound", stored.getBytes());
        assertThat(event).isEqualTo(new CrmEvent("retailcrm", "history", "7", "1007", "paid", 12, 1000));
        assertThat(event.deliveryFailed()).isFalse();
    }

    @Test
    void aFailureReportRoundTrips() {
        CrmEvent failure = CrmEvent.deliveryFailure("frontpad", "9", "Frontpad invalid_product_keys", 5);
        byte[] json = Topics.CRM_INBOUND.valueSerde().serializer().serialize("crm.inbound", failure);
        assertThat(Topics.CRM_INBOUND.valueSerde().deserializer().deserialize("crm.inbound", json)).isEqualTo(failure);
    }

    @Test
    void storedResultsOfEveryKindStillRead() {
        for (String kind : new String[] {"CUSTOMER_UPSERT", "ORDER_CREATE", "ORDER_EDIT", "STATUS_EDIT", "SHOP_STATUS", "PRODUCT_ARTICLE"}) {
            String stored = "{\"target\":\"frontpad\",\"kind\":\"" + kind + "\",\"entityId\":\"3\",\"outcome\":\"REJECTED\","
                    + "\"crmId\":null,\"detail\":\"x\",\"sourceTsMs\":0,\"completedAtMs\":1}";
            SyncResult result = Topics.SYNC_RESULTS.valueSerde().deserializer().deserialize("sync.results", stored.getBytes());
            assertThat(result.kind().name()).isEqualTo(kind);
        }
    }
}
