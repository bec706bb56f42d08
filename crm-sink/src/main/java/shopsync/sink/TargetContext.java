package shopsync.sink;

import java.time.Clock;
import shopsync.sink.inbound.InboundPublisher;

/**
 * What every target needs from the process that opens it.
 *
 * @param instanceId stable name of this process, for static consumer-group membership
 * @param inbound where what comes back from the CRMs is written ({@code crm.inbound}, results, cursors)
 * @param clock the time of every record, timer and retry decision
 */
public record TargetContext(String bootstrapServers, String instanceId, InboundPublisher inbound, Clock clock) {}
