package shopsync.app.config;

import java.nio.file.Path;
import shopsync.processor.TopologySettings;

/**
 * The processor role: its topology and how Kafka Streams runs it.
 *
 * @param commitIntervalMs the longest a live change waits for a commit
 * @param backlogCommitIntervalMs Kafka Streams' commit interval, the pace of commits while catching up
 * @param rocksDbMemoryMb the off-heap memory all its state stores share (block cache and memtables)
 */
public record ProcessorSettings(TopologySettings topology, Path stateDir, int threads, int commitIntervalMs, int backlogCommitIntervalMs,
                                int rocksDbMemoryMb) {}
