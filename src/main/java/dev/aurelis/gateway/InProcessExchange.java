package dev.aurelis.gateway;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One exchange held in memory: the request the pipeline reads (headers, body) and the response it writes (status,
 * headers, body). The pipeline uses a small part of the servlet API; these views implement that part, and any other
 * call fails loudly naming the method, so a pipeline change that needs more is caught by the workflow tests instead
 * of silently answering nothing.
 */
final class InProcessExchange {

    private final String path;
    private final Map<String, String> requestHeaders = new LinkedHashMap<>();
    private final byte[] body;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int status = 200;
    private boolean committed;

    InProcessExchange(String path, String apiKey, byte[] body, Map<String, String> headers) {
        this.path = path;
        this.body = body.clone();
        headers.forEach((name, value) -> requestHeaders.put(name.toLowerCase(Locale.ROOT), value));
        requestHeaders.put("authorization", "Bearer " + apiKey);
        requestHeaders.put("content-type", "application/json");
        requestHeaders.putIfAbsent("user-agent", "aurelis-workflows");
    }

    HttpServletRequest request() {
        ServletInputStream in = new BodyStream(new ByteArrayInputStream(body));
        return view(HttpServletRequest.class, (method, args) -> switch (method.getName()) {
            case "getHeader" -> requestHeaders.get(((String) args[0]).toLowerCase(Locale.ROOT));
            case "getHeaderNames" -> Collections.enumeration(requestHeaders.keySet());
            case "getQueryString" -> null;
            case "getContentLengthLong" -> (long) body.length;
            case "getContentLength" -> body.length;
            case "getInputStream" -> in;
            case "getMethod" -> "POST";
            case "getRequestURI", "getServletPath" -> path;
            case "getContentType" -> "application/json";
            default -> unsupported(method);
        });
    }

    HttpServletResponse response() {
        ServletOutputStream stream = new AnswerStream();
        return view(HttpServletResponse.class, (method, args) -> switch (method.getName()) {
            case "setStatus" -> {
                status = (Integer) args[0];
                yield null;
            }
            case "getStatus" -> status;
            case "setHeader", "addHeader" -> {
                responseHeaders.put(((String) args[0]).toLowerCase(Locale.ROOT), (String) args[1]);
                yield null;
            }
            case "getHeader" -> responseHeaders.get(((String) args[0]).toLowerCase(Locale.ROOT));
            case "setContentType" -> {
                responseHeaders.put("content-type", (String) args[0]);
                yield null;
            }
            case "setContentLength", "setContentLengthLong", "setCharacterEncoding", "setBufferSize" -> null;
            case "getOutputStream" -> {
                committed = true;
                yield stream;
            }
            case "isCommitted" -> committed;
            case "resetBuffer" -> {
                out.reset();
                yield null;
            }
            case "flushBuffer" -> null;
            default -> unsupported(method);
        });
    }

    ModelAnswer answer() {
        return new ModelAnswer(status, responseHeaders, out.toByteArray());
    }

    private interface Handler {
        Object handle(Method method, Object[] args);
    }

    private static <T> T view(Class<T> type, Handler handler) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "in-process " + type.getSimpleName();
                };
            }
            return handler.handle(method, args);
        });
        return type.cast(proxy);
    }

    private static Object unsupported(Method method) {
        throw new UnsupportedOperationException("An in-process exchange does not offer " + method.getName()
                + "; extend InProcessExchange if the pipeline needs it");
    }

    private static final class BodyStream extends ServletInputStream {
        private final ByteArrayInputStream in;

        BodyStream(ByteArrayInputStream in) {
            this.in = in;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("an in-process exchange is read synchronously");
        }
    }

    private final class AnswerStream extends ServletOutputStream {
        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("an in-process exchange is written synchronously");
        }
    }
}
