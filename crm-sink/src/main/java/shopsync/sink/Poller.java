package shopsync.sink;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A target's job on a timer: run now, then {@code interval} after each run ends; a failed run is logged and the next
 * one comes anyway.
 *
 * @param name the timer thread's name
 * @param pollOnce one run; what it returns (e.g. events published) is not used
 */
public record Poller(String name, Duration interval, Callable<?> pollOnce) {}
