package dev.dnevnik.news.feed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    private static final byte[] TEXT = "<rss>Привет, мир! ".repeat(500).getBytes(StandardCharsets.UTF_8);

    private static byte[] feed(BoundedBody body, byte[] data, int chunk) {
        for (int i = 0; i < data.length; i += chunk) {
            body.accept(Arrays.copyOfRange(data, i, Math.min(data.length, i + chunk)));
        }
        return body.finish();
    }

    @Test
    void inflatesGzipArrivingOneByteAtATime() throws IOException {
        assertArrayEquals(TEXT, feed(new BoundedBody("gzip", 1 << 20), FeedFetcherTest.gzip(TEXT), 1));
    }

    @Test
    void inflatesConcatenatedGzipMembers() throws IOException {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(FeedFetcherTest.gzip("first ".getBytes(StandardCharsets.UTF_8)));
        both.write(FeedFetcherTest.gzip("second".getBytes(StandardCharsets.UTF_8)));

        assertEquals("first second", new String(feed(new BoundedBody("x-gzip", 1 << 20), both.toByteArray(), 7),
                StandardCharsets.UTF_8));
    }

    @Test
    void refusesTruncatedOrCorruptGzip() throws IOException {
        byte[] gzip = FeedFetcherTest.gzip(TEXT);
        FeedFetchException truncated = assertThrows(FeedFetchException.class,
                () -> feed(new BoundedBody("gzip", 1 << 20), Arrays.copyOf(gzip, gzip.length - 4), 100));
        byte[] corrupt = gzip.clone();
        corrupt[gzip.length - 6] ^= 0x55; // CRC
        FeedFetchException crc = assertThrows(FeedFetchException.class,
                () -> feed(new BoundedBody("gzip", 1 << 20), corrupt, 100));

        assertEquals("the gzip body is truncated", truncated.reason());
        assertEquals(FeedFetchException.Kind.BAD_BODY, crc.kind());
    }

    @Test
    void stopsInflatingABombAtTheCap() throws IOException {
        byte[] bomb = FeedFetcherTest.gzip(new byte[200 * 1024 * 1024]);
        BoundedBody body = new BoundedBody("gzip", 1 << 20);

        FeedFetchException refused = assertThrows(FeedFetchException.class, () -> feed(body, bomb, 8192));

        assertEquals("body exceeds 1 MB after decompression", refused.reason());
    }

    @Test
    void refusesAnAnnouncedLengthOverTheCapBeforeReading() {
        FeedFetchException refused = assertThrows(FeedFetchException.class,
                () -> new BoundedBody(null, 5L * 1024 * 1024).checkAnnounced(5L * 1024 * 1024 + 1));

        assertEquals("body exceeds 5 MB", refused.reason());
    }

    @Test
    void refusesEncodingsItDidNotAskFor() {
        FeedFetchException refused = assertThrows(FeedFetchException.class, () -> new BoundedBody("br", 100));

        assertEquals("unsupported content encoding br", refused.reason());
    }
}
