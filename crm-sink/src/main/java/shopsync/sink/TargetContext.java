package shopsync.sink;

import java.time.Clock;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.inbound.ShopOrders;

/**
 * What every target needs from the process that opens it.
 *
 * @param instanceId stable name of this process, for static consumer-group membership
 * @param inbound where what comes back from the CRMs is written ({@code crm.inbound}, results, cursors)
 * @param clock the time of every record, timer and retry decision
 * @param shopOrders the shop's orders from {@code shop.orders}, one index shared by every target (the sink closes it)
 */
public record TargetContext(String bootstrapServers, String instanceId, InboundPublisher inbound, Clock clock,
                            ShopOrders shopOrders) {}
