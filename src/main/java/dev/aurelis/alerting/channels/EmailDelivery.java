package dev.aurelis.alerting.channels;

import dev.aurelis.alerting.Notice;
import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.configuration.AlertRules;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.Properties;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends a notice as an e-mail (plain text and HTML alternatives) through the SMTP server of {@code alerts.smtp}.
 * Without one, e-mail channels cannot deliver and say so in the outbox.
 */
@Component
class EmailDelivery {

    private final JavaMailSenderImpl sender;
    private final String from;

    EmailDelivery(ActiveConfiguration configuration) {
        AlertRules.Smtp smtp = configuration.config().alerts().smtp();
        if (smtp == null) {
            this.sender = null;
            this.from = null;
            return;
        }
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost(smtp.host());
        mail.setPort(smtp.port() == null ? 25 : smtp.port());
        mail.setUsername(smtp.username());
        mail.setPassword(smtp.password());
        Properties properties = mail.getJavaMailProperties();
        properties.put("mail.smtp.auth", String.valueOf(smtp.username() != null));
        properties.put("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
        properties.put("mail.smtp.starttls.required", String.valueOf(smtp.starttls()));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        this.sender = mail;
        this.from = smtp.from() == null || smtp.from().isBlank() ? "aurelis@localhost" : smtp.from();
    }

    Outcome send(Notice notice, Destination destination) {
        if (sender == null) {
            return Outcome.retry("no SMTP server is configured (alerts.smtp)", java.time.Duration.ofMinutes(5));
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(from);
            helper.setTo(destination.recipients().toArray(String[]::new));
            helper.setSubject(Texts.cut(Texts.headline(notice), 200));
            helper.setText(plain(notice), html(notice));
            message.setHeader("X-Aurelis-Alert", notice.key());
            sender.send(message);
            return Outcome.delivered();
        } catch (MailAuthenticationException e) {
            return Outcome.retry("the SMTP server refused the credentials", null);
        } catch (MailParseException | MessagingException e) {
            return Outcome.refused("the message could not be written: " + e.getMessage());
        } catch (MailSendException e) {
            return Outcome.retry("the SMTP server did not take the message: " + rootMessage(e), null);
        } catch (MailException e) {
            return Outcome.retry("could not reach the SMTP server: " + rootMessage(e), null);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Texts.cut(String.valueOf(root.getMessage()), 200);
    }

    static String plain(Notice notice) {
        StringBuilder text = new StringBuilder(Texts.headline(notice)).append("\n\n");
        if (!notice.text().isEmpty()) {
            text.append(notice.text()).append("\n\n");
        }
        notice.facts().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        if (notice.link() != null) {
            text.append("\n").append(notice.link()).append('\n');
        }
        return text.toString();
    }

    static String html(Notice notice) {
        StringBuilder html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\">");
        html.append("<h2>").append(Texts.html(Texts.headline(notice))).append("</h2>");
        if (!notice.text().isEmpty()) {
            html.append("<p>").append(Texts.html(notice.text())).append("</p>");
        }
        if (!notice.facts().isEmpty()) {
            html.append("<table>");
            for (Map.Entry<String, String> fact : notice.facts().entrySet()) {
                html.append("<tr><th align=\"left\">").append(Texts.html(fact.getKey())).append("</th><td>")
                        .append(Texts.html(fact.getValue())).append("</td></tr>");
            }
            html.append("</table>");
        }
        if (notice.link() != null) {
            html.append("<p><a href=\"").append(Texts.html(notice.link())).append("\">Open in Aurelis</a></p>");
        }
        return html.append("</body></html>").toString();
    }
}
