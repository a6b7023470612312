package dev.aurelis.gateway.edge;

import dev.aurelis.gateway.endpoints.DataPlane;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import dev.aurelis.storage.DatabaseFailures;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * The first thing every request meets (ADR 0039): its target checked ({@link RequestTarget}), its body held to the
 * limit of the path's family before anything reads it, and every error on the API paths answered in the caller's
 * shape ({@link ErrorShape}) — whether Spring raised it with {@code sendError} or it escaped as an exception. Errors
 * Tomcat raises before any filter runs get the same shapes from {@link ShapedErrorReportValve}.
 */
@Configuration(proxyBeanMethods = false)
public class Edge {

    private static final Logger log = LoggerFactory.getLogger(Edge.class);

    /** A SAML response carries a signed assertion and certificates: more than a sign-in form, still small. */
    static final long SAML_RESPONSE_BYTES = 256 * 1024;

    @Bean
    FilterRegistrationBean<Filter> edgeFilter(@Value("${aurelis.http.max-sign-in-body:16KB}") DataSize signIn,
            @Value("${aurelis.http.max-admin-body:1MB}") DataSize admin) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
                new EdgeFilter(signIn.toBytes(), admin.toBytes()));
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("aurelisEdge");
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> shapedTomcatErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                host.setErrorReportValveClass(ShapedErrorReportValve.class.getName());
            }
        });
    }

    record EdgeFilter(long signInLimit, long adminLimit) implements Filter {

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            if (request.getDispatcherType() == jakarta.servlet.DispatcherType.ERROR) {
                errorPage(request, response, chain);
                return;
            }
            String uri = request.getRequestURI();
            ErrorShape shape = ErrorShape.of(uri);
            String problem = RequestTarget.problem(uri, request.getQueryString());
            if (problem != null) {
                write(response, shape, 400, problem);
                return;
            }
            long limit = limit(request.getMethod(), uri);
            long declared = request.getContentLengthLong();
            if (limit > 0 && declared > limit) {
                // refused before a byte of it is read; closing spares reading the rest just to discard it
                response.setHeader("connection", "close");
                write(response, shape, 413, "The request body is " + declared + " bytes; the limit here is " + limit
                        + " bytes.");
                return;
            }
            if (DataPlane.servesPath(uri) && "POST".equals(request.getMethod()) && !JsonBodies.acceptable(request)) {
                write(response, shape, 415, "Send the body as JSON (content-type: application/json).");
                return;
            }
            HttpServletRequest bounded = limit > 0 && declared < 0 ? new BoundedRequest(request, limit) : request;
            if ((shape == ErrorShape.ADMIN || shape == ErrorShape.SCIM) && limit > 0 && declared != 0
                    && JsonBodies.isJson(request)) {
                try {
                    bounded = JsonBodies.checked(bounded, limit);
                } catch (BodyTooLarge e) {
                    write(response, shape, 413, e.getMessage());
                    return;
                }
                if (bounded == null) {
                    write(response, shape, 400, JsonBodies.REFUSAL);
                    return;
                }
            }
            if (shape == ErrorShape.NONE) {
                chain.doFilter(bounded, response);
                return;
            }
            ShapedResponse shaped = new ShapedResponse(response, shape);
            try {
                chain.doFilter(bounded, shaped);
            } catch (IOException | ServletException | RuntimeException e) {
                if (response.isCommitted()) {
                    throw e;
                }
                if (DatabaseFailures.unavailable(e)) {
                    // a failure of the database, not of the request: 503 at once, in the caller's shape
                    log.warn("Request {} {} refused: the database does not answer ({})", request.getMethod(), uri,
                            DatabaseFailures.reason(e));
                    response.reset();
                    response.setHeader("retry-after", "5");
                    byte[] body = shape.body(503, DatabaseFailures.UNAVAILABLE_MESSAGE, DatabaseFailures.UNAVAILABLE_TYPE);
                    response.setStatus(503);
                    response.setContentType(shape.contentType());
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                    return;
                }
                boolean tooLarge = causedBy(e, BodyTooLarge.class);
                if (!tooLarge) {
                    log.error("Request {} {} failed", request.getMethod(), uri, e);
                }
                response.reset();
                write(response, shape, tooLarge ? 413 : 500, tooLarge ? "The request body exceeds the limit of "
                        + limit + " bytes here." : ErrorShape.describe(500));
            }
        }

        /**
         * An error page Tomcat forwards to (an error raised after a filter let the request through, such as a
         * refused TRACE): answered here in the shape of the path that failed; elsewhere Spring's page.
         */
        private static void errorPage(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            ErrorShape shape = ErrorShape.of((String) request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI));
            if (shape == ErrorShape.NONE) {
                chain.doFilter(request, response);
                return;
            }
            Object code = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer i && i >= 400 ? i : 500;
            Object message = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_MESSAGE);
            write(response, shape, status, status < 500 && message instanceof String text && !text.isBlank()
                    ? text : ErrorShape.describe(status));
        }

        /** The body limit of the path's family, or 0 where the endpoint enforces its own. */
        private long limit(String method, String uri) {
            if (DataPlane.servesPath(uri) || uri.startsWith("/webhooks/")) {
                return 0; // gateway.max_body_size and the webhooks' own limit, read by their endpoints
            }
            if (uri.equals("/auth/saml/acs")) {
                return Math.max(signInLimit, SAML_RESPONSE_BYTES);
            }
            if (uri.equals("/login") || uri.startsWith("/auth/") || uri.equals("/device")
                    || uri.startsWith("/api/v1/device/")) {
                return signInLimit;
            }
            return adminLimit;
        }
    }

    static void write(HttpServletResponse response, ErrorShape shape, int status, String message) throws IOException {
        byte[] body = shape.body(status, message);
        response.setStatus(status);
        response.setContentType(shape.contentType());
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Spring's and Spring Security's {@code sendError} answered in the path's shape, not by the error page. */
    private static final class ShapedResponse extends HttpServletResponseWrapper {

        private final ErrorShape shape;

        ShapedResponse(HttpServletResponse response, ErrorShape shape) {
            super(response);
            this.shape = shape;
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (isCommitted()) {
                super.sendError(status, message);
                return;
            }
            resetBuffer();
            // Spring's messages for these errors name the method, the type or the parameter, never internals
            write((HttpServletResponse) getResponse(), shape, status,
                    message == null || message.isBlank() || status >= 500 ? ErrorShape.describe(status) : message);
            flushBuffer();
        }
    }

    /** A body sent without a length: read up to the limit, then refused. */
    private static final class BoundedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        BoundedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new BoundedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    /** Thrown by a bounded body read past its limit; the edge answers 413. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge(long limit) {
            super("The request body exceeds the limit of " + limit + " bytes.");
        }
    }

    private static final class BoundedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        BoundedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(jakarta.servlet.ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
