package shopsync.processor.order;

import java.util.List;
import shopsync.events.TrailEntry;

/**
 * What one row event of an order led to: the change the CRMs are to learn about (null: none) and the order's trail
 * lines (empty when the trail is off), with the time of the step (the processor's clock), for the trail lines the
 * change leads to further down.
 */
public record OrderStep(OrderChange change, List<TrailEntry> trail, long atMs) {}
