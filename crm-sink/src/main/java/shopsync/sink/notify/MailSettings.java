package shopsync.sink.notify;

/** The SMTP server and addresses for e-mails to the shop's manager ({@code smtp.*}); no authentication when {@code user} is blank. */
public record MailSettings(String host, int port, boolean starttls, String user, String password, String from, String to) {

    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", starttls=" + starttls + ", user=" + user + ", password=****, from="
                + from + ", to=" + to + "]";
    }
}
