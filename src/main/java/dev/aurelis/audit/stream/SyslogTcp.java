package dev.aurelis.audit.stream;

import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditEntry;
import dev.aurelis.audit.AuditFormats;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Syslog over TCP (RFC 5424 messages, RFC 6587 octet-counting framing: {@code <length> <message>}), optionally in TLS
 * (RFC 5425). Each entry is one message: facility 13 (log audit), severity notice for a success and warning otherwise,
 * the entry's time, this host, app name {@code aurelis}, the action as message id, and the entry as JSON for the text.
 * TCP confirms only that the bytes left: a batch counts as delivered once written and flushed without error.
 */
final class SyslogTcp implements Destination {

    private static final int LOG_AUDIT = 13;
    private static final int NOTICE = 5;
    private static final int WARNING = 4;

    private final String name;
    private final String host;
    private final int port;
    private final boolean tls;
    private final String hostname;

    SyslogTcp(String name, String host, int port, boolean tls, String hostname) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.hostname = hostname;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(List<AuditEntry> entries) throws IOException {
        try (Socket socket = open()) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            for (AuditEntry entry : entries) {
                byte[] message = message(entry, hostname).getBytes(StandardCharsets.UTF_8);
                out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(message);
            }
            out.flush();
        }
    }

    private Socket open() throws IOException {
        if (tls) {
            SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket();
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            return socket;
        }
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG}. */
    static String message(AuditEntry e, String hostname) {
        int severity = AuditDraft.SUCCESS.equals(e.outcome()) ? NOTICE : WARNING;
        return "<" + (LOG_AUDIT * 8 + severity) + ">1 " + e.occurredAt() + " " + token(hostname, 255) + " aurelis - "
                + token(e.action(), 32) + " - " + AuditFormats.jsonLine(e);
    }

    /** A header field: printable US-ASCII without spaces, at most {@code max} characters, {@code -} when empty. */
    private static String token(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder t = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (t.length() == max) {
                break;
            }
            t.append(c > 32 && c < 127 ? c : '_');
        }
        return t.toString();
    }
}
