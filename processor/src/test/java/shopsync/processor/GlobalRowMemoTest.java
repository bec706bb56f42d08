package shopsync.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import shopsync.events.CustomerSnapshot;
import shopsync.events.Topics;

class GlobalRowMemoTest {
    private final Deserializer<CustomerSnapshot> read = GlobalRowMemo.of(Topics.CUSTOMERS).deserializer();
    /** Slots laid out as the memo's own. */
    private final DecodedMemo<CustomerSnapshot> slots = DecodedMemo.byContent(GlobalRowMemo.SLOTS);

    @Test
    void aRowReadAgainIsTheRowAsItIsNow() {
        byte[] before = customer("Anna");
        assertThat(read.deserialize("t", before).fullname()).isEqualTo("Anna");
        assertThat(read.deserialize("t", before.clone()).fullname()).isEqualTo("Anna");
        assertThat(read.deserialize("t", customer("Anna Petrova")).fullname()).isEqualTo("Anna Petrova");
    }

    @Test
    void rowsThatShareAMemoSlotDoNotStandInForEachOther() {
        byte[] first = customer("Anna");
        byte[] second = null;
        for (int i = 0; second == null; i++) {
            byte[] candidate = customer("Boris " + i);
            if (slots.slot(candidate) == slots.slot(first)) second = candidate;
        }
        for (int round = 0; round < 3; round++) {
            assertThat(read.deserialize("t", first).fullname()).isEqualTo("Anna");
            assertThat(read.deserialize("t", second).fullname()).startsWith("Boris ");
        }
    }

    private static byte[] customer(String name) {
        return ("{\"id\":7,\"username\":\"anna\",\"fullname\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
