package shopsync.app.config;

import static shopsync.app.config.Setting.Type.BOOL;
import static shopsync.app.config.Setting.Type.DURATION;
import static shopsync.app.config.Setting.Type.INT;
import static shopsync.app.config.Setting.Type.LIST;
import static shopsync.app.config.Setting.Type.MAP;
import static shopsync.app.config.Setting.Type.STRING;
import static shopsync.app.config.Setting.Type.URL;

import java.util.List;
import shopsync.app.config.Setting.Check;

/** The declaration of every configuration key; {@code docs/configuration.md} is generated from it. */
public final class Settings {
    public static final List<Setting> ALL = List.of(
            new Setting("shop.host", STRING, "127.0.0.1", false, "Shop database host (MariaDB/MySQL with binlog_format=ROW)."),
            new Setting("shop.port", INT, "3306", false, "Shop database port.").must(Check.port()),
            new Setting("shop.database", STRING, null, false, "Shop database (schema) name."),
            new Setting("shop.user", STRING, null, false,
                    "Database user with SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT."),
            new Setting("shop.password", STRING, "", true, "Password of shop.user."),
            new Setting("shop.table-prefix", STRING, "modx_", false, "MODX table prefix.").must(Check.identifier()),
            new Setting("shop.server-id", INT, "5401", false,
                    "Replication server id the capture uses; unique among the database's replicas.").must(Check.positive()),
            new Setting("shop.draft-statuses", LIST, "5,999", false,
                    "Shop status ids that mean draft (never forwarded), besides 0.").must(Check.statusIds()),
            new Setting("shop.weight-unit", STRING, "kg", false, "Unit of miniShop2 weights: kg or g (RetailCRM wants grams).").must(Check.oneOf("kg", "g")),
            new Setting("shop.writeback-user", STRING, "", false,
                    "Database user that writes CRM statuses into the shop (UPDATE on ms2_orders, INSERT on ms2_order_logs); "
                    + "empty: shop.user."),
            new Setting("shop.writeback-password", STRING, "", true, "Password of shop.writeback-user."),
            new Setting("shop.log-user-id", INT, "0", false, "user_id written into ms2_order_logs for statuses set by a CRM."),
            new Setting("cdc.poll-interval-ms", INT, "20", false,
                    "How often the capture hands binlog events over; this is its idle latency.").must(Check.positive()),
            new Setting("cdc.snapshot-mode", STRING, "initial", false,
                    "initial: snapshot on the first start only; when_needed: also when the stored binlog position is gone.").must(Check.oneOf("initial", "when_needed")),
            new Setting("ops.port", INT, "8089", false,
                    "HTTP port of /health, /metrics (Prometheus) and /status (shopsync status reads it); 0: any free port.").must(Check.port()),
            new Setting("kafka.bootstrap-servers", STRING, "", false,
                    "Kafka brokers; empty starts an embedded single-node broker."),
            new Setting("kafka.data-dir", STRING, ".shopsync/kafka", false,
                    "Data directory of the embedded broker; a restart resumes from it."),
            new Setting("kafka.embedded-port", INT, "9092", false,
                    "Port of the embedded broker on 127.0.0.1 (0: any free port); shopsync dlq/replay reach it there.").must(Check.port()),
            new Setting("kafka.partitions", INT, "3", false, "Partitions of the topics shopsync creates.").must(Check.positive()),
            new Setting("kafka.replication-factor", INT, "1", false, "Replication factor of the topics shopsync creates.").must(Check.positive()),
            new Setting("kafka.instance-id", STRING, "", false,
                    "Stable name of this shopsync instance (static group membership: a restarted instance takes its "
                    + "partitions back at once); empty: the host name. Unique per instance."),
            new Setting("processor.state-dir", STRING, ".shopsync/streams", false, "Kafka Streams state directory."),
            new Setting("processor.threads", INT, "2", false,
                    "Kafka Streams threads; the topic partitions (kafka.partitions) are shared among them.").must(Check.positive()),
            new Setting("processor.commit-interval-ms", INT, "50", false,
                    "Kafka Streams commit interval (exactly-once transactions); bounds processor latency.").must(Check.positive()),
            new Setting("retailcrm.enabled", BOOL, "true", false, "Send orders and customers to RetailCRM."),
            new Setting("retailcrm.url", URL, null, false, "Account URL, e.g. https://myshop.retailcrm.ru"),
            new Setting("retailcrm.api-key", STRING, null, true, "API key (sent as X-API-KEY; never logged)."),
            new Setting("retailcrm.site", STRING, null, false, "Symbolic code of the store in RetailCRM (reference/sites)."),
            new Setting("retailcrm.timeout-ms", INT, "10000", false, "Connect and read timeout of RetailCRM calls.").must(Check.positive()),
            new Setting("retailcrm.mapping.statuses", MAP, "", false, "Shop status id → RetailCRM status code."),
            new Setting("retailcrm.mapping.deliveries", MAP, "", false, "Shop delivery id → RetailCRM delivery type code."),
            new Setting("retailcrm.mapping.payments", MAP, "", false, "Shop payment id → RetailCRM payment type code."),
            new Setting("retailcrm.rate-limit", INT, "10", false,
                    "Requests per second shopsync sends to the RetailCRM account (RetailCRM allows 10 per key).").must(Check.positive()),
            new Setting("retailcrm.sync-statuses", LIST, "", false,
                    "RetailCRM status codes that are written back into the shop; empty: every mapped status."),
            new Setting("retailcrm.timezone", STRING, "Europe/Moscow", false,
                    "Time zone of the RetailCRM account (its history times carry none).").must(Check.timeZone()),
            new Setting("retailcrm.history.enabled", BOOL, "true", false,
                    "Poll RetailCRM's orders/history for status changes (the safety net for lost webhooks)."),
            new Setting("retailcrm.history.interval", DURATION, "60s", false, "How often the history is polled."),
            new Setting("frontpad.enabled", BOOL, "false", false, "Send orders to Frontpad (delivery/cafe CRM)."),
            new Setting("frontpad.url", URL, "https://app.frontpad.ru/api/index.php", false, "Frontpad API endpoint."),
            new Setting("frontpad.secret", STRING, "", true, "Frontpad API secret (Настройки → API); never logged."),
            new Setting("frontpad.timeout-ms", INT, "10000", false, "Connect and read timeout of Frontpad calls.").must(Check.positive()),
            new Setting("frontpad.rate-limit", INT, "2", false, "Requests per second to Frontpad (it allows about 2).").must(Check.positive()),
            new Setting("frontpad.send-on-status", STRING, "", false,
                    "Send an order only when it reaches this shop status id; empty: as soon as it is created.").must(Check.statusId()),
            new Setting("frontpad.payments", MAP, "", false, "Shop payment id → Frontpad pay code."),
            new Setting("frontpad.default-pay", STRING, "", false, "Pay code for payments not in frontpad.payments."),
            new Setting("frontpad.points", MAP, "", false, "Shop delivery id → Frontpad point of sale code."),
            new Setting("frontpad.default-point", STRING, "", false, "Point of sale for deliveries not in frontpad.points."),
            new Setting("frontpad.affiliates-enabled", BOOL, "false", false, "Send an affiliate (филиал)."),
            new Setting("frontpad.affiliates", MAP, "", false, "Shop delivery id → Frontpad affiliate code."),
            new Setting("frontpad.default-affiliate", STRING, "", false, "Affiliate for deliveries not in frontpad.affiliates."),
            new Setting("frontpad.channels", MAP, "", false, "Shop context (e.g. web) → Frontpad sales channel code."),
            new Setting("frontpad.default-channel", STRING, "", false, "Sales channel for contexts not in frontpad.channels."),
            new Setting("frontpad.additional-fields", LIST, "pod,certificate,et,card,score,sale,sale_amount,person,datetime:extfld_deliverydate", false,
                    "Extra new_order fields, FrontpadApi's crm:shop form (shop side: order or address properties)."),
            new Setting("frontpad.matched-statuses", MAP, "", false,
                    "Frontpad status name → shop status id, e.g. Новый:1, В пути:2 (statuses that come back to the shop).").must(Check.statusIds()),
            new Setting("frontpad.status-codes", MAP, "", false,
                    "Frontpad status API code → status name, for the webhook (Справочники → Статусы), e.g. 1:Новый."),
            new Setting("frontpad.check-statuses", LIST, "", false,
                    "Poll Frontpad for orders whose shop status is one of these ids; empty: every sent order.").must(Check.statusIds()),
            new Setting("frontpad.check-interval", DURATION, "1m", false, "How often Frontpad statuses are polled."),
            new Setting("frontpad.check-days", INT, "7", false, "Poll orders sent within this many days.").must(Check.positive()),
            new Setting("frontpad.webhook-url", STRING, "", false,
                    "Public URL of /webhooks/frontpad/<webhooks.secret>, sent as hook_url with each order; empty: polling only."),
            new Setting("frontpad.error-status", STRING, "", false,
                    "Shop status id an order moves to when Frontpad rejects it ('Ошибка API'; shopsync setup creates it); empty: none.").must(Check.statusId()),
            new Setting("frontpad.on-error.comment", BOOL, "true", false, "Append Frontpad's error to the order's manager comment."),
            new Setting("frontpad.on-error.email", BOOL, "false", false, "E-mail the manager (smtp.*) when Frontpad rejects an order."),
            new Setting("frontpad.article-check", BOOL, "true", false,
                    "Check new or changed product articles against Frontpad's get_products (fetched at most hourly)."),
            new Setting("frontpad.site-checks", BOOL, "true", false,
                    "Serve /frontpad/order-status and /frontpad/certificate for the shop's pages (on webhooks.port)."),
            new Setting("smtp.host", STRING, "", false, "SMTP server for e-mails to the manager."),
            new Setting("smtp.port", INT, "25", false, "SMTP port.").must(Check.port()),
            new Setting("smtp.starttls", BOOL, "false", false, "Use STARTTLS."),
            new Setting("smtp.user", STRING, "", false, "SMTP user (empty: no authentication)."),
            new Setting("smtp.password", STRING, "", true, "SMTP password."),
            new Setting("smtp.from", STRING, "shopsync@localhost", false, "Sender address."),
            new Setting("smtp.to", STRING, "", false, "The manager's address."),
            new Setting("sink.threads", INT, "4", false,
                    "Requests in flight at once per CRM (one per order at most; the rate limit still applies).").must(Check.positive()),
            new Setting("sink.retry.max-time", DURATION, "2m", false,
                    "How long a failing request is retried with backoff (200 ms doubling, ±20% jitter, at most 30 s) before it is parked."),
            new Setting("sink.park.interval", DURATION, "1m", false, "How often a parked order is tried again."),
            new Setting("sink.give-up-after", DURATION, "24h", false,
                    "After this long of failures a request goes to sync.dlq (re-drive it with shopsync dlq redrive)."),
            new Setting("webhooks.enabled", BOOL, "false", false, "Receive CRM triggers over HTTP (/webhooks/retailcrm)."),
            new Setting("webhooks.port", INT, "8088", false, "HTTP port of the webhook intake (0: any free port).").must(Check.port()),
            new Setting("webhooks.secret", STRING, "", true,
                    "Shared secret every webhook must carry (URL path or X-Shopsync-Token header); at least 16 characters."));

    private Settings() {}

    public static Setting get(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("undeclared setting " + key));
    }
}
