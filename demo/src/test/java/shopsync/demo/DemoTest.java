package shopsync.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's run command: {@code shopsync demo} shows orders reaching the sandbox CRM within seconds. */
class DemoTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "orders placed: (\\d+) \\| in RetailCRM: (\\d+) \\| status in sync: (\\d+) .*\\| per new customer and first order: ([\\d.]+)");

    @Test
    void ordersReachTheSandboxCrmWithinSeconds() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new Demo(2, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(Duration.ofSeconds(20));

        List<String> summaries = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> SUMMARY.matcher(l).find()).toList();
        assertThat(exit).isZero();
        assertThat(summaries).as("a summary every two seconds").hasSizeGreaterThanOrEqualTo(5);
        Matcher last = SUMMARY.matcher(summaries.get(summaries.size() - 1));
        assertThat(last.find()).isTrue();
        int placed = Integer.parseInt(last.group(1));
        int inCrm = Integer.parseInt(last.group(2));
        System.out.println("demo: " + summaries.get(summaries.size() - 1));
        assertThat(placed).isGreaterThanOrEqualTo(10);
        assertThat(inCrm).as("all but the last second's orders are in the CRM").isGreaterThanOrEqualTo(placed - 3);
        assertThat(Double.parseDouble(last.group(4))).as("a new customer's first order costs a customer and an order request")
                .isLessThanOrEqualTo(2.0);
    }
}
