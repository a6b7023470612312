package dev.aurelis.gateway.edge;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last word on an error it raised itself, before any filter ran (a request line or headers too long, a
 * URI that does not decode, a method it refuses): in the caller's error shape on the API paths instead of Tomcat's
 * HTML page, and Tomcat's page, without its version, elsewhere.
 */
public class ShapedErrorReportValve extends ErrorReportValve {

    public ShapedErrorReportValve() {
        setShowServerInfo(false);
        setShowReport(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        String uri = rawUri(request);
        ErrorShape shape = uri == null || uri.isEmpty() ? ErrorShape.ANY : ErrorShape.of(uri);
        if (shape == ErrorShape.NONE) {
            super.report(request, response, throwable);
            return;
        }
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            byte[] body = shape.body(status, ErrorShape.describe(status));
            response.setContentType(shape.contentType());
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the connection is going away; nothing more can be said to the client
        }
    }

    /** The path as sent: the decoded one is missing exactly when decoding it failed. */
    private static String rawUri(Request request) {
        String uri = request.getRequestURI();
        if (uri == null || uri.isEmpty()) {
            uri = request.getCoyoteRequest().requestURI().toString();
        }
        return uri;
    }
}
