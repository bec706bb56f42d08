package shopsync.processor.retailcrm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import shopsync.events.CatalogEntry;
import shopsync.events.CustomerSnapshot;
import shopsync.events.Json;
import shopsync.events.OrderSnapshot;

/**
 * The RetailCRM API v5 JSON of a customer and an order ({@code shared/reference/retailcrm-api.md} §3,
 * {@code field-facts.md}): what each shop field becomes, in one place.
 */
final class RetailCrmPayloads {
    /** The code of the line ids shopsync gives order items ({@code items[].externalIds}). */
    static final String LINE_ID_CODE = "shopsync";

    private final RetailCrmMapping mapping;
    private final RetailCrmOptions options;

    RetailCrmPayloads(RetailCrmMapping mapping, RetailCrmOptions options) {
        this.mapping = mapping;
        this.options = options;
    }

    static ObjectNode customer(CustomerSnapshot c) {
        ObjectNode json = Json.object().put("externalId", String.valueOf(c.id()));
        putText(json, "firstName", c.fullname());
        putText(json, "email", c.email());
        ArrayNode phones = Json.MAPPER.createArrayNode();
        for (String phone : new String[] {c.mobilephone(), c.phone()}) {
            if (phone != null && !phone.isBlank()) phones.addObject().put("number", phone);
        }
        if (!phones.isEmpty()) json.set("phones", phones);
        return json;
    }

    ObjectNode order(OrderSnapshot o, String externalId, String status, boolean create) throws UnmappedCode {
        ObjectNode json = Json.object().put("externalId", externalId);
        putText(json, "number", o.num());
        putText(json, "createdAt", o.createdOn());
        OrderSnapshot.Address a = o.address();
        CustomerSnapshot profile = o.customer();
        if (a != null) putName(json, a.receiver());
        putText(json, "phone", firstNonBlank(a == null ? null : a.phone(),
                profile == null ? null : firstNonBlank(profile.mobilephone(), profile.phone())));
        putText(json, "email", firstNonBlank(a == null ? null : a.email(), profile == null ? null : profile.email()));
        if (o.userId() != 0) json.putObject("customer").put("externalId", String.valueOf(o.userId()));
        json.put("status", status);
        ArrayNode items = json.putArray("items");
        for (OrderSnapshot.Item i : o.items()) {
            ObjectNode item = items.addObject();
            // Each line carries its own id: RetailCRM merges lines of one offer into one unless they are told apart.
            item.putArray("externalIds").addObject().put("code", LINE_ID_CODE).put("value", String.valueOf(i.id()));
            item.putObject("offer").put("externalId", offerId(i));
            putText(item, "productName", i.name());
            item.put("initialPrice", i.price());
            item.put("quantity", i.count());
        }
        ObjectNode delivery = json.putObject("delivery");
        if (o.delivery() != 0) delivery.put("code", mapped(mapping.deliveries(), o.delivery(), "retailcrm.mapping.deliveries", "delivery"));
        delivery.put("cost", o.deliveryCost());
        if (a != null) {
            ObjectNode address = Json.object();
            putText(address, "index", a.index());
            putText(address, "region", a.region());
            putText(address, "city", a.city());
            putText(address, "metro", a.metro());
            putText(address, "street", a.street());
            putText(address, "building", a.building());
            putText(address, "flat", a.room());
            putText(address, "floor", a.floor());
            putText(address, "text", a.textAddress());
            if (!address.isEmpty()) delivery.set("address", address);
        }
        if (create && o.payment() != 0) {
            json.putArray("payments").addObject()
                    .put("type", mapped(mapping.payments(), o.payment(), "retailcrm.mapping.payments", "payment"));
        }
        BigDecimal grams = o.weight().multiply(mapping.gramsPerWeightUnit());
        json.put("weight", new BigDecimal(grams.stripTrailingZeros().toPlainString()));
        putText(json, "customerComment", a == null ? null : a.comment());
        putText(json, "managerComment", o.orderComment());
        return json;
    }

    /**
     * The receiver as typed at checkout, split the way modRetailCRM does (biz87/modRetailCRM-2.0
     * {@code orders.class.php::getCustomer}): three words are "Фамилия Имя Отчество"; otherwise the first word is the
     * first name and the rest the last name.
     */
    static void putName(ObjectNode json, String receiver) {
        if (receiver == null || receiver.isBlank()) return;
        String[] words = receiver.trim().split("\\s+");
        if (words.length == 3) {
            json.put("firstName", words[1]).put("lastName", words[0]).put("patronymic", words[2]);
            return;
        }
        String[] firstAndRest = receiver.trim().split("\\s+", 2);
        json.put("firstName", firstAndRest[0]);
        if (firstAndRest.length > 1) json.put("lastName", firstAndRest[1]);
    }

    private String offerId(OrderSnapshot.Item i) {
        if (options.offerId() == RetailCrmOptions.OfferId.MODRETAILCRM && i.modificationId() != null) {
            return CatalogEntry.modificationOfferId(i.productId(), i.modificationId());
        }
        return String.valueOf(i.productId());
    }

    static String mapped(Map<String, String> map, long shopId, String key, String what) throws UnmappedCode {
        String code = map.get(String.valueOf(shopId));
        if (code == null) throw new UnmappedCode("unmapped " + what + " " + shopId + ": add it to " + key);
        return code;
    }

    private static void putText(ObjectNode json, String field, String value) {
        if (value != null && !value.isBlank()) json.put(field, value);
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : (b != null && !b.isBlank() ? b : null);
    }

    /** A shop code that has no CRM code in the configuration. */
    static final class UnmappedCode extends Exception {
        UnmappedCode(String message) {
            super(message);
        }
    }
}
