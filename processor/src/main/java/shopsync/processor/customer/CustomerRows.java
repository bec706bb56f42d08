package shopsync.processor.customer;

import com.fasterxml.jackson.databind.JsonNode;
import shopsync.events.CustomerSnapshot;

/** The two rows of a MODX customer as last seen, and the snapshot last emitted for them. */
public record CustomerRows(JsonNode user, JsonNode attributes, CustomerSnapshot emitted) {}
