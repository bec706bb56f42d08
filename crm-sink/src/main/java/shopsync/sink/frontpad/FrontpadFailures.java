package shopsync.sink.frontpad;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CrmEvent;
import shopsync.events.DeadLetter;
import shopsync.events.Topics;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.notify.Mailer;

/**
 * Makes a Frontpad failure visible where FrontpadApi users look for it: the failure goes to {@code crm.inbound} as
 * an event of the order, and the processor (the only writer of {@code shop.commands}) moves the order to the error
 * status and appends the reason to its manager comment, as configured; the manager gets an e-mail from here.
 */
public final class FrontpadFailures implements Consumer<DeadLetter> {
    private static final Logger log = LoggerFactory.getLogger(FrontpadFailures.class);

    private final InboundPublisher inbound;
    private final Mailer mailer;
    private final Clock clock;

    /** @param mailer null for no e-mail */
    public FrontpadFailures(InboundPublisher inbound, Mailer mailer, Clock clock) {
        this.inbound = inbound;
        this.mailer = mailer;
        this.clock = clock;
    }

    @Override
    public void accept(DeadLetter dead) {
        long orderId;
        try {
            orderId = Long.parseLong(dead.entityId());
        } catch (NumberFormatException notAnOrder) {
            return;
        }
        inbound.publish(List.of(CrmEvent.deliveryFailure(Topics.FRONTPAD.name(), dead.entityId(), dead.reason(), clock.millis())));
        if (mailer != null && dead.reason() != null && dead.reason().startsWith(FrontpadDelivery.UNCERTAIN_PREFIX)) {
            mailer.send("Заказ " + orderId + ", возможно, уже во Frontpad: проверьте", "Заказ " + orderId
                    + " мог попасть во Frontpad, но ответа не было, и повторно он не отправляется.\n" + dead.reason()
                    + "\nЕсли заказ во Frontpad есть: shopsync dlq resolve --order " + orderId + " --sent <номер заказа во Frontpad>"
                    + "\nЕсли нет: shopsync dlq resolve --order " + orderId + " --not-sent\n");
            log.info("frontpad: manager e-mailed about uncertain order {}", orderId);
        } else if (mailer != null) {
            mailer.send("Заказ " + orderId + " не передан во Frontpad", "Заказ " + orderId + " не удалось передать во Frontpad.\n"
                    + "Причина: " + dead.reason() + "\nПосле исправления: shopsync dlq redrive --order " + orderId + "\n");
            log.info("frontpad: manager e-mailed about order {}", orderId);
        }
    }
}
