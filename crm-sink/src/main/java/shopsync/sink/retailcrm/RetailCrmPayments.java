package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Json;
import shopsync.sink.delivery.Delivery.Outcome;
import shopsync.sink.delivery.Delivery.TransientFailure;

/**
 * Sets the status of an order's payments, as the official modules and modRetailCRM do: payments are only sent on
 * create, so the payment's CRM id is read from the order ({@code orders/{externalId}?by=externalId}, where
 * {@code payments} is an object keyed by payment id, or an array) and each payment not yet in that status is edited
 * through {@code orders/payments/{id}/edit}. A replay finds them already in it and sends no edit.
 */
final class RetailCrmPayments {
    private static final Logger log = LoggerFactory.getLogger(RetailCrmPayments.class);

    private RetailCrmPayments() {}

    /** @param request {@code {externalId, status}}: the order (its {@code externalId}, else {@code entityId}) and the payment status */
    static Outcome markPayments(RetailCrmClient client, String entityId, JsonNode request) {
        String externalId = Json.text(request, "externalId") != null ? Json.text(request, "externalId") : entityId;
        String status = Json.text(request, "status");
        CrmResponse order = client.getOrder(externalId, "externalId");
        if (!order.success()) return failed(order);
        String orderCrmId = order.body().path("order").path("id").asText();
        List<JsonNode> toMark = new ArrayList<>();
        JsonNode payments = order.body().path("order").path("payments");
        for (JsonNode p : payments) {
            if (!p.path("id").isMissingNode() && !status.equals(Json.text(p, "status"))) toMark.add(p.get("id"));
        }
        if (payments.isEmpty()) log.info("order {}: RetailCRM has no payment to mark '{}'", externalId, status);
        for (JsonNode paymentId : toMark) {
            ObjectNode payment = Json.object();
            payment.set("id", paymentId);
            CrmResponse edit = client.editPayment(paymentId.asText(), payment.put("status", status));
            if (!edit.success()) return failed(edit);
        }
        return Outcome.updated(orderCrmId);
    }

    private static Outcome failed(CrmResponse response) {
        if (response.transientFailure()) throw new TransientFailure("RetailCRM answered " + response.status() + ": " + response.errorMsg());
        return Outcome.rejected("RetailCRM " + response.status() + ": " + response.describe(), response.body().toString());
    }
}
