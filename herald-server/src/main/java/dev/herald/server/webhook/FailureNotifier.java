package dev.herald.server.webhook;

import dev.herald.core.webhook.Attempt;
import dev.herald.core.webhook.Endpoint;
import dev.herald.server.config.HeraldConfig;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.herald.server.config.Durations;

import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Tells an endpoint's owner that its deliveries keep failing: one email per failure streak to its
 * {@code notify_email}, through SMTP ({@code smtp.*}), and one more if Herald disables it for failing. Without {@code smtp.host} the same text goes to the log
 * as a warning. Blocks (SMTP): called on the dispatcher's worker threads, never on an event loop. A failure to
 * send is logged, never retried: the streak stays marked as notified.
 */
final class FailureNotifier {
    private static final Logger log = LoggerFactory.getLogger(FailureNotifier.class);
    private static final int SMTP_TIMEOUT_MS = 10_000;

    private final Supplier<String> baseUrl;
    /** The SMTP settings and their session, replaced together by a reload; each email reads it once. */
    private volatile Mail mail;

    /** @param session null when {@code smtp.host} is unset (notices go to the log) */
    private record Mail(HeraldConfig.Smtp smtp, Session session) {
        static Mail of(HeraldConfig.Smtp smtp) {
            return new Mail(smtp, smtp.host() == null ? null : FailureNotifier.session(smtp));
        }
    }

    FailureNotifier(HeraldConfig.Smtp smtp, Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
        this.mail = Mail.of(smtp);
    }

    /** New {@code smtp.*} settings (a reload) for every email from now on; one being sent finishes with the old. */
    void reconfigure(HeraldConfig.Smtp smtp) {
        if (!smtp.equals(mail.smtp())) {
            mail = Mail.of(smtp);
        }
    }

    void notify(Endpoint endpoint, int failures, Attempt last) {
        send(endpoint, "Herald: webhook endpoint " + endpoint.id() + " has failed " + failures + " times in a row",
                text(endpoint, failures, last), "webhook endpoint keeps failing", failures, last);
    }

    /** The one email of an endpoint Herald disabled after failing for {@code failingFor} without a success. */
    void notifyDisabled(Endpoint endpoint, Duration failingFor, Attempt last) {
        send(endpoint, "Herald: webhook endpoint " + endpoint.id() + " has been disabled",
                disabledText(endpoint, failingFor, last), "webhook endpoint disabled for failing", -1, last);
    }

    private void send(Endpoint endpoint, String subject, String text, String what, int failures, Attempt last) {
        Mail mail = this.mail;
        HeraldConfig.Smtp smtp = mail.smtp();
        Session session = mail.session();
        if (endpoint.notifyEmail() == null) {
            log.atWarn().addKeyValue("endpoint", endpoint.id()).addKeyValue("failures", failures)
                    .addKeyValue("last_error", last.describe()).log(what + " (it has no notify_email)");
            return;
        }
        if (session == null) {
            log.atWarn().addKeyValue("endpoint", endpoint.id()).addKeyValue("to", endpoint.notifyEmail())
                    .addKeyValue("failures", failures).addKeyValue("last_error", last.describe())
                    .log(what + "; set smtp.host to email this notice");
            return;
        }
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(smtp.from()));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(endpoint.notifyEmail()));
            m.setSubject(subject, "UTF-8");
            m.setSentDate(new Date());
            m.setText(text, "UTF-8");
            Transport.send(m);
            log.atInfo().addKeyValue("endpoint", endpoint.id()).addKeyValue("to", endpoint.notifyEmail())
                    .addKeyValue("subject", subject).log("webhook notification sent");
        } catch (MessagingException | RuntimeException e) {
            log.atWarn().setCause(e).addKeyValue("endpoint", endpoint.id()).addKeyValue("smtp_host", smtp.host())
                    .log("could not send the webhook notification");
        }
    }

    String disabledText(Endpoint endpoint, Duration failingFor, Attempt last) {
        String base = baseUrl.get() + "/api/v1/webhooks/" + endpoint.id();
        return "Herald disabled a webhook endpoint of tenant " + endpoint.tenant() + ": its deliveries have failed for "
                + Durations.format(failingFor) + " without one success (webhooks.disable_after).\n\n"
                + "Endpoint:      " + endpoint.id() + "\n"
                + "URL:           " + endpoint.url() + "\n"
                + "Last error:    " + last.describe()
                + (last.responseExcerpt() == null ? "" : " - " + abbreviate(last.responseExcerpt())) + "\n\n"
                + "Events published from now on are not queued for it. Its pending deliveries wait and go out once\n"
                + "you enable it again (admin API key):\n"
                + "  PATCH " + base + "  {\"disabled\": false}\n"
                + "Delivery log: GET " + base + "/deliveries?status=failed\n";
    }

    String text(Endpoint endpoint, int failures, Attempt last) {
        String log = baseUrl.get() + "/api/v1/webhooks/" + endpoint.id() + "/deliveries?status=failed";
        return "Deliveries to a webhook endpoint of tenant " + endpoint.tenant() + " keep failing.\n\n"
                + "Endpoint:      " + endpoint.id() + "\n"
                + "URL:           " + endpoint.url() + "\n"
                + "Failures:      " + failures + " consecutive failed attempts\n"
                + "Last error:    " + last.describe()
                + (last.responseExcerpt() == null ? "" : " - " + abbreviate(last.responseExcerpt())) + "\n\n"
                + "Herald keeps retrying on its schedule. See the delivery log (admin API key):\n"
                + "  GET " + log + "\n"
                + "and retry a failed delivery by hand with POST " + baseUrl.get() + "/api/v1/deliveries/<id>/retry.\n\n"
                + "You get one email per failure streak; the next successful delivery ends it.\n";
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    private static Session session(HeraldConfig.Smtp smtp) {
        Properties p = new Properties();
        boolean implicit = "implicit".equals(smtp.tls());
        String proto = implicit ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail.transport.protocol.rfc822", proto);
        p.put("mail." + proto + ".host", smtp.host());
        p.put("mail." + proto + ".port", Integer.toString(smtp.port()));
        p.put("mail." + proto + ".connectiontimeout", Integer.toString(SMTP_TIMEOUT_MS));
        p.put("mail." + proto + ".timeout", Integer.toString(SMTP_TIMEOUT_MS));
        p.put("mail." + proto + ".writetimeout", Integer.toString(SMTP_TIMEOUT_MS));
        p.put("mail." + proto + ".from", smtp.from());
        switch (smtp.tls()) {
            case "starttls" -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case "opportunistic" -> p.put("mail.smtp.starttls.enable", "true");
            case "implicit" -> p.put("mail.smtps.ssl.checkserveridentity", "true");
            default -> p.put("mail.smtp.starttls.enable", "false");
        }
        if (!implicit) {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        Authenticator auth = null;
        if (smtp.username() != null) {
            p.put("mail." + proto + ".auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(smtp.username(), smtp.password() == null ? "" : smtp.password());
                }
            };
        }
        return Session.getInstance(p, auth);
    }
}
