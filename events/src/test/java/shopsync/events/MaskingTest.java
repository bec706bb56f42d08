package shopsync.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void emailsAndPhonesAreMaskedOrderIdsAndMoneyAreNot() {
        String masked = Masking.mask("RetailCRM 400: {email=ivan.petrov@example.com is taken, phone=+7 (900) 123-45-67} order 1234 cost 2090.50");
        assertThat(masked).doesNotContain("ivan.petrov", "123-45").contains("i***@example.com", "67}", "order 1234", "2090.50");
        assertThat(Masking.mask("+79000000002")).isEqualTo("+7********02");
        assertThat(Masking.mask("order 2611/57: ms2_orders update: status 1 → 2, cost 2090.50")).as("nothing to mask")
                .isEqualTo("order 2611/57: ms2_orders update: status 1 → 2, cost 2090.50");
        assertThat(Masking.mask("call 8 (900) 123-45-67")).isEqualTo("call ***************67");
        assertThat(Masking.mask("last error 2026-11-23 17:04:18 UTC, call 89001234567")).as("a date is not a phone")
                .isEqualTo("last error 2026-11-23 17:04:18 UTC, call *********67");
    }
}
