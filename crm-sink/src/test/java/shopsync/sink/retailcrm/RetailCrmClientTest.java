package shopsync.sink.retailcrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import shopsync.events.Json;
import shopsync.events.SyncRequest;
import shopsync.sink.delivery.Delivery;
import shopsync.testkit.RetailCrmEmulator;

/** The RetailCRM client and delivery against the emulator over real HTTP, including every error shape. */
class RetailCrmClientTest {
    static final String KEY = "test-key-7f3a";
    RetailCrmEmulator crm;
    RetailCrmClient client;
    RetailCrmDelivery delivery;

    @BeforeEach
    void start() {
        crm = RetailCrmEmulator.start(KEY);
        client = new RetailCrmClient(crm.url(), KEY, "shop", Duration.ofSeconds(5));
        delivery = new RetailCrmDelivery(client);
    }

    @AfterEach
    void stop() {
        client.close();
        crm.close();
    }

    @Test
    void createSendsTheKeyInTheHeaderAndTheOrderAsAFormFieldWithSite() {
        client.createCustomer(customer("7"));
        CrmResponse created = client.createOrder(order("7"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.success()).isTrue();
        RetailCrmEmulator.Call call = crm.calls("POST", "/api/v5/orders/create").get(0);
        assertThat(call.params()).containsEntry("site", "shop").doesNotContainKey("apiKey");
        assertThat(call.json("order").path("externalId").asText()).isEqualTo("7");
        assertThat(crm.order("shop", "7").path("payments").isObject()).as("RetailCRM answers payments as a map").isTrue();
    }

    @Test
    void pathIdsAreUrlEncoded() {
        client.createCustomer(customer("7"));
        client.createOrder(Json.object().put("externalId", "2301/15"));
        CrmResponse edit = client.editOrder("2301/15", Json.object().put("externalId", "2301/15").put("status", "paid"));

        assertThat(edit.status()).isEqualTo(200);
        assertThat(crm.order("shop", "2301/15").path("status").asText()).isEqualTo("paid");
    }

    @Test
    void wrongOrMissingKeyIs403WithTheExactMessage() throws Exception {
        try (RetailCrmClient wrong = new RetailCrmClient(crm.url(), "nope", "shop", Duration.ofSeconds(5))) {
            CrmResponse r = wrong.reference("statuses");
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.errorMsg()).isEqualTo("Wrong \"apiKey\" value.");
        }
        HttpResponse<String> noKey = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(crm.url() + "/api/v5/reference/statuses")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(403);
        assertThat(Json.parse(noKey.body()).path("errorMsg").asText()).isEqualTo("\"apiKey\" is missing.");
    }

    @Test
    void theEmulatorAlsoTakesTheKeyAsParameterAndMultipartBodies() throws IOException, InterruptedException {
        String boundary = "----php";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"customer\"\r\n\r\n{\"externalId\":\"9\"}\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"apiKey\"\r\n\r\n" + KEY + "\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(crm.url() + "/api/v5/customers/create"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(crm.customer("shop", "9")).isNotNull();
    }

    @Test
    void unknownCodesAreA400WithFieldKeyedErrors() {
        client.createCustomer(customer("7"));
        ObjectNode bad = order("7").put("status", "no-such-status");
        CrmResponse r = client.createOrder(bad);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMsg()).isEqualTo("Order is not loaded");
        assertThat(r.errors()).containsEntry("status", "\"Status\" with \"code\"=\"no-such-status\" does not exist.");
    }

    @Test
    void aDuplicateCreateIsA400OrderAlreadyExists() {
        client.createOrder(Json.object().put("externalId", "5"));
        CrmResponse again = client.createOrder(Json.object().put("externalId", "5"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errorMsg()).isEqualTo("Order already exists.");
    }

    @Test
    void errorsAsAnArrayAreNormalisedToo() {
        CrmResponse r = new CrmResponse(400, Json.parse("{\"success\":false,\"errorMsg\":\"Order is not loaded\","
                + "\"errors\":[\"items[0].offer.id: Offer with id 5 not found.\"]}"));
        assertThat(r.errors()).containsExactly(Map.entry("0", "items[0].offer.id: Offer with id 5 not found."));
        assertThat(r.describe()).isEqualTo("Order is not loaded [items[0].offer.id: Offer with id 5 not found.]");
    }

    @Test
    void uploadOfMoreThan50IsRefusedAndPartialFailureIs460() throws Exception {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 51; i++) many.append(i == 0 ? "" : ",").append("{\"externalId\":\"u").append(i).append("\"}");
        assertThat(postForm("/api/v5/orders/upload", "orders=" + enc(many + "]")).statusCode()).isEqualTo(400);

        client.createOrder(Json.object().put("externalId", "dup"));
        HttpResponse<String> partial = postForm("/api/v5/orders/upload",
                "orders=" + enc("[{\"externalId\":\"fresh\"},{\"externalId\":\"dup\"}]"));
        assertThat(partial.statusCode()).isEqualTo(460);
        assertThat(Json.parse(partial.body()).path("errorMsg").asText()).isEqualTo("Orders are loaded with errors");
        assertThat(Json.parse(partial.body()).path("failedOrders").toString()).isEqualTo("[{\"externalId\":\"dup\"}]");
        assertThat(Json.parse(partial.body()).path("errors").toString()).as("not indexed by entity")
                .isEqualTo("[\"Order with externalId=dup already exists.\"]");
        assertThat(Json.parse(partial.body()).path("uploadedOrders").get(0).path("externalId").asText()).isEqualTo("fresh");
        assertThat(crm.order("shop", "fresh")).isNotNull();
    }

    @Test
    void a460WithErrorsAsAnObjectIsHandledTheSameWay() {
        crm.setUploadErrorsAsObject(true);
        deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7"));
        List<Delivery.Attempt> attempts = delivery.deliverAll(List.of(
                request(SyncRequest.Kind.ORDER_CREATE, "1", order("7").put("externalId", "1")),
                request(SyncRequest.Kind.ORDER_CREATE, "2", order("8").put("externalId", "2"))));

        assertThat(crm.calls("POST", "/api/v5/orders/upload").get(0).status()).isEqualTo(460);
        assertThat(attempts.get(0).outcome().delivered()).isTrue();
        assertThat(attempts.get(1).outcome()).as("an order whose customer is not there yet waits for it").isNull();
        assertThat(attempts.get(1).retryReason()).contains("Customer with externalId=8 not found.");
    }

    @Test
    void rateLimitIs503AndDeliveryCallsItTransient() {
        crm.setRequestsPerSecond(1);
        client.reference("statuses");
        CrmResponse limited = client.reference("statuses");
        assertThat(limited.status()).isEqualTo(503);

        crm.setRequestsPerSecond(0);
        assertThatThrownBy(() -> delivery.deliver(new SyncRequest("retailcrm", SyncRequest.Kind.ORDER_CREATE, "7", order("7"), 0)))
                .isInstanceOf(Delivery.TransientFailure.class);
    }

    @Test
    void threadsSharingOneClientStayWithinTheAccountsRateLimit() throws Exception {
        crm.setRequestsPerSecond(10);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 32; i++) answers.add(pool.submit(() -> client.reference("statuses").status()));
        List<Integer> statuses = new ArrayList<>();
        for (var a : answers) statuses.add(a.get());
        pool.shutdown();
        assertThat(statuses).as("no request got the CRM's 503 for exceeding 10/s").containsOnly(200);
    }

    @Test
    void aRateLimitWithoutRetryAfterIsTransientAndPausesNobody() {
        crm.setRequestsPerSecond(1);
        client.reference("statuses");
        long before = client.gate().waitedMs();
        CrmResponse limited = client.reference("statuses");
        assertThat(limited.status()).isEqualTo(503);
        assertThat(crm.calls().get(1).status()).isEqualTo(503);
        assertThat(client.gate().waitedMs() - before).as("no Retry-After, no pause: the delivery's backoff decides").isLessThan(500);
        assertThatThrownBy(() -> delivery.deliver(new SyncRequest("retailcrm", SyncRequest.Kind.STATUS_EDIT, "7",
                Json.object().put("externalId", "7").put("status", "paid"), 0))).isInstanceOf(Delivery.TransientFailure.class);
    }

    @Test
    void retryAfterPausesEveryThreadOfTheClient() {
        crm.setRetryAfterSeconds(1); // RetailCRM sending it is unverified; when it does, it is honoured
        crm.setRequestsPerSecond(1);
        client.reference("statuses");
        CrmResponse limited = client.reference("statuses");
        assertThat(limited.status()).isEqualTo(503);
        long before = client.gate().waitedMs();
        assertThat(client.reference("statuses").status()).as("after the pause the CRM answers again").isEqualTo(200);
        assertThat(client.gate().waitedMs() - before).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(500);
    }

    @Test
    void aCrmThatIsGoneIsTransientAndTheKeyIsNotInTheMessage() {
        crm.close();
        assertThatThrownBy(() -> delivery.deliver(new SyncRequest("retailcrm", SyncRequest.Kind.ORDER_CREATE, "7", order("7"), 0)))
                .isInstanceOf(Delivery.TransientFailure.class)
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(KEY));
    }

    @Test
    void createOfAnExistingOrderBecomesAnEditWithoutPayments() {
        deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7"));
        Delivery.Outcome first = deliver(SyncRequest.Kind.ORDER_CREATE, "7", order("7"));
        Delivery.Outcome replay = deliver(SyncRequest.Kind.ORDER_CREATE, "7", order("7").put("managerComment", "replayed"));

        assertThat(first.created()).isTrue();
        assertThat(replay.delivered()).isTrue();
        assertThat(replay.created()).isFalse();
        assertThat(crm.orderCount("shop")).isEqualTo(1);
        assertThat(crm.order("shop", "7").path("managerComment").asText()).isEqualTo("replayed");
        RetailCrmEmulator.Call edit = crm.calls("POST", "/api/v5/orders/7/edit").get(0);
        assertThat(edit.json("order").has("payments")).isFalse();
        assertThat(edit.params()).containsEntry("by", "externalId");
    }

    @Test
    void aNewCustomerCostsOneCreateAndAKnownOneAnEdit() {
        assertThat(deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7")).created()).isTrue();
        assertThat(deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7").put("firstName", "Пётр")).created()).isFalse();
        assertThat(crm.customer("shop", "7").path("firstName").asText()).isEqualTo("Пётр");
        assertThat(crm.calls("POST", "/api/v5/customers/create")).hasSize(1);
    }

    @Test
    void aCustomerThisProcessHasNotSentButTheCrmHasIsEditedAfterTheCreateIsRefused() {
        client.createCustomer(customer("7"));
        int before = crm.calls().size();
        assertThat(deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7").put("firstName", "Пётр")).delivered()).isTrue();
        assertThat(crm.customer("shop", "7").path("firstName").asText()).isEqualTo("Пётр");
        assertThat(crm.calls().subList(before, crm.calls().size())).extracting(c -> c.path() + " " + c.status())
                .containsExactly("/api/v5/customers/create 400", "/api/v5/customers/7/edit 200");
    }

    @Test
    void twoUpsertsOfOneCustomerAtOnceSendItOnce() throws Exception {
        // The customer stream's upsert and the new order's, identical, dispatched on two delivery threads.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Delivery.Outcome>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) both.add(pool.submit(() -> deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "9", customer("9"))));
            for (Future<Delivery.Outcome> f : both) assertThat(f.get().delivered()).isTrue();
        } finally {
            pool.shutdown();
        }
        assertThat(crm.calls()).extracting(RetailCrmEmulator.Call::path).containsExactly("/api/v5/customers/create");
    }

    @Test
    void aPaymentIsMarkedPaidThroughItsOwnEditFoundFromTheOrder() {
        deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7"));
        deliver(SyncRequest.Kind.ORDER_CREATE, "7", order("7"));
        String paymentId = crm.order("shop", "7").path("payments").fieldNames().next();
        int before = crm.calls().size();

        Delivery.Outcome outcome = deliver(SyncRequest.Kind.PAYMENT_EDIT, "7", Json.object().put("externalId", "7").put("status", "paid"));

        assertThat(outcome.delivered()).isTrue();
        assertThat(crm.calls().subList(before, crm.calls().size())).extracting(c -> c.method() + " " + c.path())
                .containsExactly("GET /api/v5/orders/7", "POST /api/v5/orders/payments/" + paymentId + "/edit");
        RetailCrmEmulator.Call edit = crm.calls("POST", "/api/v5/orders/payments/" + paymentId + "/edit").get(0);
        assertThat(edit.params()).containsEntry("by", "id").containsEntry("site", "shop");
        assertThat(edit.json("payment").toString()).isEqualTo("{\"id\":" + paymentId + ",\"status\":\"paid\"}");
        JsonNode payment = crm.order("shop", "7").path("payments").path(paymentId);
        assertThat(payment.path("status").asText()).isEqualTo("paid");
        assertThat(payment.path("type").asText()).as("the rest of the payment stays").isEqualTo("cash");

        int afterFirst = crm.calls().size();
        assertThat(deliver(SyncRequest.Kind.PAYMENT_EDIT, "7", Json.object().put("externalId", "7").put("status", "paid")).delivered())
                .isTrue();
        assertThat(crm.calls().subList(afterFirst, crm.calls().size())).as("a replay finds it paid and edits nothing")
                .extracting(RetailCrmEmulator.Call::path).containsExactly("/api/v5/orders/7");
    }

    @Test
    void aPaymentOfAnUnknownOrderIsRejectedAndAnUnknownPaymentIs404() {
        Delivery.Outcome outcome = deliver(SyncRequest.Kind.PAYMENT_EDIT, "8", Json.object().put("externalId", "8").put("status", "paid"));
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.detail()).isEqualTo("RetailCRM 404: Not found");
        assertThat(client.editPayment("999999", Json.object().put("id", 999999).put("status", "paid")).status()).isEqualTo(404);
    }

    @Test
    void anUnchangedCustomerIsNotSentTwiceByTheSameProcess() {
        deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7"));
        int before = crm.calls().size();
        assertThat(deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7")).delivered()).isTrue();
        assertThat(crm.calls()).hasSize(before);
    }

    @Test
    void aValidationErrorIsRejectedWithTheCrmsWords() {
        Delivery.Outcome outcome = deliver(SyncRequest.Kind.ORDER_CREATE, "8", order("8").put("status", "no-such-status"));
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.detail()).isEqualTo("RetailCRM 400: Order is not loaded "
                + "{status=\"Status\" with \"code\"=\"no-such-status\" does not exist., customer.externalId=Customer with externalId=8 not found.}");
    }

    @Test
    void anOrderWhoseCustomerIsNotThereYetWaitsForIt() {
        assertThatThrownBy(() -> deliver(SyncRequest.Kind.ORDER_CREATE, "8", order("8")))
                .isInstanceOf(Delivery.TransientFailure.class).hasMessageContaining("Customer with externalId=8 not found.");
        deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "8", customer("8"));
        assertThat(deliver(SyncRequest.Kind.ORDER_CREATE, "8", order("8")).created()).isTrue();
    }

    @Test
    void newOrdersGoInOneUploadAndWhatItDidNotTakeIsSentAloneWithTheReason() {
        deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7"));
        deliver(SyncRequest.Kind.ORDER_CREATE, "1", order("7").put("externalId", "1"));
        int before = crm.calls().size();
        List<SyncRequest> batch = List.of(
                request(SyncRequest.Kind.ORDER_CREATE, "1", order("7").put("externalId", "1").put("managerComment", "replayed")),
                request(SyncRequest.Kind.ORDER_CREATE, "2", order("7").put("externalId", "2")),
                request(SyncRequest.Kind.ORDER_CREATE, "3", order("7").put("externalId", "3").put("status", "no-such-status")),
                request(SyncRequest.Kind.ORDER_CREATE, "4", order("7").put("externalId", "4")));

        List<Delivery.Attempt> attempts = delivery.deliverAll(batch);

        assertThat(crm.calls("POST", "/api/v5/orders/upload")).hasSize(1);
        assertThat(attempts).extracting(a -> a.outcome().delivered()).containsExactly(true, true, false, true);
        assertThat(attempts).extracting(a -> a.outcome().created()).containsExactly(false, true, false, true);
        assertThat(attempts.get(2).outcome().detail()).contains("\"Status\" with \"code\"=\"no-such-status\" does not exist.");
        assertThat(crm.order("shop", "1").path("managerComment").asText()).as("the existing order was edited").isEqualTo("replayed");
        assertThat(crm.created("order")).extracting(RetailCrmEmulator.Created::externalId).containsExactly("1", "2", "4");
        assertThat(crm.calls().size() - before).as("one upload, then create→get (is it ours?)→edit for 1 and create for 3")
                .isEqualTo(5);
    }

    @Test
    void ordersOfOneCustomerShareOneUpsertAndNewCustomersGoInOneUpload() {
        List<Delivery.Attempt> attempts = delivery.deliverAll(List.of(
                request(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7")),
                request(SyncRequest.Kind.CUSTOMER_UPSERT, "8", customer("8")),
                request(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7").put("firstName", "Пётр"))));

        assertThat(attempts).allSatisfy(a -> assertThat(a.outcome().delivered()).isTrue());
        assertThat(crm.calls()).extracting(RetailCrmEmulator.Call::path).containsExactly("/api/v5/customers/upload");
        assertThat(crm.customer("shop", "7").path("firstName").asText()).as("the newest payload").isEqualTo("Пётр");

        delivery.deliverAll(List.of(request(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7").put("firstName", "Пётр")),
                request(SyncRequest.Kind.CUSTOMER_UPSERT, "8", customer("8"))));
        assertThat(crm.calls()).as("unchanged customers are not sent again").hasSize(1);
    }

    @Test
    void anUploadTheCrmCannotTakeNowIsTransientForTheWholeBatch() {
        crm.setDown(true);
        assertThatThrownBy(() -> delivery.deliverAll(List.of(request(SyncRequest.Kind.ORDER_CREATE, "1", order("7")),
                request(SyncRequest.Kind.ORDER_CREATE, "2", order("7").put("externalId", "2")))))
                .isInstanceOf(Delivery.TransientFailure.class);
    }

    @Test
    void linesOfOneOfferMergeKeepingTheLastUnlessEachCarriesItsOwnExternalIds() {
        ObjectNode plain = Json.object().put("externalId", "m1");
        plain.putArray("items").add(line("5", 1, null)).add(line("5", 3, null));
        client.createOrder(plain);
        assertThat(crm.order("shop", "m1").path("items")).hasSize(1);
        assertThat(crm.order("shop", "m1").path("items").get(0).path("quantity").asInt()).as("the last line").isEqualTo(3);

        ObjectNode own = Json.object().put("externalId", "m2");
        own.putArray("items").add(line("5", 1, "11")).add(line("5", 3, "12"));
        client.createOrder(own);
        assertThat(crm.order("shop", "m2").path("items")).hasSize(2);

        ObjectNode edit = Json.object().put("externalId", "m2");
        edit.putArray("items").add(Json.object().put("quantity", 7).set("externalIds", line("5", 0, "12").get("externalIds")))
                .add(line("5", 1, "11"));
        client.editOrder("m2", edit);
        assertThat(crm.order("shop", "m2").path("items")).extracting(i -> i.path("externalIds").get(0).path("value").asText()
                + " " + i.path("offer").path("externalId").asText() + " " + i.path("quantity").asInt())
                .as("the line with the same externalIds is updated, keeping what the edit did not send")
                .containsExactly("12 5 7", "11 5 1");
    }

    @Test
    void externalIdsAreUniquePerStoreAndAnotherStoresOrderIsNotOurs() {
        crm.addSite("outlet");
        crm.managerCreatesOrder("outlet", "7", "complete");
        deliver(SyncRequest.Kind.CUSTOMER_UPSERT, "7", customer("7"));
        assertThat(deliver(SyncRequest.Kind.ORDER_CREATE, "7", order("7")).created()).as("7 is free in our store").isTrue();
        assertThat(crm.order("shop", "7").path("status").asText()).isEqualTo("new");
        assertThat(crm.order("outlet", "7").path("status").asText()).isEqualTo("complete");

        String theirs = crm.order("outlet", "7").path("id").asText();
        assertThat(client.getOrder(theirs, "id").body().path("order").path("site").asText())
                .as("a CRM id names an order of any store").isEqualTo("outlet");
        crm.setLookupsByIdSeeOnlyTheSite(true);
        assertThat(client.getOrder(theirs, "id").status()).isEqualTo(404);
    }

    private static ObjectNode line(String offer, int quantity, String lineId) {
        ObjectNode line = Json.object().put("quantity", quantity);
        line.putObject("offer").put("externalId", offer);
        if (lineId != null) line.putArray("externalIds").addObject().put("code", "shopsync").put("value", lineId);
        return line;
    }

    private static SyncRequest request(SyncRequest.Kind kind, String id, ObjectNode payload) {
        return new SyncRequest("retailcrm", kind, id, payload, 0);
    }

    private Delivery.Outcome deliver(SyncRequest.Kind kind, String id, ObjectNode payload) {
        return delivery.deliver(new SyncRequest("retailcrm", kind, id, payload, 0));
    }

    private HttpResponse<String> postForm(String path, String body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(crm.url() + path))
                .header("X-API-KEY", KEY).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String stackText(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    static ObjectNode customer(String id) {
        return Json.object().put("externalId", id).put("firstName", "Иван");
    }

    static ObjectNode order(String customerId) {
        ObjectNode o = Json.object().put("externalId", customerId).put("status", "new");
        o.putObject("customer").put("externalId", customerId);
        o.putArray("payments").addObject().put("type", "cash");
        o.putArray("items").addObject().put("productName", "Чай").put("quantity", 2).put("initialPrice", new BigDecimal("450.00"));
        return o;
    }

}
