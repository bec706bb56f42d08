package shopsync.sink.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Plain-text e-mail to the shop's manager over SMTP (Jakarta Mail, Eclipse Angus). */
public final class Mailer {
    private final Session session;
    private final String from;
    private final String to;

    public Mailer(MailSettings s) {
        this(s.host(), s.port(), s.starttls(), s.user(), s.password(), s.from(), s.to());
    }

    public Mailer(String host, int port, boolean starttls, String user, String password, String from, String to) {
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.starttls.enable", String.valueOf(starttls));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        boolean auth = user != null && !user.isBlank();
        p.put("mail.smtp.auth", String.valueOf(auth));
        this.session = auth ? Session.getInstance(p, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(user, password);
            }
        }) : Session.getInstance(p);
        this.from = from;
        this.to = to;
    }

    public void send(String subject, String text) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(from));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(text, StandardCharsets.UTF_8.name());
            Transport.send(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot send e-mail to the manager: " + e.getMessage(), e);
        }
    }
}
