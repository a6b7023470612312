package dev.aurelis.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3-compatible store on loopback, path-style ({@code /bucket/key}), speaking the five operations of the Amazon S3
 * API Reference that backups use, as documented there: PutObject (an {@code x-amz-checksum-sha256} that does not match
 * the body is refused with {@code BadDigest}; {@code x-amz-meta-*} kept), GetObject and HeadObject (the metadata back;
 * {@code NoSuchKey} when absent), DeleteObject (204) and ListObjectsV2 ({@code ListBucketResult}, paged by
 * {@code max-keys} of its own choosing with {@code NextContinuationToken}), and the multipart upload's four:
 * CreateMultipartUpload ({@code POST ?uploads}, an {@code UploadId} back), UploadPart ({@code PUT ?partNumber&uploadId},
 * its {@code x-amz-checksum-sha256} checked as for PutObject), CompleteMultipartUpload ({@code POST ?uploadId} with the
 * parts' numbers, ETags and checksums, in ascending order; {@code InvalidPart}, {@code InvalidPartOrder} and
 * {@code EntityTooSmall} for a part under 5 MiB other than the last) and AbortMultipartUpload ({@code DELETE ?uploadId},
 * 204, its parts discarded); an unknown upload id is {@code NoSuchUpload}. Requests must be signed with SigV4.
 */
public final class FakeS3 implements AutoCloseable {

    /** A stored object: its bytes, user metadata (without the x-amz-meta- prefix) and when it was written. */
    public record StoredObject(byte[] body, Map<String, String> metadata, Instant lastModified) {
    }

    private final String bucket;
    private final int pageSize;
    private final HttpServer server;
    private final Map<String, StoredObject> objects = new ConcurrentSkipListMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Upload> uploads = new ConcurrentSkipListMap<>();
    private final AtomicInteger uploadIds = new AtomicInteger();
    private volatile int failingPart;

    /** S3's smallest part, but for the last one. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    /** A multipart upload in progress: its key, the metadata given when it was created and the parts received. */
    public record Upload(String key, Map<String, String> metadata, Map<Integer, byte[]> parts) {
    }

    public FakeS3(String bucket, int pageSize) {
        this.bucket = bucket;
        this.pageSize = pageSize;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Map<String, StoredObject> objects() {
        return objects;
    }

    /** Each request as {@code METHOD /path?query} with the access key id it was signed with. */
    public List<String> requests() {
        return requests;
    }

    /** The multipart uploads created and neither completed nor aborted, by upload id. */
    public Map<String, Upload> uploadsInProgress() {
        return uploads;
    }

    /** From now on, every UploadPart of part {@code number} fails with a 500 InternalError (0: none fails). */
    public void failPart(int number) {
        failingPart = number;
    }

    /** Replaces an object's bytes, leaving its metadata: a copy damaged at rest. */
    public void corrupt(String key) {
        StoredObject object = objects.get(key);
        byte[] damaged = object.body().clone();
        damaged[damaged.length / 2] ^= 0x01;
        objects.put(key, new StoredObject(damaged, object.metadata(), object.lastModified()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            URI uri = exchange.getRequestURI();
            String accessKey = authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=") ? null
                    : authorization.substring("AWS4-HMAC-SHA256 Credential=".length()).split("/")[0];
            requests.add(exchange.getRequestMethod() + " " + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " by " + accessKey);
            if (accessKey == null) {
                error(exchange, 403, "AccessDenied", "Access Denied", null);
                return;
            }
            String path = URLDecoder.decode(uri.getRawPath(), StandardCharsets.UTF_8);
            String bucketPath = "/" + bucket;
            if (!path.equals(bucketPath) && !path.startsWith(bucketPath + "/")) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist", null);
                return;
            }
            String key = path.length() <= bucketPath.length() + 1 ? "" : path.substring(bucketPath.length() + 1);
            Map<String, String> query = query(uri.getRawQuery());
            if (query.containsKey("uploads") || query.containsKey("uploadId")) {
                multipart(exchange, key, query);
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "PUT" -> put(exchange, key);
                case "GET" -> {
                    if (key.isEmpty()) {
                        list(exchange, query);
                    } else {
                        get(exchange, key, true);
                    }
                }
                case "HEAD" -> get(exchange, key, false);
                case "DELETE" -> {
                    objects.remove(key);
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed", key);
            }
        }
    }

    private void put(HttpExchange exchange, String key) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String claimed = exchange.getRequestHeaders().getFirst("x-amz-checksum-sha256");
        String actual = Base64.getEncoder().encodeToString(sha256(body));
        if (claimed != null && !claimed.equals(actual)) {
            error(exchange, 400, "BadDigest", "The SHA256 you specified did not match the calculated checksum.", key);
            return;
        }
        objects.put(key, new StoredObject(body, metadata(exchange), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        exchange.getResponseHeaders().add("ETag", etag(body));
        if (claimed != null) {
            exchange.getResponseHeaders().add("x-amz-checksum-sha256", actual);
        }
        exchange.sendResponseHeaders(200, -1);
    }

    private static Map<String, String> metadata(HttpExchange exchange) {
        Map<String, String> metadata = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.toLowerCase().startsWith("x-amz-meta-")) {
                metadata.put(name.toLowerCase().substring("x-amz-meta-".length()), values.getFirst());
            }
        });
        return metadata;
    }

    private void multipart(HttpExchange exchange, String key, Map<String, String> query) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("POST") && query.containsKey("uploads")) {
            String id = "upload-" + uploadIds.incrementAndGet();
            uploads.put(id, new Upload(key, metadata(exchange), new ConcurrentSkipListMap<>()));
            String algorithm = exchange.getRequestHeaders().getFirst("x-amz-checksum-algorithm");
            if (algorithm != null) {
                exchange.getResponseHeaders().add("x-amz-checksum-algorithm", algorithm);
            }
            send(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult>"
                    + "<Bucket>" + bucket + "</Bucket><Key>" + key + "</Key><UploadId>" + id
                    + "</UploadId></InitiateMultipartUploadResult>");
            return;
        }
        String id = query.get("uploadId");
        Upload upload = uploads.get(id);
        if (upload == null || !upload.key().equals(key)) {
            exchange.getRequestBody().readAllBytes();
            error(exchange, 404, "NoSuchUpload", "The specified multipart upload does not exist.", key);
            return;
        }
        switch (method) {
            case "PUT" -> uploadPart(exchange, upload, Integer.parseInt(query.get("partNumber")));
            case "POST" -> complete(exchange, id, upload);
            case "DELETE" -> {
                uploads.remove(id);
                exchange.sendResponseHeaders(204, -1);
            }
            default -> error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed", key);
        }
    }

    private void uploadPart(HttpExchange exchange, Upload upload, int number) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (number == failingPart) {
            error(exchange, 500, "InternalError", "We encountered an internal error. Please try again.", upload.key());
            return;
        }
        String claimed = exchange.getRequestHeaders().getFirst("x-amz-checksum-sha256");
        String actual = Base64.getEncoder().encodeToString(sha256(body));
        if (claimed != null && !claimed.equals(actual)) {
            error(exchange, 400, "BadDigest", "The SHA256 you specified did not match the calculated checksum.",
                    upload.key());
            return;
        }
        upload.parts().put(number, body);
        exchange.getResponseHeaders().add("ETag", etag(body));
        if (claimed != null) {
            exchange.getResponseHeaders().add("x-amz-checksum-sha256", actual);
        }
        exchange.sendResponseHeaders(200, -1);
    }

    private static final Pattern PART = Pattern.compile("<Part>(.*?)</Part>", Pattern.DOTALL);

    private void complete(HttpExchange exchange, String id, Upload upload) throws IOException {
        String xml = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher parts = PART.matcher(xml);
        List<byte[]> bodies = new ArrayList<>();
        ByteArrayOutputStream checksums = new ByteArrayOutputStream();
        int previous = 0;
        while (parts.find()) {
            String part = parts.group(1);
            int number = Integer.parseInt(element(part, "PartNumber"));
            byte[] body = upload.parts().get(number);
            if (number <= previous) {
                error(exchange, 400, "InvalidPartOrder", "The list of parts was not in ascending order.", upload.key());
                return;
            }
            String checksum = element(part, "ChecksumSHA256");
            if (body == null || !etag(body).equals(element(part, "ETag"))
                    || (checksum != null && !checksum.equals(Base64.getEncoder().encodeToString(sha256(body))))) {
                error(exchange, 400, "InvalidPart", "One or more of the specified parts could not be found.",
                        upload.key());
                return;
            }
            bodies.add(body);
            checksums.write(sha256(body));
            previous = number;
        }
        for (int i = 0; i < bodies.size() - 1; i++) {
            if (bodies.get(i).length < MIN_PART_SIZE) {
                error(exchange, 400, "EntityTooSmall",
                        "Your proposed upload is smaller than the minimum allowed object size.", upload.key());
                return;
            }
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (byte[] body : bodies) {
            whole.write(body);
        }
        uploads.remove(id);
        objects.put(upload.key(), new StoredObject(whole.toByteArray(), upload.metadata(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        String composite = Base64.getEncoder().encodeToString(sha256(checksums.toByteArray())) + "-" + bodies.size();
        send(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult>"
                + "<Location>" + endpoint() + "/" + bucket + "/" + upload.key() + "</Location><Bucket>" + bucket
                + "</Bucket><Key>" + upload.key() + "</Key><ETag>" + etag(whole.toByteArray()).replace("\"", "&quot;")
                + "</ETag><ChecksumSHA256>" + composite + "</ChecksumSHA256></CompleteMultipartUploadResult>");
    }

    private static String element(String xml, String name) {
        Matcher matcher = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
        return matcher.find() ? matcher.group(1).replace("&quot;", "\"").strip() : null;
    }

    private void get(HttpExchange exchange, String key, boolean withBody) throws IOException {
        StoredObject object = objects.get(key);
        if (object == null) {
            if (withBody) {
                error(exchange, 404, "NoSuchKey", "The specified key does not exist.", key);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.add("ETag", etag(object.body()));
        headers.add("Last-Modified", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(object.lastModified().atZone(java.time.ZoneOffset.UTC)));
        headers.add("Content-Type", "binary/octet-stream");
        object.metadata().forEach((name, value) -> headers.add("x-amz-meta-" + name, value));
        if (withBody) {
            exchange.sendResponseHeaders(200, object.body().length);
            exchange.getResponseBody().write(object.body());
        } else {
            headers.add("Content-Length", String.valueOf(object.body().length));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!"2".equals(query.get("list-type"))) {
            error(exchange, 400, "InvalidArgument", "Only ListObjectsV2 is served here", null);
            return;
        }
        String prefix = query.getOrDefault("prefix", "");
        String after = query.get("continuation-token");
        List<String> keys = objects.keySet().stream().filter(k -> k.startsWith(prefix))
                .filter(k -> after == null || k.compareTo(after) > 0).toList();
        List<String> page = keys.subList(0, Math.min(pageSize, keys.size()));
        boolean truncated = keys.size() > page.size();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .append("<Name>").append(bucket).append("</Name>")
                .append("<Prefix>").append(prefix).append("</Prefix>")
                .append("<KeyCount>").append(page.size()).append("</KeyCount>")
                .append("<MaxKeys>").append(pageSize).append("</MaxKeys>")
                .append("<IsTruncated>").append(truncated).append("</IsTruncated>");
        if (after != null) {
            xml.append("<ContinuationToken>").append(after).append("</ContinuationToken>");
        }
        if (truncated) {
            xml.append("<NextContinuationToken>").append(page.getLast()).append("</NextContinuationToken>");
        }
        for (String key : page) {
            StoredObject object = objects.get(key);
            xml.append("<Contents><Key>").append(key).append("</Key>")
                    .append("<LastModified>").append(object.lastModified()).append("</LastModified>")
                    .append("<ETag>").append(etag(object.body()).replace("\"", "&quot;")).append("</ETag>")
                    .append("<Size>").append(object.body().length).append("</Size>")
                    .append("<StorageClass>STANDARD</StorageClass></Contents>");
        }
        xml.append("</ListBucketResult>");
        send(exchange, 200, xml.toString());
    }

    private static void error(HttpExchange exchange, int status, String code, String message, String key)
            throws IOException {
        send(exchange, status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message + "</Message>" + (key == null ? "" : "<Key>" + key + "</Key>")
                + "<RequestId>4442587FB7D0A2F9</RequestId></Error>");
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static String etag(byte[] body) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
