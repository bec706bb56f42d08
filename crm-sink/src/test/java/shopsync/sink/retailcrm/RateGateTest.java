package shopsync.sink.retailcrm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import shopsync.sink.delivery.RateGate;
import shopsync.testkit.RetailCrmEmulator;

/**
 * The shared rate gate of a RetailCRM client against the emulator's per-key limit (a sliding one-second window that
 * answers 503 beyond it, as RetailCRM does: retailcrm-api.md, "Rate limit"), with as many threads as the sink uses.
 */
class RateGateTest {
    static final String KEY = "gate-key-0c1d";
    RetailCrmEmulator crm;
    RetailCrmClient client;
    RateGate gate;

    @BeforeEach
    void start() {
        crm = RetailCrmEmulator.start(KEY);
        gate = new RateGate(10);
        client = new RetailCrmClient(crm.url(), KEY, "shop", Duration.ofSeconds(5), gate);
    }

    @AfterEach
    void stop() {
        client.close();
        crm.close();
    }

    @Test
    void eightThreadsGetNearlyTheWholeDocumentedLimitWithoutA503() throws Exception {
        crm.setRequestsPerSecond(10);
        // A cold HTTP client holds the first requests while it connects, then sends them together: not steady state.
        for (int i = 0; i < 3; i++) client.reference("statuses");
        Thread.sleep(1_000); // the emulator's window forgets the warm-up
        int warmUp = crm.calls().size();
        long t0 = System.nanoTime();
        List<Integer> statuses = send(60, 8).subList(warmUp, warmUp + 60);
        double perSecond = (statuses.size() - 1) / ((System.nanoTime() - t0) / 1e9);

        assertThat(statuses).as("RetailCRM's 10/s is kept: no 503").containsOnly(200);
        assertThat(perSecond).as("the gate uses at least 95% of the limit (a fixed 10% margin gave 9.1/s)").isGreaterThanOrEqualTo(9.5);
        assertThat(gate.limitedAnswers()).isZero();
    }

    @Test
    void aCrmThatAllowsLessIsMetAtItsPaceAfterAFew503s() throws Exception {
        crm.setRequestsPerSecond(6); // e.g. a key another integration also uses
        List<Integer> statuses = List.of();
        // Batches of requests until the CRM has taken 60 in a row (about 10 s, longer than the gate takes to probe a
        // narrower margin), or 400 went without that.
        while (statuses.size() < 400 && !(statuses.size() >= 60 && statuses.subList(statuses.size() - 60, statuses.size()).stream()
                .allMatch(s -> s == 200))) {
            statuses = send(10, 8);
        }

        assertThat(statuses).as("the gate learnt from 503s").contains(503);
        assertThat(statuses.subList(statuses.size() - 60, statuses.size())).as("then the CRM stopped refusing").containsOnly(200);
        assertThat(gate.rate()).as("requests per second it settled on").isBetween(5.0, 6.0);
    }

    @Test
    void a503AmongSparseRequestsIsNotTheGatesPaceAndKeepsItsRate() throws Exception {
        double before = gate.rate();
        gate.acquire();
        gate.limited(); // an outage's answer to a lone retry

        assertThat(gate.rate()).isEqualTo(before).isGreaterThan(9.6);
    }

    /** {@code n} reference reads from {@code threads} threads; the statuses of every call so far, in the order the CRM answered them. */
    private List<Integer> send(int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) answers.add(pool.submit(() -> client.reference("statuses").status()));
        for (Future<Integer> a : answers) a.get();
        pool.shutdown();
        return crm.calls().stream().map(RetailCrmEmulator.Call::status).toList();
    }
}
