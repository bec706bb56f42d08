package shopsync.sink.frontpad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import shopsync.events.Json;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.delivery.RateGate;
import shopsync.sink.frontpad.FrontpadClient.FrontpadAnswer;
import shopsync.testkit.FrontpadEmulator;

/** The emulator is Frontpad as field-facts.md knows it: documented methods only, its limits, lost answers. */
class FrontpadEmulatorTest {
    FrontpadEmulator frontpad;
    FrontpadClient unlimited; // no budget of its own: the emulator's limits are what is tested

    @BeforeEach
    void start() {
        frontpad = FrontpadEmulator.start("s");
        frontpad.addProduct("A-1", "Пицца", "500");
        unlimited = new FrontpadClient(frontpad.url(), "s", Duration.ofSeconds(5), new RateGate(1000));
    }

    @AfterEach
    void stop() {
        unlimited.close();
        frontpad.close();
    }

    @Test
    void anUndocumentedMethodIsAnErrorAndGetStatusByPhoneSaysOnlyTheStatus() {
        frontpad.setLimits(1000, 1000, Duration.ofMinutes(1)); // this test is about answers, not limits
        FrontpadAnswer created = unlimited.call("new_order", order("79001112233"));
        assertThat(created.success()).isTrue();

        FrontpadAnswer unknown = unlimited.call("get_status_phone", Map.of("client_phone", "79001112233"));
        assertThat(unknown.body()).isEqualTo(Json.object().put("result", "error").put("error", "invalid_method"));
        FrontpadAnswer byPhone = unlimited.call("get_status", Map.of("client_phone", "79001112233"));
        assertThat(byPhone.body()).isEqualTo(Json.object().put("result", "success").put("status", "Новый"));
        FrontpadAnswer byId = unlimited.call("get_status", Map.of("order_id", created.body().path("order_id").asText()));
        assertThat(byId.body()).isEqualTo(Json.object().put("result", "success").put("status", "Новый"));
        assertThat(unlimited.call("get_stops", Map.of()).error()).as("an empty stop list is its own error code").isEqualTo("no_stops");
        frontpad.addStop("TEA-01");
        assertThat(unlimited.call("get_stops", Map.of()).body().path("product_id").toString()).isEqualTo("[\"TEA-01\"]");
    }

    @Test
    void moreThanTwoRequestsASecondAreRefused() {
        List<String> answers = List.of(status(), status(), status()).stream().map(FrontpadAnswer::error).toList();
        assertThat(answers).containsExactly("invalid_order_id", "invalid_order_id", "requests_limit");
        assertThat(frontpad.limitedRequests()).isEqualTo(1);
    }

    @Test
    void moreThanThirtyRequestsAMinuteAreRefused() {
        frontpad.setLimits(30, 2, Duration.ofSeconds(6)); // a minute of 6 s (its "second" 100 ms), not to wait real minutes
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            LockSupport.parkNanos(Duration.ofMillis(110).toNanos()); // paced under the 2-a-"second" limit: only the minute is hit
            errors.add(status().error());
        }
        assertThat(errors.subList(0, 30)).containsOnly("invalid_order_id");
        assertThat(errors.get(30)).isEqualTo("requests_limit");
    }

    @Test
    void anOrderCanBeAcceptedAndItsAnswerLost() {
        frontpad.setLimits(1000, 1000, Duration.ofMinutes(1));
        frontpad.acceptThenFail(FrontpadEmulator.Mode.HTTP_502);
        assertThatThrownBy(() -> unlimited.call("new_order", order("79001112233"))).isInstanceOf(CrmUnreachable.class)
                .matches(e -> ((CrmUnreachable) e).requestLeft(), "the request may have reached Frontpad");
        assertThat(frontpad.orders()).hasSize(1);

        frontpad.acceptThenFail(FrontpadEmulator.Mode.DROP_CONNECTION);
        assertThatThrownBy(() -> unlimited.call("new_order", order("79001112234"))).isInstanceOf(CrmUnreachable.class);
        assertThat(frontpad.orders()).hasSize(2);

        frontpad.acceptThenFail(FrontpadEmulator.Mode.ANSWER);
        frontpad.setShiftOpen(false);
        assertThat(unlimited.call("new_order", order("79001112235")).error()).as("an error answer is never lost").isEqualTo("cash_close");
    }

    private FrontpadAnswer status() {
        return unlimited.call("get_status", Map.of("order_id", "1"));
    }

    static ObjectNode order(String phone) {
        ObjectNode f = Json.object();
        f.putArray("product").add("A-1");
        f.putArray("product_kol").add("1");
        f.put("phone", phone).put("name", "Тест");
        return f;
    }
}
