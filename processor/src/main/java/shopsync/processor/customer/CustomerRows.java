package shopsync.processor.customer;

import com.fasterxml.jackson.databind.JsonNode;
import shopsync.events.CustomerSnapshot;
import shopsync.processor.BinlogPosition;

/** The two rows of a MODX customer as last seen, the snapshot last emitted and the last binlog position applied. */
public record CustomerRows(JsonNode user, JsonNode attributes, CustomerSnapshot emitted, BinlogPosition applied) {}
