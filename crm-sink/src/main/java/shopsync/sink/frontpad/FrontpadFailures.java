package shopsync.sink.frontpad;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.DeadLetter;
import shopsync.events.ShopCommand;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.notify.Mailer;

/**
 * Makes a Frontpad failure visible where FrontpadApi users look for it, each part switchable: the order moves
 * to the error status ({@code frontpad.error-status}, "Ошибка API"), the reason is appended to its manager
 * comment, and the manager gets an e-mail.
 */
public final class FrontpadFailures implements Consumer<DeadLetter> {
    private static final Logger log = LoggerFactory.getLogger(FrontpadFailures.class);

    private final InboundPublisher shop;
    private final Integer errorStatus;
    private final boolean comment;
    private final Mailer mailer;

    /** @param errorStatus shop status id to set, or null; @param mailer null for no e-mail */
    public FrontpadFailures(InboundPublisher shop, Integer errorStatus, boolean comment, Mailer mailer) {
        this.shop = shop;
        this.errorStatus = errorStatus;
        this.comment = comment;
        this.mailer = mailer;
    }

    @Override
    public void accept(DeadLetter dead) {
        long orderId;
        try {
            orderId = Long.parseLong(dead.entityId());
        } catch (NumberFormatException notAnOrder) {
            return;
        }
        String text = "Frontpad: " + dead.reason();
        if (errorStatus != null || comment) {
            shop.command(new ShopCommand(orderId, errorStatus == null ? 0 : errorStatus, "frontpad", "frontpad error",
                    System.currentTimeMillis(), comment ? text : null));
        }
        if (mailer != null) {
            mailer.send("Заказ " + orderId + " не передан во Frontpad", "Заказ " + orderId + " не удалось передать во Frontpad.\n"
                    + "Причина: " + dead.reason() + "\nПосле исправления: shopsync dlq redrive --order " + orderId + "\n");
            log.info("frontpad: manager e-mailed about order {}", orderId);
        }
    }
}
