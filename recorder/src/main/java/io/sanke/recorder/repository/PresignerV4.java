package io.sanke.recorder.repository;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Presigns S3 GET URLs (AWS Signature V4, query parameters, path-style) with an
 * injected {@link Clock}, so expiry is testable without waiting; MinIO's own presigner
 * reads the system clock. Does not talk to the network: the S3 server checks the
 * signature and the expiry.
 */
final class PresignerV4 {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final Clock clock;

    PresignerV4(URI endpoint, String accessKey, String secretKey, String region, Clock clock) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
        this.clock = clock;
    }

    /** A URL that lets anyone GET {@code bucket/key} until now + {@code expiry} (1 s .. 7 days). */
    String presignGet(String bucket, String key, Duration expiry) {
        long seconds = expiry.toSeconds();
        if (seconds < 1 || seconds > 604_800) {
            throw new IllegalArgumentException("presigned URL expiry must be between 1 second and 7 days");
        }
        Instant now = clock.instant();
        String amzDate = AMZ_DATE.format(now);
        String scope = DAY.format(now) + "/" + region + "/s3/aws4_request";
        String host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        String path = "/" + encode(bucket, false) + "/" + encode(key, true);
        Map<String, String> query = new TreeMap<>();
        query.put("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
        query.put("X-Amz-Credential", accessKey + "/" + scope);
        query.put("X-Amz-Date", amzDate);
        query.put("X-Amz-Expires", Long.toString(seconds));
        query.put("X-Amz-SignedHeaders", "host");
        StringBuilder canonicalQuery = new StringBuilder();
        query.forEach((k, v) -> canonicalQuery.append(canonicalQuery.isEmpty() ? "" : "&")
                .append(encode(k, false)).append('=').append(encode(v, false)));
        String canonicalRequest = "GET\n" + path + "\n" + canonicalQuery + "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
        byte[] key0 = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), DAY.format(now));
        byte[] signingKey = hmac(hmac(hmac(key0, region), "s3"), "aws4_request");
        String signature = hex(hmac(signingKey, toSign));
        String base = endpoint.getScheme() + "://" + host;
        return base + path + "?" + canonicalQuery + "&X-Amz-Signature=" + signature;
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, {@code /} kept in keys. */
    static String encode(String s, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
