package shopsync.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Live changes are committed at once or within the live interval; a backlog waits for Kafka Streams' own commits. */
class PromptCommitTest {
    /** The pace is per thread and outlives a test: each test starts far after the previous one's clock. */
    private static long clock = System.currentTimeMillis() + 3_600_000;

    MockProcessorContext<Object, Object> context;
    PromptCommit prompt;
    long now;

    @BeforeEach
    void setUp() {
        Properties config = new Properties();
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "500");
        config.put(PromptCommit.LIVE_INTERVAL_CONFIG, "50");
        context = new MockProcessorContext<>(config);
        clock += 3_600_000;
        now = clock;
        context.setCurrentSystemTimeMs(now);
        prompt = PromptCommit.of(context);
    }

    @Test
    void aLiveChangeIsCommittedAtOnce() {
        prompt.afterForwarding(now - 20, now - 700); // the binlog's time has whole seconds
        assertThat(context.committed()).isTrue();
    }

    @Test
    void aBacklogWaitsForTheIntervalCommit() {
        prompt.afterForwarding(now - 20, now - 60_000); // a row the shop wrote a minute ago, just captured
        prompt.afterForwarding(now - 5_000, now - 5_000); // a row the processor is late for
        tick(200);
        assertThat(context.committed()).isFalse();
    }

    @Test
    void liveChangesInAStreamAreCommittedOneIntervalApart() {
        prompt.afterForwarding(now - 10, now);
        assertThat(context.committed()).isTrue();
        context.resetCommit();

        advance(20);
        prompt.afterForwarding(now - 10, now);
        assertThat(context.committed()).as("20 ms after the last commit").isFalse();
        tick(20);
        assertThat(context.committed()).as("40 ms after it").isFalse();
        tick(10);
        assertThat(context.committed()).as("50 ms after it, the waiting change is committed").isTrue();
    }

    @Test
    void theCheckRunsOnWallClockTimeAFifthOfTheInterval() {
        CapturedPunctuator check = context.scheduledPunctuators().get(0);
        assertThat(check.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(check.getInterval().toMillis()).isEqualTo(10);
    }

    private void advance(long ms) {
        now += ms;
        context.setCurrentSystemTimeMs(now);
    }

    /** {@code ms} pass and the scheduled check runs. */
    private void tick(long ms) {
        advance(ms);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(now));
    }
}
