package shopsync.app.config;

import java.time.Duration;

/**
 * Each order's trail ({@code shopsync.trail}).
 *
 * @param enabled whether the roles write it
 * @param retention how long its entries are kept (the topic's {@code retention.ms})
 * @param maxEntries how many of an order's latest entries a reader shows
 */
public record TrailSettings(boolean enabled, Duration retention, int maxEntries) {}
