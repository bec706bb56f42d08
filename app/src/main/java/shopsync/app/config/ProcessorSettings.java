package shopsync.app.config;

import java.nio.file.Path;
import shopsync.processor.TopologySettings;

/** The processor role: its topology and how Kafka Streams runs it. */
public record ProcessorSettings(TopologySettings topology, Path stateDir, int threads, int commitIntervalMs) {}
